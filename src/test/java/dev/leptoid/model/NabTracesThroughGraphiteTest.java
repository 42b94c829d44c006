package dev.leptoid.model;

import dev.leptoid.config.MetricsConfig;
import dev.leptoid.config.ServiceConfig;
import dev.leptoid.config.PolicySettings;
import dev.leptoid.source.GraphiteRenderSource;
import dev.leptoid.source.Series;
import dev.leptoid.testing.LocalGraphite;
import dev.leptoid.testing.NabTrace;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real NAB CloudWatch traces, written through Carbon into a real Graphite as the instances of a
 * service (shifted to end just before now: whisper drops points older than its retention), read
 * back through graphite-web's /render by the production reader, and compared point by point
 * with the files.
 */
@Tag("graphite")
class NabTracesThroughGraphiteTest {

    private static final long STEP = 300;
    private static final int LOOKBACK_STEPS = 4032; // 14 days
    private static final Map<String, NabTrace> CPU = new LinkedHashMap<>();
    private static final Map<String, NabTrace[]> QUEUE = new LinkedHashMap<>(); // instance -> {requests per 5 min, time in ms}
    private static LocalGraphite graphite;
    private static String env;
    private static long now, until, last, from;

    @BeforeAll
    static void load() {
        graphite = LocalGraphite.shared();
        env = "nab" + Long.toString(System.nanoTime(), 36);
        now = Instant.now().getEpochSecond();
        until = now / STEP * STEP;
        last = until - STEP;
        from = until - LOOKBACK_STEPS * STEP;
        CPU.put("i-5f5533", NabTrace.load("realAWSCloudwatch/ec2_cpu_utilization_5f5533.csv"));
        CPU.put("i-825cc2", NabTrace.load("realAWSCloudwatch/ec2_cpu_utilization_825cc2.csv")); // two missing points
        CPU.put("i-fe7f93", NabTrace.load("realAWSCloudwatch/ec2_cpu_utilization_fe7f93.csv"));
        NabTrace requests = NabTrace.load("realAWSCloudwatch/elb_request_count_8c0756.csv"); // eight missing points
        QUEUE.put("i-q1", new NabTrace[]{requests, NabTrace.load("realAWSCloudwatch/rds_cpu_utilization_e47b3b.csv")});
        QUEUE.put("i-q2", new NabTrace[]{requests, NabTrace.load("realAWSCloudwatch/rds_cpu_utilization_cc0c53.csv")});
        List<String> lines = new ArrayList<>();
        CPU.forEach((id, t) -> lines.addAll(t.plaintext(env + ".web." + id + ".cpu", last)));
        QUEUE.forEach((id, t) -> {
            lines.addAll(t[0].plaintext("nginx." + env + ".api." + id + ".requests", last));
            lines.addAll(t[1].plaintext("nginx." + env + ".api." + id + ".time_ms", last));
        });
        for (int i = 0; i < lines.size(); i += 5000) graphite.writePlaintext(lines.subList(i, Math.min(lines.size(), i + 5000)));
        CPU.forEach((id, t) -> graphite.awaitSeries(env + ".web." + id + ".cpu", from - 1, until, present(t), Duration.ofSeconds(60)));
        QUEUE.forEach((id, t) -> {
            graphite.awaitSeries("nginx." + env + ".api." + id + ".requests", from - 1, until, present(t[0]), Duration.ofSeconds(60));
            graphite.awaitSeries("nginx." + env + ".api." + id + ".time_ms", from - 1, until, present(t[1]), Duration.ofSeconds(60));
        });
    }

    /** Points of {@code t} inside the look-back window once shifted. */
    private static int present(NabTrace t) {
        int n = 0;
        for (int i = 0; i < t.size(); i++) if (t.shiftedTime(i, last) >= from) n++;
        return n;
    }

