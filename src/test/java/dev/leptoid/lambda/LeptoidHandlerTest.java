package dev.leptoid.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leptoid.config.ConfigLoader;
import dev.leptoid.config.EnvironmentConfig;
import dev.leptoid.config.LeptoidConfig;
import dev.leptoid.source.Series;
import dev.leptoid.testing.AwsQueryServer;
import dev.leptoid.testing.LocalGraphite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The handler in-process, on every file in events/, against the real local Graphite (data written
 * through Carbon first) and the real SDK v2 Auto Scaling client on the loopback Query endpoint.
 */
@Tag("graphite")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LeptoidHandlerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double TARGET = 0.6;
    /** Per environment: instances, requests per second per instance, service time in ms, current desired. */
    private static final Map<String, int[]> LOAD = Map.of("production", new int[] {3, 50, 40, 4}, "staging", new int[] {2, 20, 30, 4},
            "fleet", new int[] {1, 10, 30, 1});
    /** Per environment: its services (the events/ files run production and staging). */
    private static final Map<String, List<String>> SERVICES = Map.of("production", List.of("api"), "staging", List.of("api"),
            "fleet", List.of("echo", "alpha", "delta", "bravo", "charlie"));

    private final String run = "lt" + Long.toString(System.nanoTime(), 36);
    private LocalGraphite graphite;
    private LeptoidConfig config;
    private final java.util.concurrent.atomic.AtomicInteger invocations = new java.util.concurrent.atomic.AtomicInteger();

    @BeforeAll
    void writeTrafficThroughCarbon() throws Exception {
        graphite = LocalGraphite.shared();
        long now = System.currentTimeMillis() / 1000 / 60 * 60;
        List<String> lines = new ArrayList<>();
        for (var e : LOAD.entrySet())
            for (int i = 0; i < e.getValue()[0]; i++)
                for (String service : SERVICES.get(e.getKey()))
                    for (int k = 1; k <= 90; k++) {
                        String base = run + "." + e.getKey() + "." + service + ".i-" + i;
                        lines.add(base + ".rate " + e.getValue()[1] + " " + (now - k * 60));
                        lines.add(base + ".time " + e.getValue()[2] + " " + (now - k * 60));
                    }
        graphite.writePlaintext(lines);
        // Carbon creates the files in no fixed order: wait for every series the runs read
        for (var e : LOAD.entrySet())
            for (int i = 0; i < e.getValue()[0]; i++)
                for (String service : SERVICES.get(e.getKey()))
                    for (String metric : List.of("rate", "time"))
                        graphite.awaitSeries(run + "." + e.getKey() + "." + service + ".i-" + i + "." + metric, now - 91 * 60, now, 90,
                                Duration.ofSeconds(60));
        config = config(run);
    }

    /** The configuration of these tests, publishing under {@code publishPrefix}. */
    private LeptoidConfig config(String publishPrefix) throws Exception {
        return ConfigLoader.parse("""
                graphite: {url: "%s", timeout: 10s}
                carbon: {host: "%s", port: %d}
                publish: {prefix: %s}
                defaults:
                  metrics:
                    arrival_rate: "%s.{environment}.{service}.{instance}.rate"
                    service_time: "%s.{environment}.{service}.{instance}.time"
                    step: 60s
                    lookback: 2h
                  policy: {target_utilization: %s, min_capacity: 1, max_capacity: 50}
                environments:
                  production:
                    mode: act
                    services: {api: {auto_scaling_group: production-api}}
                  staging:
                    mode: act
                    services: {api: {auto_scaling_group: staging-api}}
                  fleet:
                    mode: act
                    services:
                      echo: {auto_scaling_group: fleet-echo}
                      alpha: {auto_scaling_group: fleet-alpha}
                      delta: {auto_scaling_group: fleet-delta}
                      bravo: {auto_scaling_group: fleet-bravo}
                      charlie: {auto_scaling_group: fleet-charlie}
                """.formatted(graphite.baseUri(), graphite.carbonHost(), graphite.carbonPort(), publishPrefix, run, run, TARGET), "test");
    }

    @AfterAll
    void nothingToStop() {
        // LocalGraphite.shared() is stopped by its own shutdown hook
    }

    static AwsQueryServer autoScaling() throws Exception {
        AwsQueryServer aws = AwsQueryServer.autoScaling();
        aws.on("DescribeAutoScalingGroups", r -> {
            String name = r.param("AutoScalingGroupNames.member.1");
            int[] load = LOAD.get(name.substring(0, name.indexOf('-')));
            return aws.result("DescribeAutoScalingGroups", group(name, load[3], load[0]));
        });
        aws.on("DescribeScalingActivities", r -> aws.result("DescribeScalingActivities", "<Activities/>"));
        aws.on("SetDesiredCapacity", r -> aws.empty("SetDesiredCapacity"));
        return aws;
    }

    static String group(String name, int desired, int inService) {
        StringBuilder instances = new StringBuilder();
        for (int i = 0; i < inService; i++)
            instances.append("<member><InstanceId>i-").append(i).append("</InstanceId><LifecycleState>InService</LifecycleState>"
                    + "<HealthStatus>Healthy</HealthStatus><AvailabilityZone>us-east-1a</AvailabilityZone>"
                    + "<ProtectedFromScaleIn>false</ProtectedFromScaleIn></member>");
        return "<AutoScalingGroups><member><AutoScalingGroupName>" + name + "</AutoScalingGroupName><DesiredCapacity>" + desired
                + "</DesiredCapacity><MinSize>1</MinSize><MaxSize>50</MaxSize><DefaultCooldown>300</DefaultCooldown>"
                + "<HealthCheckType>EC2</HealthCheckType><Instances>" + instances + "</Instances><SuspendedProcesses/>"
                + "</member></AutoScalingGroups>";
    }

    static AutoScalingClient client(AwsQueryServer aws) {
        return AutoScalingClient.builder().endpointOverride(aws.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @TestFactory
    Stream<DynamicTest> every_events_file_runs_its_environment_and_returns_the_report() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(Path.of("events"))) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertTrue(files.size() >= 3, "events/ should hold a sample for each schedule shape: " + files);
        return files.stream().map(f -> DynamicTest.dynamicTest("handler runs " + f, () -> invoke(f)));
    }

    private void invoke(Path file) throws Exception {
        byte[] event = Files.readAllBytes(file);
        // each invocation publishes under a prefix of its own, so an earlier invocation's point cannot stand in for this one's
        String prefix = run + "x" + invocations.incrementAndGet();
        LeptoidConfig config = config(prefix);
        ScheduleInput asked = ScheduleInput.parse(event);
        EnvironmentConfig env = config.environment(asked.environment()).orElseThrow();
        EnvironmentConfig.Mode mode = asked.mode().orElse(env.mode());
        int[] load = LOAD.get(asked.environment());
        String groupName = asked.environment() + "-api";
        try (AwsQueryServer aws = autoScaling(); AutoScalingClient asg = client(aws)) {
            LeptoidHandler handler = new LeptoidHandler(config, asg, HttpClient.newHttpClient(), Clock.systemUTC());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            handler.handleRequest(new ByteArrayInputStream(event), out, null);
            JsonNode report = JSON.readTree(out.toString(StandardCharsets.UTF_8));

            assertEquals(asked.environment(), report.get("environment").asText());
            assertEquals(mode.label(), report.get("mode").asText());
            assertEquals(0, report.get("publication_errors").size(), report.toString());
            JsonNode api = report.get("services").get(0);
            assertEquals(groupName, api.get("group").asText());
            assertEquals(load[0], api.get("instances").asInt(), report.toString());
            double offered = load[0] * load[1] * load[2] / 1000.0;
            assertEquals(offered, api.get("basis").get("offered_load").asDouble(), 1e-6, report.toString());
            int needed = (int) Math.ceil(offered / TARGET - 1e-9);
            assertEquals("scale-to", api.get("decision").asText(), report.toString());
            // scale-in is limited to 2 per run or half the surplus
            int expected = needed >= load[3] ? needed : Math.max(needed, load[3] - Math.max(2, (load[3] - needed) / 2));
            assertEquals(expected, api.get("capacity").asInt(), report.toString());

            List<AwsQueryServer.Request> sets = aws.requests("SetDesiredCapacity");
            if (mode == EnvironmentConfig.Mode.ACT) {
                assertTrue(api.get("applied").asBoolean());
                assertEquals(1, sets.size());
                assertEquals(groupName, sets.get(0).param("AutoScalingGroupName"));
                assertEquals(String.valueOf(expected), sets.get(0).param("DesiredCapacity"));
            } else {
                assertFalse(api.get("applied").asBoolean());
                assertEquals(List.of(), sets, "mode " + mode.label() + " must never set capacity");
            }
            long now = System.currentTimeMillis() / 1000;
            Series recommended = graphite.awaitSeries(prefix + "." + asked.environment() + ".api.capacity.recommended",
                    now - 300, now, 1, Duration.ofSeconds(60));
            assertEquals(expected, recommended.valueAt(recommended.lastPresentIndex()), 1e-9);
        }
    }

    @Test
    void an_event_for_an_environment_that_is_not_configured_fails_in_one_line_and_scales_nothing() throws Exception {
        try (AwsQueryServer aws = autoScaling(); AutoScalingClient asg = client(aws)) {
            LeptoidHandler handler = new LeptoidHandler(config, asg, HttpClient.newHttpClient(), Clock.systemUTC());
            BadEventException e = org.junit.jupiter.api.Assertions.assertThrows(BadEventException.class,
                    () -> handler.handle("{\"environment\": \"prod\"}".getBytes(StandardCharsets.UTF_8), null));
            assertEquals("event: environment 'prod' is not configured (configured: fleet, production, staging)", e.getMessage());
            assertEquals(List.of(), aws.requests());
        }
    }

    /** Runs the handler on {@code event}; returns the services of its report and the groups it described. */
    private List<List<String>> covered(String event) throws Exception {
        try (AwsQueryServer aws = autoScaling(); AutoScalingClient asg = client(aws)) {
            LeptoidHandler handler = new LeptoidHandler(config, asg, HttpClient.newHttpClient(), Clock.systemUTC());
            JsonNode report = JSON.readTree(handler.handle(event.getBytes(StandardCharsets.UTF_8), null));
            List<String> services = new ArrayList<>();
            report.get("services").forEach(s -> services.add(s.get("service").asText()));
            List<String> described = aws.requests("DescribeAutoScalingGroups").stream()
                    .map(r -> r.param("AutoScalingGroupNames.member.1")).distinct().sorted().toList();
            return List.of(services, described);
        }
    }

    @Test
    void two_shards_of_an_environment_run_disjoint_services_that_together_are_all_of_them() throws Exception {
        List<List<String>> first = covered("{\"environment\": \"fleet\", \"shard\": \"1/2\"}");
        List<List<String>> second = covered("{\"environment\": \"fleet\", \"shard\": \"2/2\"}");
        // sorted by name, every second one: alpha, charlie, echo | bravo, delta (in the configured order)
        assertEquals(List.of("echo", "alpha", "charlie"), first.get(0));
        assertEquals(List.of("delta", "bravo"), second.get(0));
        // and only their groups were read: a shard never touches another shard's groups
        assertEquals(List.of("fleet-alpha", "fleet-charlie", "fleet-echo"), first.get(1));
        assertEquals(List.of("fleet-bravo", "fleet-delta"), second.get(1));
        List<String> all = new ArrayList<>(first.get(0));
        all.addAll(second.get(0));
        assertEquals(SERVICES.get("fleet").stream().sorted().toList(), all.stream().sorted().toList());
    }

    @Test
    void an_event_naming_services_runs_exactly_those() throws Exception {
        List<List<String>> run = covered("""
                {"source": "aws.events", "detail": {"environment": "fleet", "services": ["delta", "alpha"]}}""");
        assertEquals(List.of("alpha", "delta"), run.get(0));
        assertEquals(List.of("fleet-alpha", "fleet-delta"), run.get(1));
    }

    @Test
    void an_unknown_service_or_a_bad_shard_fails_in_one_line_and_reads_nothing() throws Exception {
        try (AwsQueryServer aws = autoScaling(); AutoScalingClient asg = client(aws)) {
            LeptoidHandler handler = new LeptoidHandler(config, asg, HttpClient.newHttpClient(), Clock.systemUTC());
            BadEventException unknown = org.junit.jupiter.api.Assertions.assertThrows(BadEventException.class, () -> handler.handle(
                    "{\"environment\": \"fleet\", \"services\": [\"alpha\", \"foxtrot\"]}".getBytes(StandardCharsets.UTF_8), null));
            assertEquals("event: service 'foxtrot' is not in environment 'fleet' (services: alpha, bravo, charlie, delta, echo)",
                    unknown.getMessage());
            BadEventException shard = org.junit.jupiter.api.Assertions.assertThrows(BadEventException.class, () -> handler.handle(
                    "{\"environment\": \"fleet\", \"shard\": \"3/2\"}".getBytes(StandardCharsets.UTF_8), null));
            assertEquals("event.shard: '3/2' is not k/n with 1 <= k <= n <= 1000 (e.g. \"2/4\")", shard.getMessage());
            assertEquals(List.of(), aws.requests());
        }
    }
}
