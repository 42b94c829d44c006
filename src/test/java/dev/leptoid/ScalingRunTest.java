package dev.leptoid;

import dev.leptoid.actuation.SimulatedAutoScaling;
import dev.leptoid.config.EnvironmentConfig;
import dev.leptoid.config.MetricsConfig;
import dev.leptoid.config.ServiceConfig;
import dev.leptoid.decision.CapacityDecision;
import dev.leptoid.decision.CapacityPolicy;
import dev.leptoid.config.PolicySettings;
import dev.leptoid.forecast.AutoForecaster;
import dev.leptoid.forecast.Forecast;
import dev.leptoid.forecast.LastValueForecaster;
import dev.leptoid.publication.DirectorySink;
import dev.leptoid.simulation.MutableClock;
import dev.leptoid.simulation.RecordedMetrics;
import dev.leptoid.source.MetricSource;
import dev.leptoid.source.Series;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScalingRunTest {

    static final long STEP = 60;
    static final long START = 1_700_000_000L / STEP * STEP;
    static final PolicySettings POLICY = new PolicySettings(0.5, Duration.ofMinutes(5), Duration.ofMinutes(5), 90,
            Duration.ofMinutes(15), 2, 1, 20, Duration.ofMinutes(10));

    @TempDir Path dir;
    RecordedMetrics metrics;
    MutableClock clock;
    SimulatedAutoScaling asg;
    DirectorySink sink;

    @BeforeEach
    void setUp() throws IOException {
        metrics = new RecordedMetrics(START, STEP);
        clock = new MutableClock(Instant.ofEpochSecond(START));
        asg = new SimulatedAutoScaling(clock, Duration.ofMinutes(3), Duration.ofMinutes(2));
        sink = new DirectorySink(dir);
    }

    static ServiceConfig service(String name, String group) {
        MetricsConfig m = new MetricsConfig(Optional.of("nginx.{environment}.{service}.{instance}.rps"),
                MetricsConfig.RateUnit.PER_SECOND, Optional.of("nginx.{environment}.{service}.{instance}.time_ms"),
                MetricsConfig.TimeUnit.MILLISECONDS, Optional.empty(), MetricsConfig.UtilizationUnit.PERCENT, 3,
                Duration.ofSeconds(STEP), Duration.ofHours(2));
        return new ServiceConfig(name, group, m, POLICY);
    }

    /** Writes {@code points} minutes of steady traffic for {@code instances} instances of a service. */
    void traffic(String service, int instances, double rps, double timeMs, int points) {
        for (int k = 0; k < instances; k++)
            for (int i = 0; i < points; i++) {
                metrics.put("nginx.prod." + service + ".i-" + k + ".rps", START + i * STEP, rps);
                metrics.put("nginx.prod." + service + ".i-" + k + ".time_ms", START + i * STEP, timeMs);
            }
    }

    ScalingRun run() {
        return new ScalingRun(metrics, new LastValueForecaster(), new CapacityPolicy(), asg, sink, sink, "leptoid", clock);
    }

    /**
     * The run object keeps each service's fit until the next refit boundary (a warm Lambda
     * container), and what it decides is exactly what a new one decides on the same data (a cold
     * container, the CLI): the fit depends on the history up to the boundary only.
     */
    @Test
    void a_kept_fit_is_carried_forward_until_the_next_hour_and_decides_as_a_new_run_does() throws Exception {
        asg.addGroup("api-asg", 4, 1, 20);
        for (int k = 0; k < 3; k++)
            for (int i = 0; i < 250; i++) {
                double rps = 8 + 4 * Math.sin(2 * Math.PI * i / 97.0) + (i * 7919 % 13) / 13.0;
                metrics.put("nginx.prod.api.i-" + k + ".rps", START + i * STEP, rps);
                metrics.put("nginx.prod.api.i-" + k + ".time_ms", START + i * STEP, 100);
            }
        EnvironmentConfig env = new EnvironmentConfig("prod", EnvironmentConfig.Mode.DRY_RUN, List.of(service("api", "api-asg")));
        // the offered-load history leptoid publishes is read back, as from Graphite: the forecaster sees the whole look-back
        var published = metrics.echoing(sink);
        ScalingRun warm = new ScalingRun(metrics, new AutoForecaster(), new CapacityPolicy(), asg, published, sink, "leptoid", clock);
        for (long minute = 60; minute < 180; minute += 5) { // earlier runs: the published history fills the look-back
            clock.set(Instant.ofEpochSecond(START + minute * STEP));
            new ScalingRun(metrics, new LastValueForecaster(), new CapacityPolicy(), asg, published, sink, "leptoid", clock).run(env);
        }
        int runs = 0;
        for (long minute = 180; minute <= 245; minute += 5, runs++) { // crosses one whole hour (START is 13 min past one)
            clock.set(Instant.ofEpochSecond(START + minute * STEP));
            ServiceOutcome w = warm.run(env).services().get(0);
            ServiceOutcome cold = new ScalingRun(metrics, new AutoForecaster(), new CapacityPolicy(), asg, published, sink, "leptoid", clock)
                    .run(env).services().get(0);
            Forecast fw = assertInstanceOf(Forecast.class, w.forecast(), "minute " + minute);
            assertArrayEquals(cold.forecast().mean(), fw.mean(), "minute " + minute);
            assertArrayEquals(cold.forecast().upper(), fw.upper(), "minute " + minute);
            assertEquals(cold.decision(), w.decision(), "minute " + minute);
        }
        assertEquals(2, warm.refits().fits(), "the first run and the first after the hour");
        assertEquals(runs - 2, warm.refits().carried());
    }

    /**
     * Right after a scale-in the terminated instance's series just ends; the group, read with the data,
     * no longer lists it, so its missing newest minutes are not "late" and the run decides on the newest
     * minute instead of waiting five minutes to tell late from stopped.
     */
    @Test
    void an_instance_the_group_no_longer_lists_does_not_hold_back_the_newest_minutes() throws Exception {
        asg.addGroup("api-asg", 2, 1, 20); // lists i-00000 and i-00001
        for (int k = 0; k < 3; k++)
            for (int i = 0; i < (k == 2 ? 58 : 60); i++) { // i-00002 was scaled in two minutes ago
                metrics.put("nginx.prod.api." + SimulatedAutoScaling.slotId(k) + ".rps", START + i * STEP, 6);
                metrics.put("nginx.prod.api." + SimulatedAutoScaling.slotId(k) + ".time_ms", START + i * STEP, 100);
            }
        clock.set(Instant.ofEpochSecond(START + 60 * STEP));
        ServiceOutcome o = run().run(new EnvironmentConfig("prod", EnvironmentConfig.Mode.DRY_RUN,
                List.of(service("api", "api-asg")))).services().get(0);
        assertEquals(START + 59 * STEP, o.forecastOrigin(), "the newest minute, not the last one i-00002 reported");
        var d = assertInstanceOf(CapacityDecision.ScaleTo.class, o.decision());
        assertEquals(60, d.basis().dataAgeSeconds());
        assertEquals(1.2, d.basis().offeredLoad(), 1e-9, "two instances at 0.6 now");
    }

    /**
     * Graphite answers a read reaching back more than 90 minutes from a 5-minute archive (its finest archive
     * keeps minutes for 90 minutes only): the run forecasts from what is served at the step, and its decision
     * says so, instead of holding on every run.
     */
    @Test
    void a_look_back_graphite_serves_only_coarser_is_shortened_and_the_decision_says_so() throws Exception {
        asg.addGroup("api-asg", 2, 1, 20);
        traffic("api", 2, 9, 100, 130);
        clock.set(Instant.ofEpochSecond(START + 130 * STEP));
        MetricSource coarseFurtherBack = (target, from, until) -> {
            List<Series> found = metrics.fetch(target, from, until);
            if (until.getEpochSecond() - from.getEpochSecond() <= 90 * STEP) return found;
            return found.stream().map(x -> { // every fifth minute stands for its five: a 300 s archive
                double[] v = new double[x.size() / 5];
                for (int i = 0; i < v.length; i++) v[i] = x.valueAt(5 * i);
                return new Series(x.name(), x.start(), 5 * STEP, v);
            }).toList();
        };
        EnvironmentConfig env = new EnvironmentConfig("prod", EnvironmentConfig.Mode.DRY_RUN, List.of(service("api", "api-asg")));
        ServiceOutcome o = new ScalingRun(coarseFurtherBack, new LastValueForecaster(), new CapacityPolicy(), asg, sink, sink,
                "leptoid", clock).run(env).services().get(0);
        var d = assertInstanceOf(CapacityDecision.ScaleTo.class, o.decision());
        assertEquals(4, d.capacity(), "decided on the minutes served: " + d.reasons());
        assertTrue(d.reasons().stream().anyMatch(r -> r.contains("at the 60s step only over the last ~1.30 h")
                && r.contains("forecasting from 1.30 h instead of the 2.00 h look-back")), d.reasons().toString());
    }

    @Test
    void scales_out_when_instances_run_hotter_than_the_target() throws Exception {
        asg.addGroup("api-asg", 2, 1, 20);
        traffic("api", 2, 9, 100, 60); // U = 9/s x 0.1 s = 0.9 per instance, A = 1.8 Erlangs
        clock.set(Instant.ofEpochSecond(START + 60 * STEP));
        RunReport r = run().run(new EnvironmentConfig("prod", EnvironmentConfig.Mode.ACT, List.of(service("api", "api-asg"))));
        var d = assertInstanceOf(CapacityDecision.ScaleTo.class, r.services().get(0).decision());
        assertEquals(4, d.capacity(), "1.8 Erlangs at 50 % needs 4: " + d.reasons());
        assertTrue(r.services().get(0).applied());
        assertEquals(4, asg.describe("api-asg").desired());
        assertEquals(1.8, d.basis().offeredLoad(), 1e-9);
    }

    @Test
    void dry_run_decides_but_never_sets_the_group() throws Exception {
        asg.addGroup("api-asg", 2, 1, 20);
        traffic("api", 2, 9, 100, 60);
        clock.set(Instant.ofEpochSecond(START + 60 * STEP));
        RunReport r = run().run(new EnvironmentConfig("prod", EnvironmentConfig.Mode.DRY_RUN, List.of(service("api", "api-asg"))));
        assertEquals(4, ((CapacityDecision.ScaleTo) r.services().get(0).decision()).capacity());
        assertFalse(r.services().get(0).applied());
        assertEquals(2, asg.describe("api-asg").desired());
        assertEquals(0, asg.actions("api-asg"));
    }

    @Test
    void holds_when_the_data_stops_twenty_minutes_before_now_even_if_load_is_low() throws Exception {
        asg.addGroup("api-asg", 8, 1, 20);
        traffic("api", 8, 1, 10, 60); // nearly idle: would scale in if the data were fresh
        clock.set(Instant.ofEpochSecond(START + 80 * STEP));
        RunReport r = run().run(new EnvironmentConfig("prod", EnvironmentConfig.Mode.ACT, List.of(service("api", "api-asg"))));
        var hold = assertInstanceOf(CapacityDecision.Hold.class, r.services().get(0).decision());
        assertEquals(CapacityDecision.HoldReason.STALE_DATA, hold.code());
        assertTrue(hold.detail().contains("21 min before now (limit 10 min"), hold.detail());
        assertEquals(8, asg.describe("api-asg").desired());
        assertTrue(Files.readString(sink.eventsFile()).contains("hold api: stale-data"));
    }

    @Test
    void an_unknown_group_holds_that_service_and_the_others_still_act() throws Exception {
        asg.addGroup("web-asg", 2, 1, 20);
        traffic("api", 2, 9, 100, 60);
        traffic("web", 2, 9, 100, 60);
        clock.set(Instant.ofEpochSecond(START + 60 * STEP));
        RunReport r = run().run(new EnvironmentConfig("prod", EnvironmentConfig.Mode.ACT,
                List.of(service("api", "missing-asg"), service("web", "web-asg"))));
        var hold = assertInstanceOf(CapacityDecision.Hold.class, r.services().get(0).decision());
        assertEquals(CapacityDecision.HoldReason.GROUP_UNKNOWN, hold.code());
        assertEquals(4, asg.describe("web-asg").desired());
        assertEquals(1, r.holds());
        assertEquals(1, r.actions());
    }

    @Test
    void a_service_with_no_series_holds_with_a_one_line_reason() throws Exception {
        asg.addGroup("api-asg", 5, 1, 20);
        clock.set(Instant.ofEpochSecond(START + 60 * STEP));
        RunReport r = run().run(new EnvironmentConfig("prod", EnvironmentConfig.Mode.ACT, List.of(service("api", "api-asg"))));
        var hold = assertInstanceOf(CapacityDecision.Hold.class, r.services().get(0).decision());
        assertEquals(CapacityDecision.HoldReason.INSUFFICIENT_DATA, hold.code());
        assertFalse(hold.detail().contains("\n"));
        assertEquals(5, asg.describe("api-asg").desired());
    }

    @Test
    void publishes_horizon_series_at_the_forecast_origin_and_the_decision() throws Exception {
        asg.addGroup("api-asg", 2, 1, 20);
        traffic("api", 2, 9, 100, 60);
        long now = START + 60 * STEP;
        clock.set(Instant.ofEpochSecond(now));
        run().run(new EnvironmentConfig("prod", EnvironmentConfig.Mode.ACT, List.of(service("api", "api-asg"))));
        List<String> lines = Files.readAllLines(sink.metricsFile());
        long origin = START + 59 * STEP;
        assertTrue(lines.contains("leptoid.prod.api.forecast.h1.mean 1.8 " + origin), String.join("\n", lines.subList(0, 5)));
        assertTrue(lines.contains("leptoid.prod.api.forecast.path.mean 1.8 " + (origin + 12 * STEP)));
        assertTrue(lines.contains("leptoid.prod.api.capacity.recommended 4 " + now));
        assertTrue(lines.contains("leptoid.prod.api.decision.code 1 " + now));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("leptoid.prod.run.duration_ms ")));
    }
}
