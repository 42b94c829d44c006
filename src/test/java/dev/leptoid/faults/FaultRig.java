package dev.leptoid.faults;

import dev.leptoid.RunReport;
import dev.leptoid.ScalingRun;
import dev.leptoid.app.Assembly;
import dev.leptoid.actuation.AwsClients;
import dev.leptoid.config.ConfigLoader;
import dev.leptoid.config.LeptoidConfig;
import dev.leptoid.lambda.LeptoidHandler;
import dev.leptoid.source.GraphiteAuth;
import dev.leptoid.testing.AutoScalingXml;
import dev.leptoid.testing.AwsQueryServer;
import dev.leptoid.testing.FaultProxy;
import dev.leptoid.testing.LocalGraphite;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.IntToDoubleFunction;

/**
 * What the fault tests stand on: the real Graphite (traffic written through Carbon, read through
 * graphite-web), the real SDK v2 Auto Scaling client against a loopback Query endpoint whose
 * groups a test may change at any moment (also while a run reads), and a run or a Lambda handler
 * wired as production wires them. Every rig has its own metric prefix, so tests never see each
 * other's data.
 */
final class FaultRig implements AutoCloseable {

    static final String ENV = "prod";
    static final double TARGET = 0.6;

    final LocalGraphite graphite = LocalGraphite.shared();
    final String prefix = "f" + Long.toString(System.nanoTime(), 36);
    /** The runs' clock: the minute the rig was made (data is written up to the minute before). */
    final long now = Instant.now().getEpochSecond() / 60 * 60;
    final AwsQueryServer aws;
    final AutoScalingClient client;
    private final Map<String, Group> groups = new ConcurrentHashMap<>();
    private final Map<String, Set<Long>> written = new LinkedHashMap<>();
    private final List<String> lines = new ArrayList<>();

    /** A group as the endpoint describes it; a test may change it at any time. */
    static final class Group {
        volatile int desired, min, max;
        volatile List<String> inService;
        /** The group's {@code <Instances>} as given ({@link AutoScalingXml#instance} members); null: {@link #inService} and one Pending. */
        volatile String instances;
        volatile boolean newInstancesProtected;
        /** One suspended process of the group (with {@link #instances}), null: none. */
        volatile String suspended;
    }

    FaultRig() throws Exception {
        aws = AwsQueryServer.autoScaling();
        client = AwsClients.autoScaling(AwsClients.Settings.defaults(Region.US_EAST_1).withEndpoint(aws.endpoint())
                .withCredentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")))
                .withRetries(2, Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(50)));
        aws.on("DescribeAutoScalingGroups", r -> {
            String name = r.param("AutoScalingGroupNames.member.1");
            Group g = groups.get(name);
            return aws.result("DescribeAutoScalingGroups", g == null ? "<AutoScalingGroups/>"
                    : g.instances != null ? AutoScalingXml.group(name, g.desired, g.min, g.max, g.instances, g.suspended, g.newInstancesProtected)
                    : AutoScalingXml.group(name, g.desired, g.min, g.max, g.inService, null));
        });
        aws.on("DescribeScalingActivities", r -> aws.result("DescribeScalingActivities", "<Activities/>"));
        aws.on("SetDesiredCapacity", r -> {
            groups.get(r.param("AutoScalingGroupName")).desired = Integer.parseInt(r.param("DesiredCapacity"));
            return aws.empty("SetDesiredCapacity");
        });
    }

    /** Adds (or replaces) the group {@code service}-asg with these InService instances. */
    Group group(String service, int desired, int min, int max, String... inService) {
        Group g = new Group();
        g.desired = desired;
        g.min = min;
        g.max = max;
        g.inService = List.of(inService);
        groups.put(service + "-asg", g);
        return g;
    }

    /**
     * Queues one point a minute of {@code metric} ({@code rate} in requests per second or {@code time}
     * in ms) for an instance, from {@code fromMinutesAgo} up to {@code untilMinutesAgo} (1 = the
     * minute before now), each value given by its minutes ago.
     */
    FaultRig series(String service, String instance, String metric, int fromMinutesAgo, int untilMinutesAgo,
                    IntToDoubleFunction valueAt) {
        String path = prefix + "." + ENV + "." + service + "." + instance + "." + metric;
        Set<Long> times = written.computeIfAbsent(path, p -> new HashSet<>());
        for (int m = fromMinutesAgo; m >= untilMinutesAgo; m--) {
            lines.add(path + " " + valueAt.applyAsDouble(m) + " " + (now - 60L * m)); // a later line for the same minute wins
            times.add(now - 60L * m);
        }
        return this;
    }

