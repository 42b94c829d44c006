package dev.leptoid.lambda;

import dev.leptoid.RunReport;
import dev.leptoid.ScalingRun;
import dev.leptoid.actuation.SimulatedAutoScaling;
import dev.leptoid.app.Assembly;
import dev.leptoid.config.ConfigException;
import dev.leptoid.config.ConfigLoader;
import dev.leptoid.config.EnvironmentConfig;
import dev.leptoid.config.LeptoidConfig;
import dev.leptoid.decision.CapacityPolicy;
import dev.leptoid.publication.MetricSink;
import dev.leptoid.source.GraphiteAuth;
import dev.leptoid.source.MetricSource;
import dev.leptoid.source.Series;
import dev.leptoid.source.SourceException;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the hot path once before a SnapStart snapshot so the classes it needs are loaded and
 * initialised in the snapshot: event parsing, configuration, the whole pipeline over synthetic
 * in-memory data (forecast-only, nothing leaves the process), the report's JSON, and then one
 * read-only call each to Auto Scaling and Graphite so the SDK's and HTTP client's paths are warm.
 * Never scales anything and never fails the snapshot: the network calls' errors are ignored.
 */
final class Priming {

    private static final String CONFIG = """
            graphite: {url: "http://127.0.0.1:9"}
            environments:
              prime:
                mode: forecast-only
                services:
                  web:
                    auto_scaling_group: leptoid-prime
                    metrics: {arrival_rate: "prime.{instance}.rate", service_time: "prime.{instance}.time", step: 60s, lookback: 3h}
            """;

    private Priming() {}

    /** Returns a one-line summary for the log. */
    static String prime(LambdaClients clients) {
        long t0 = System.nanoTime();
        ScheduleInput.parse("{\"environment\": \"prime\", \"mode\": \"forecast-only\"}".getBytes(StandardCharsets.UTF_8));
        ScheduleInput.parse(("{\"version\": \"0\", \"detail-type\": \"Scheduled Event\", \"source\": \"aws.events\","
                + " \"resources\": [], \"detail\": {\"environment\": \"prime\"}}").getBytes(StandardCharsets.UTF_8));
        RunReport report = inMemoryRun();
        int bytes = report.toJson().length();
        String aws = "ok", graphite = "ok";
        try {
            clients.autoScaling().describeAutoScalingGroups(b -> b.maxRecords(1));
        } catch (RuntimeException e) {
            aws = e.getClass().getSimpleName();
        }
        try {
            Instant now = Instant.now();
            LeptoidConfig.Graphite d = LeptoidConfig.Graphite.DEFAULTS; // one attempt at a closed port: warms the HTTP path
            LeptoidConfig.Graphite nowhere = new LeptoidConfig.Graphite(URI.create("http://127.0.0.1:9"), Duration.ofSeconds(1),
                    Duration.ofSeconds(1), 1, Duration.ZERO, d.maxPoints(), d.maxBytes(), d.auth());
            Assembly.source(nowhere, GraphiteAuth.NONE, Assembly.graphiteHttp(nowhere))
                    .fetch("leptoid.prime.none", now.minusSeconds(600), now);
        } catch (SourceException | RuntimeException e) {
            graphite = e.getClass().getSimpleName();
        }
        return "primed in " + (System.nanoTime() - t0) / 1_000_000 + " ms (report " + bytes + " chars, auto scaling "
                + aws + ", graphite " + graphite + ")";
    }

    static RunReport inMemoryRun() {
        EnvironmentConfig env;
        try {
            env = ConfigLoader.parse(CONFIG, "priming").environment("prime").orElseThrow();
        } catch (ConfigException e) {
            throw new IllegalStateException(e.getMessage());
        }
        Instant now = Instant.ofEpochSecond(1_700_000_000L);
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        SimulatedAutoScaling groups = new SimulatedAutoScaling(clock, Duration.ofMinutes(3), Duration.ofMinutes(2));
        groups.addGroup("leptoid-prime", 2, 1, 10);
        MetricSource synthetic = (target, from, until) -> {
            if (!target.contains("*")) return List.of(); // no offered-load history yet: the run bootstraps it
            long step = 60;
            int n = (int) ((until.getEpochSecond() - from.getEpochSecond()) / step);
            List<Series> out = new ArrayList<>();
            for (int i = 1; i <= 2; i++) {
                double[] v = new double[n];
                for (int k = 0; k < n; k++)
                    v[k] = target.endsWith("rate") ? 20 + 5 * Math.sin(k / 10.0 + i) : 30 + i;
                out.add(new Series(target.replace("*", "i-" + i), from.getEpochSecond(), step, v));
            }
            return out;
        };
        ScalingRun run = new ScalingRun(synthetic, Assembly.forecaster(), new CapacityPolicy(), groups,
                MetricSink.DISCARD, (what, tags, data, when, within) -> null, "leptoid", clock);
        return run.run(env);
    }
}
