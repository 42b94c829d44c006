package dev.leptoid.bench;

import dev.leptoid.RunReport;
import dev.leptoid.app.Assembly;
import dev.leptoid.config.ConfigLoader;
import dev.leptoid.config.EnvironmentConfig;
import dev.leptoid.config.LeptoidConfig;
import dev.leptoid.source.GraphiteAuth;
import dev.leptoid.testing.AutoScalingXml;
import dev.leptoid.testing.AwsQueryServer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Whole-run scale benchmark (issue 16.4), not a test: one environment of SERVICES services x
 * INSTANCES instances with 7 days of 1-minute history, served as graphite-web /render JSON by
 * {@link RenderStub} in its own JVM over loopback HTTP, through the real {@link Assembly} and
 * {@code ScalingRun} (mode act) with the real SDK v2 Auto Scaling client against the loopback
 * {@link AwsQueryServer}, publishing to the stub's loopback Carbon. Prints, per run, wall time,
 * this JVM's CPU time (all its threads: leptoid, JIT, GC and the small in-process AWS endpoint)
 * and the peak heap (sum of the heap pools' peaks since the run began).
 *
 * <p>usage (see docs/benchmarks.md): java -Xmx512m -cp ... dev.leptoid.bench.WholeRunBenchmark
 * [SERVICES=50] [INSTANCES=20] [cold|warm] [RUNS=3]. {@code cold}: no offered-load history yet, every
 * run reads 7 days of every instance; {@code warm}: leptoid's history series are there, so a run
 * reads per-instance series only for its recent window.
 */
public final class WholeRunBenchmark {

    public static void main(String[] args) throws Exception {
        int services = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int instances = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        String history = args.length > 2 ? args[2] : "cold";
        int runs = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        String refit = args.length > 4 ? args[4] : "1h"; // forecast.refit_interval: 0 = a fit at every run
        String root = "bench";
        // as in RenderStub: the in-process AWS endpoint answers without waiting on delayed ACKs
        System.setProperty("sun.net.httpserver.nodelay", "true");

        String java = ProcessHandle.current().info().command().orElse("java");
        Process stub = new ProcessBuilder(java, "-Xmx2g", "-cp", System.getProperty("java.class.path"),
                RenderStub.class.getName(), root, String.valueOf(instances), history)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader stubOut = new BufferedReader(new InputStreamReader(stub.getInputStream(), StandardCharsets.UTF_8));
        String[] ports = stubOut.readLine().split(" ");

        List<String> ids = IntStream.range(0, instances).mapToObj(i -> "i-" + i).toList();
        try (AwsQueryServer aws = AwsQueryServer.autoScaling();
             AutoScalingClient asg = AutoScalingClient.builder().endpointOverride(aws.endpoint()).region(Region.US_EAST_1)
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "not-a-secret")))
                     .httpClient(UrlConnectionHttpClient.create()).build()) {
            aws.on("DescribeAutoScalingGroups", r -> aws.result("DescribeAutoScalingGroups",
                    AutoScalingXml.group(r.param("AutoScalingGroupNames.member.1"), instances, 1, 200, ids, null)));
            aws.on("DescribeScalingActivities", r -> aws.result("DescribeScalingActivities", "<Activities/>"));
            aws.on("SetDesiredCapacity", r -> aws.empty("SetDesiredCapacity"));

            StringBuilder yaml = new StringBuilder("""
                    graphite: {url: "http://127.0.0.1:%s/", timeout: 60s}
                    carbon: {host: 127.0.0.1, port: %s}
                    publish: {prefix: leptoid}
                    defaults:
                      metrics:
                        arrival_rate: "%s.{environment}.{service}.{instance}.rate"
                        service_time: "%s.{environment}.{service}.{instance}.time"
                        step: 1m
                        lookback: 7d
                      policy: {target_utilization: 0.6, min_capacity: 1, max_capacity: 200}
                      forecast: {refit_interval: %s}
                    environments:
                      big:
                        mode: act
                        services:
                    """.formatted(ports[1], ports[3], root, root, refit));
            for (int s = 0; s < services; s++)
                yaml.append("      s").append(String.format(Locale.ROOT, "%03d", s)).append(": {auto_scaling_group: big-s")
                        .append(String.format(Locale.ROOT, "%03d", s)).append("}\n");
            LeptoidConfig config = ConfigLoader.parse(yaml.toString(), "bench");
            EnvironmentConfig env = config.environment("big").orElseThrow();

            PrintStream decisions = new PrintStream(OutputStream.nullOutputStream());
            Assembly assembly = Assembly.assemble(config, GraphiteAuth.NONE, new Assembly.Aws(asg, () -> null),
                    new Assembly.ToGraphite(), decisions, Clock.systemUTC());
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            List<MemoryPoolMXBean> heap = new ArrayList<>();
            for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) if (p.getType() == MemoryType.HEAP) heap.add(p);
            System.out.printf(Locale.ROOT, "%d services x %d instances = %d instances, 7 days of 1-minute points, history %s, refit %s, -Xmx%d MB, %d CPUs%n",
                    services, instances, services * instances, history, refit, Runtime.getRuntime().maxMemory() >> 20,
                    Runtime.getRuntime().availableProcessors());
            for (int run = 1; run <= runs; run++) {
                System.gc();
                heap.forEach(MemoryPoolMXBean::resetPeakUsage);
                long gcBefore = gcMillis();
                long cpu0 = os.getProcessCpuTime();
                long t0 = System.nanoTime();
                RunReport report = assembly.run().run(env, EnvironmentConfig.Mode.ACT, null);
                long wall = System.nanoTime() - t0;
                long cpu = os.getProcessCpuTime() - cpu0;
                long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
                System.out.printf(Locale.ROOT, "run %d: wall %.2f s, CPU %.2f s, peak heap %d MB, GC %d ms; %d services, %d actions, "
                                + "%d holds, %d errors, %d cut%n", run, wall / 1e9, cpu / 1e9, peak >> 20, gcMillis() - gcBefore,
                        report.services().size(), report.actions(), report.holds(), report.errors(), report.cut());
            }
        } finally {
            stub.getOutputStream().close();
            String line = stubOut.readLine();
            if (line != null) System.out.println(line);
            stub.waitFor();
        }
    }

    private static long gcMillis() {
        long t = 0;
        for (GarbageCollectorMXBean g : ManagementFactory.getGarbageCollectorMXBeans()) t += Math.max(0, g.getCollectionTime());
        return t;
    }
}