    /** An instance serving {@code rate} requests per second of {@code ms} each over the last {@code minutes}, up to {@code untilMinutesAgo}. */
    FaultRig instance(String service, String instance, double rate, double ms, int minutes, int untilMinutesAgo) {
        series(service, instance, "rate", minutes, untilMinutesAgo, m -> rate);
        return series(service, instance, "time", minutes, untilMinutesAgo, m -> ms);
    }

    /** Writes what was queued through Carbon, without waiting for graphite-web to serve it. */
    void send() {
        graphite.writePlaintext(lines);
        lines.clear();
    }

    /** Writes what was queued through Carbon and waits until graphite-web serves every point of it. */
    void publish() {
        send();
        for (Map.Entry<String, Set<Long>> e : written.entrySet())
            graphite.awaitSeries(e.getKey(), now - 3 * 3600, now, e.getValue().size(), Duration.ofSeconds(90));
    }

    /**
     * A proxy in front of the real graphite-web that runs {@code change} while it answers the first
     * request through it: someone acting on the world while a run is reading Graphite.
     */
    FaultProxy graphiteWhile(String what, Runnable change) throws IOException {
        FaultProxy proxy = FaultProxy.start(graphite.baseUri());
        proxy.next(1, new FaultProxy.Fault.Rewrite(what, body -> {
            change.run();
            return body;
        }));
        return proxy;
    }

    /** The configuration: arrival rate x service time per instance, 2 h of minutes, the given services in act mode. */
    LeptoidConfig config(URI graphiteUrl, String... services) throws Exception {
        return ConfigLoader.parse(yaml(graphiteUrl, graphite.carbonPort(), services), "faults.yaml");
    }

    /** {@link #config} as YAML text, with Carbon's plaintext port {@code carbonPort}. */
    String yaml(URI graphiteUrl, int carbonPort, String... services) {
        StringBuilder svc = new StringBuilder();
        for (String s : services) svc.append("      ").append(s).append(": {auto_scaling_group: ").append(s).append("-asg}\n");
        return """
                graphite: {url: "%s", timeout: 60s, attempts: 1}
                carbon: {host: "%s", port: %d}
                publish: {prefix: %s}
                defaults:
                  metrics:
                    arrival_rate: "%s.{environment}.{service}.{instance}.rate"
                    service_time: "%s.{environment}.{service}.{instance}.time"
                    step: 1m
                    lookback: 2h
                  policy: {target_utilization: %s, min_capacity: 1, max_capacity: 20}
                environments:
                  %s:
                    mode: act
                    services:
                %s""".formatted(graphiteUrl, graphite.carbonHost(), carbonPort, prefix + "pub", prefix, prefix,
                TARGET, ENV, svc);
    }

    LeptoidConfig config(String... services) throws Exception {
        return config(graphite.baseUri(), services);
    }

    Clock clock() { return Clock.fixed(Instant.ofEpochSecond(now), ZoneOffset.UTC); }

    /** A run assembled as the CLI assembles it, over {@code config}'s Graphite. */
    ScalingRun scalingRun(LeptoidConfig config) throws Exception {
        return Assembly.assemble(config, GraphiteAuth.fromEnvironment(config.graphite().auth(), System::getenv),
                new Assembly.Aws(client, () -> null), new Assembly.ToGraphite(), System.err, clock()).run();
    }

    RunReport run(LeptoidConfig config) throws Exception {
        return scalingRun(config).run(config.environment(ENV).orElseThrow());
    }

    LeptoidHandler handler(LeptoidConfig config) {
        return new LeptoidHandler(config, client, HttpClient.newHttpClient(), clock());
    }

    /** Auto Scaling answers {@code action} for {@code group} only after 3 minutes, and as before for other groups. */
    void neverAnswers(String action, String group) {
        Function<AwsQueryServer.Request, AwsQueryServer.Answer> before = aws.handler(action);
        aws.on(action, r -> {
            if (group.equals(r.param("AutoScalingGroupName"))) {
                try {
                    Thread.sleep(Duration.ofMinutes(3).toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return before.apply(r);
        });
    }

    /** Desired capacities leptoid set, in order. */
    List<String> sets() {
        return aws.requests("SetDesiredCapacity").stream()
                .map(r -> r.param("AutoScalingGroupName") + "=" + r.param("DesiredCapacity")).toList();
    }

    @Override
    public void close() {
        client.close();
        aws.close();
    }
}