    private static ServiceView read(ServiceConfig svc) throws Exception {
        GraphiteRenderSource source = GraphiteRenderSource.create(graphite.baseUri(), Duration.ofSeconds(30));
        return new ServiceLoadReader(source).read(env, svc, Instant.ofEpochSecond(now));
    }

    private static MetricsConfig metrics(Optional<String> rate, Optional<String> time, Optional<String> util, int node) {
        return new MetricsConfig(rate, MetricsConfig.RateUnit.PER_INTERVAL, time, MetricsConfig.TimeUnit.MILLISECONDS, util,
                MetricsConfig.UtilizationUnit.PERCENT, node, Duration.ofSeconds(STEP), Duration.ofSeconds(LOOKBACK_STEPS * STEP));
    }

    @Test
    void cpu_traces_come_back_point_by_point_as_utilization() throws Exception {
        ServiceView view = read(new ServiceConfig("web", "web-asg",
                metrics(Optional.empty(), Optional.empty(), Optional.of("{environment}.{service}.{instance}.cpu"), 2),
                PolicySettings.DEFAULTS));
        assertEquals(CPU.keySet(), view.instances().keySet());
        int checked = 0;
        for (Map.Entry<String, NabTrace> e : CPU.entrySet()) {
            Series u = view.instances().get(e.getKey());
            assertEquals(STEP, u.step());
            NabTrace t = e.getValue();
            for (int i = 0; i < t.size(); i++) {
                long ts = t.shiftedTime(i, last);
                if (ts < from) continue;
                int k = (int) ((ts - u.start()) / STEP);
                assertEquals(ts, u.timeAt(k), "grid time");
                assertEquals(t.value(i) / 100, u.valueAt(k), 1e-12, e.getKey() + " point " + i + " at " + ts);
                checked++;
            }
        }
        assertTrue(checked > 3 * 4000, "checked " + checked);
        // i-825cc2 misses two single points: interpolated from their neighbours, reported as such
        InstanceView gappy = view.details().stream().filter(d -> d.id().equals("i-825cc2")).findFirst().orElseThrow();
        assertEquals(2, gappy.interpolated());
        // the offered load is the sum of the three, wherever all three are known
        Series load = view.offeredLoad();
        assertEquals(last, load.timeAt(load.lastPresentIndex()));
        for (int k = 0; k < load.size(); k++) {
            double sum = 0;
            for (Series s : view.instances().values()) sum += s.valueAt((int) ((load.timeAt(k) - s.start()) / STEP));
            if (Double.isNaN(sum)) assertTrue(load.isGap(k));
            else assertEquals(sum, load.valueAt(k), 1e-12);
        }
        for (InstanceView d : view.details()) assertEquals(InstanceView.Status.REPORTING, d.status());
    }

    @Test
    void request_counts_times_service_times_give_utilization_point_by_point() throws Exception {
        ServiceView view = read(new ServiceConfig("api", "api-asg",
                metrics(Optional.of("nginx.{environment}.{service}.{instance}.requests"),
                        Optional.of("nginx.{environment}.{service}.{instance}.time_ms"), Optional.empty(), 3),
                PolicySettings.DEFAULTS));
        int checked = 0;
        for (Map.Entry<String, NabTrace[]> e : QUEUE.entrySet()) {
            Series u = view.instances().get(e.getKey());
            NabTrace rate = e.getValue()[0], time = e.getValue()[1];
            Map<Long, Double> times = new LinkedHashMap<>();
            for (int i = 0; i < time.size(); i++) times.put(time.shiftedTime(i, last), time.value(i));
            for (int i = 0; i < rate.size(); i++) {
                long ts = rate.shiftedTime(i, last);
                Double ms = times.get(ts);
                if (ts < from || ms == null) continue;
                double expected = rate.value(i) / STEP * (ms / 1000);
                assertEquals(expected, u.valueAt((int) ((ts - u.start()) / STEP)), 1e-12, e.getKey() + " at " + ts);
                checked++;
            }
        }
        assertTrue(checked > 2 * 3900, "checked " + checked);
    }
}
