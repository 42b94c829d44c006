package dev.leptoid.model;

import dev.leptoid.config.ConfigLoader;
import dev.leptoid.config.ServiceConfig;
import dev.leptoid.decision.CapacityPolicy;
import dev.leptoid.simulation.RecordedMetrics;
import dev.leptoid.source.MetricSource;
import dev.leptoid.source.Series;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoadHistoryTest {

    private static final long STEP = 60;
    private static final long NOW = 1_700_000_000L / STEP * STEP;

    private static ServiceConfig service() throws Exception {
        return ConfigLoader.parse("""
                environments:
                  prod:
                    defaults:
                      metrics:
                        arrival_rate: "nginx.{environment}.{service}.{instance}.rps"
                        service_time: "nginx.{environment}.{service}.{instance}.time_ms"
                        step: 1m
                        lookback: 7d
                    services:
                      api: {auto_scaling_group: api-asg}
                """, "points.yaml").environment("prod").orElseThrow().services().get(0);
    }

    /** Reads the history from one store and the instances from another (each on its own grid), counting the points answered. */
    private static final class Counting implements MetricSource {
        final RecordedMetrics history, instances;
        long points;
        int historyRequests;

        Counting(RecordedMetrics history, RecordedMetrics instances) {
            this.history = history;
            this.instances = instances;
        }

        @Override public List<Series> fetch(String target, Instant from, Instant until) {
            boolean stored = target.contains("." + LoadHistory.NODE + ".");
            if (stored) historyRequests++;
            List<Series> found = (stored ? history : instances).fetch(target, from, until);
            for (Series s : found) points += s.size();
            return found;
        }
    }

    @Test
    void a_thousand_instance_service_with_a_week_of_history_reads_under_200_000_points_per_run() throws Exception {
        ServiceConfig s = service();
        Duration recent = LoadHistory.recentWindow(s, CapacityPolicy.SERVICE_TIME_WINDOW);
        RecordedMetrics history = new RecordedMetrics(NOW - Duration.ofDays(7).toSeconds(), STEP);
        String base = LoadHistory.base("leptoid", "prod", "api", s.metrics());
        for (long t = NOW - Duration.ofDays(7).toSeconds(); t < NOW; t += STEP) history.put(base + ".offered_load", t, 50);
        RecordedMetrics instances = new RecordedMetrics(NOW - 2 * 3600, STEP);
        for (int k = 0; k < 1000; k++)
            for (long t = NOW - 2 * 3600; t < NOW; t += STEP) {
                instances.put("nginx.prod.api.i-" + k + ".rps", t, 10);
                instances.put("nginx.prod.api.i-" + k + ".time_ms", t, 5);
            }
        Counting source = new Counting(history, instances);

        LoadHistory.Reading r = new LoadHistory(source, "leptoid").read("prod", s, Instant.ofEpochSecond(NOW), recent);

        assertEquals(0, r.repaired(), r.view().problems().toString());
        long expected = 10_080 + 2 * 1000 * recent.toSeconds() / STEP;
        assertEquals(expected, source.points, "the history over the look-back (no unknown steps: that series is empty),"
                + " two series per instance over the recent window");
        assertTrue(source.points < 200_000, source.points + " points");
        assertEquals(1, source.historyRequests, "the load and its unknown steps in one request");
        Series load = r.view().offeredLoad();
        assertEquals(10_080, load.size());
        assertEquals(50, load.valueAt(0), 0.0, "the oldest load from the history");
        assertEquals(1000 * 10 * 0.005, load.valueAt(load.size() - 1), 1e-9, "the newest load from the instances");
    }
}
