package dev.leptoid.publication;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leptoid.actuation.GroupState;
import dev.leptoid.decision.CapacityDecision;
import dev.leptoid.decision.CapacityDecision.Basis;
import dev.leptoid.decision.CapacityDecision.Hold;
import dev.leptoid.decision.CapacityDecision.HoldReason;
import dev.leptoid.decision.CapacityDecision.ScaleTo;
import dev.leptoid.forecast.Forecast;
import dev.leptoid.source.MetricSource;
import dev.leptoid.source.Series;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunPublisherTest {

    private static final long T0 = 1_795_000_000L / 60 * 60;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path dir;
    private DirectorySink sink;

    @BeforeEach
    void sink() throws IOException {
        sink = new DirectorySink(dir);
    }

    /** "path@epoch" -> value, as written. */
    private Map<String, Double> written() throws IOException {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String l : Files.readAllLines(sink.metricsFile())) {
            String[] f = l.split(" ");
            out.put(f[0] + "@" + f[2], Double.parseDouble(f[1]));
        }
        return out;
    }

    private List<JsonNode> events() throws IOException {
        List<JsonNode> out = new ArrayList<>();
        if (!Files.exists(sink.eventsFile())) return out;
        for (String l : Files.readAllLines(sink.eventsFile())) out.add(JSON.readTree(l));
        return out;
    }

    private static Forecast forecast(int h) {
        double[] m = new double[h], lo = new double[h], hi = new double[h];
        for (int k = 0; k < h; k++) {
            m[k] = 10 + k;
            lo[k] = 8 + k;
            hi[k] = 12 + k;
        }
        return new Forecast(m, lo, hi, 80, "test");
    }

    @Test
    void horizon_series_are_stored_at_the_origin_and_the_path_at_its_own_future_timestamps() throws Exception {
        RunPublisher p = new RunPublisher(sink, sink, "leptoid", 12);
        p.forecast("prod", "api", forecast(15), T0, 60);
        assertEquals(List.of(), p.finish());
        Map<String, Double> w = written();
        for (int k = 1; k <= 12; k++) {
            assertEquals(9.0 + k, w.get("leptoid.prod.api.forecast.h" + k + ".mean@" + T0));
            assertEquals(7.0 + k, w.get("leptoid.prod.api.forecast.h" + k + ".lower@" + T0));
            assertEquals(11.0 + k, w.get("leptoid.prod.api.forecast.h" + k + ".upper@" + T0));
        }
        assertFalse(w.containsKey("leptoid.prod.api.forecast.h13.mean@" + T0), "only the configured horizon series");
        for (int k = 1; k <= 15; k++) {
            assertEquals(9.0 + k, w.get("leptoid.prod.api.forecast.path.mean@" + (T0 + 60L * k)));
            assertEquals(11.0 + k, w.get("leptoid.prod.api.forecast.path.upper@" + (T0 + 60L * k)));
        }
        assertEquals(12 * 3 + 15 * 3, w.size());
    }

    @Test
    void forecast_error_compares_the_actual_with_the_forecast_stored_k_steps_before() throws Exception {
        // earlier runs stored h1 at T0-60 (forecast 7 for T0) and h3 at T0-180 (forecast 4 for T0)
        double[] h1 = new double[12], h3 = new double[12];
        java.util.Arrays.fill(h1, Double.NaN);
        java.util.Arrays.fill(h3, Double.NaN);
        h1[11] = 7;
        h3[9] = 4;
        h3[11] = 100; // made at T0-60: a forecast for T0+120, not for now
        MemorySource earlier = new MemorySource()
                .add(new Series("leptoid.prod.api.forecast.h1.mean", T0 - 720, 60, h1))
                .add(new Series("leptoid.prod.api.forecast.h3.mean", T0 - 720, 60, h3))
                .add(new Series("leptoid.prod.web.forecast.h1.mean", T0 - 720, 60, h3));
        // load: one-step changes 1, 2, 1 -> MASE scale 4/3; actual at T0 is 6
        Series load = new Series("api", T0 - 180, 60, new double[] {2, 3, 5, 6});
        RunPublisher p = new RunPublisher(sink, sink, "leptoid", 12, earlier, null);
        p.forecastError("prod", "api", load, 3, 60);
        assertEquals(List.of(), p.finish());
        assertEquals(List.of("leptoid.prod.api.forecast.h*.mean"), earlier.targets());
        Map<String, Double> w = written();
        assertEquals(Map.of(
                "leptoid.prod.api.forecast_error.h1.abs@" + T0, 1.0,
                "leptoid.prod.api.forecast_error.h1.mase@" + T0, 0.75,
                "leptoid.prod.api.forecast_error.h3.abs@" + T0, 2.0,
                "leptoid.prod.api.forecast_error.h3.mase@" + T0, 1.5), w);
    }

    @Test
    void forecast_error_matches_a_direct_computation_over_many_random_histories() throws Exception {
        Random random = new Random(2026);
        for (int c = 0; c < 200; c++) {
            int n = 5 + random.nextInt(40);
            double[] y = new double[n];
            for (int i = 0; i < n; i++) y[i] = random.nextInt(10) == 0 ? Double.NaN : random.nextDouble() * 50;
            y[n - 1] = random.nextDouble() * 50;
            int k = 1 + random.nextInt(12);
            double predicted = random.nextDouble() * 50;
            long origin = T0 + 60L * c;
            double[] h = new double[24];
            java.util.Arrays.fill(h, Double.NaN);
            h[24 - k] = predicted; // stored at origin - k steps
            MemorySource earlier = new MemorySource().add(new Series("leptoid.e.s.forecast.h" + k + ".mean", origin - 24 * 60, 60, h));
            Series load = new Series("s", origin - 60L * (n - 1), 60, y);
            Path d = dir.resolve("c" + c);
            DirectorySink s = new DirectorySink(d);
            RunPublisher p = new RunPublisher(s, s, "leptoid", 12, earlier, null);
            p.forecastError("e", "s", load, n - 1, 60);
            p.finish();
            double sum = 0;
            int pairs = 0;
            for (int i = 1; i < n; i++) if (!Double.isNaN(y[i]) && !Double.isNaN(y[i - 1])) { sum += Math.abs(y[i] - y[i - 1]); pairs++; }
            List<String> lines = Files.readAllLines(s.metricsFile());
            String abs = "leptoid.e.s.forecast_error.h" + k + ".abs " ;
            double expectedAbs = Math.abs(y[n - 1] - predicted);
            assertEquals(expectedAbs, Double.parseDouble(lines.get(0).substring(abs.length()).split(" ")[0]), 1e-12, "case " + c);
            assertTrue(lines.get(0).startsWith(abs) && lines.get(0).endsWith(" " + origin), lines.get(0));
            if (pairs > 0 && sum > 0) assertEquals(expectedAbs / (sum / pairs), Double.parseDouble(lines.get(1).split(" ")[1]), 1e-9);
            else assertEquals(1, lines.size());
        }
    }

    @Test
    void a_failing_read_back_is_one_publication_error_and_nothing_is_thrown() throws Exception {
        MemorySource broken = new MemorySource().failWith("Graphite answered HTTP 502");
        RunPublisher p = new RunPublisher(sink, sink, "leptoid", 12, broken, null);
        p.forecastError("prod", "api", new Series("api", T0, 60, new double[] {1, 2}), 1, 60);
        assertEquals(List.of("forecast error for prod.api not computed: cannot read earlier forecasts (Graphite answered HTTP 502)"),
                p.finish());
    }

    private static final Basis B = new Basis(3, 4, 0.6, 7, 1, 20);

    @Test
    void capacity_and_decision_codes_are_written_at_the_run_time() throws Exception {
        RunPublisher p = new RunPublisher(sink, sink, "leptoid", 12);
        GroupState g = new GroupState("asg", 4, 1, 20, 3, false, false);
        p.decision("prod", "out", g, new ScaleTo(7, 4, List.of("forecast"), B), true, T0);
        p.decision("prod", "in", g, new ScaleTo(3, 4, List.of("calm"), new Basis(1, 1.5, 0.6, 3, 1, 20)), false, T0);
        p.decision("prod", "same", g, new ScaleTo(4, 4, List.of(), new Basis(2, 2.2, 0.6, 4, 1, 20)), false, T0);
        // the SLO needs 2, the stabilization window keeps 4: the recommendation is the 2
        p.decision("prod", "kept", g, new ScaleTo(4, 4, List.of("stabilization"), new Basis(1, 1.1, 0.6, 2, 1, 20)), true, T0);
        // the SLO needs 30, the group's max is 20
        p.decision("prod", "capped", g, new ScaleTo(20, 4, List.of("clamped to max 20"), new Basis(17, 18, 0.6, 30, 1, 20)), true, T0);
        p.decision("prod", "held", g, new Hold(HoldReason.STALE_DATA, "last point 20 min ago", 4, Basis.NONE), false, T0);
        p.decision("prod", "lost", null, new Hold(HoldReason.GROUP_UNKNOWN, "not found", -1, Basis.NONE), false, T0);
        assertEquals(List.of(), p.finish());
        Map<String, Double> w = written();
        assertEquals(7.0, w.get("leptoid.prod.out.capacity.desired@" + T0), "applied: the new desired capacity");
        assertEquals(7.0, w.get("leptoid.prod.out.capacity.recommended@" + T0));
        assertEquals(3.0, w.get("leptoid.prod.out.capacity.in_service@" + T0));
        assertEquals(4.0, w.get("leptoid.prod.in.capacity.desired@" + T0), "not applied: desired unchanged");
        assertEquals(3.0, w.get("leptoid.prod.in.capacity.recommended@" + T0));
        assertEquals(4.0, w.get("leptoid.prod.kept.capacity.desired@" + T0));
        assertEquals(2.0, w.get("leptoid.prod.kept.capacity.recommended@" + T0),
                "what the SLO needs, not what stabilization kept: read back, the kept 4 would hold every later scale-in back");
        assertEquals(20.0, w.get("leptoid.prod.capped.capacity.recommended@" + T0), "within the max");
        assertEquals(1.0, w.get("leptoid.prod.out.decision.code@" + T0));
        assertEquals(2.0, w.get("leptoid.prod.in.decision.code@" + T0));
        assertEquals(3.0, w.get("leptoid.prod.same.decision.code@" + T0));
        assertEquals(0.0, w.get("leptoid.prod.held.decision.code@" + T0));
        assertNull(w.get("leptoid.prod.held.capacity.recommended@" + T0), "a hold recommends nothing");
        assertEquals(0.0, w.get("leptoid.prod.lost.decision.code@" + T0));
        assertNull(w.get("leptoid.prod.lost.capacity.desired@" + T0));
    }

    @Test
    void every_scaling_action_and_every_hold_where_leptoid_could_not_do_its_job_is_an_event_tagged_for_grafana() throws Exception {
        RunPublisher p = new RunPublisher(sink, sink, "leptoid", 12);
        GroupState g = new GroupState("asg", 4, 1, 20, 4, false, false);
        p.decision("prod", "api", g, new ScaleTo(7, 4, List.of("forecast upper 4.0 needs 7"), B), true, T0);
        p.decision("prod", "web", g, new ScaleTo(3, 4, List.of("calm"), B), false, T0);
        p.decision("prod", "same", g, new ScaleTo(4, 4, List.of(), B), false, T0);
        p.decision("prod", "stale", g, new Hold(HoldReason.STALE_DATA, "last point 20 min ago", 4, Basis.NONE), false, T0);
        p.decision("prod", "nodata", g, new Hold(HoldReason.NO_DATA, "no data points", 4, Basis.NONE), false, T0);
        p.decision("prod", "busy", g, new Hold(HoldReason.GROUP_BUSY, "activity in progress", 4, Basis.NONE), false, T0);
        p.decision("prod", "paused", g.withPause("INC-1"), new Hold(HoldReason.PAUSED, "paused by its tag", 4, Basis.NONE), false, T0);
        p.decision("prod", "unseen", g, new Hold(HoldReason.INSTANCES_WITHOUT_DATA, "1 of 4 InService instance(s) without fresh data",
                4, Basis.NONE), false, T0);
        p.decision("prod", "lost", null, new Hold(HoldReason.GROUP_UNKNOWN, "not found", -1, Basis.NONE), false, T0);
        // time is short: no extra request to a Graphite that may be what made the run slow
        p.decision("prod", "cut", null, new Hold(HoldReason.DEADLINE, "not read", -1, Basis.NONE), false, T0);
        p.finish();
        List<JsonNode> ev = events();
        assertEquals(6, ev.size(), ev.toString());
        assertEquals("leptoid scale-out api: 4 -> 7", ev.get(0).get("what").asText());
        assertEquals("[\"leptoid\",\"prod\",\"api\",\"scale-out\"]", ev.get(0).get("tags").toString());
        assertEquals("forecast upper 4.0 needs 7", ev.get(0).get("data").asText());
        assertEquals(T0, ev.get(0).get("when").asLong());
        assertEquals("leptoid scale-in web: 4 -> 3 (not applied)", ev.get(1).get("what").asText());
        assertEquals("leptoid hold stale: stale-data", ev.get(2).get("what").asText());
        assertEquals("[\"leptoid\",\"prod\",\"stale\",\"hold\"]", ev.get(2).get("tags").toString());
        assertEquals("last point 20 min ago", ev.get(2).get("data").asText());
        assertEquals("leptoid hold nodata: no-data", ev.get(3).get("what").asText());
        // every hold where leptoid could not do its job is an annotation (but the deadline's); the group's own state is not
        assertEquals("leptoid hold unseen: instances-without-data", ev.get(4).get("what").asText());
        assertEquals("leptoid hold lost: group-unknown", ev.get(5).get("what").asText());
    }

    @Test
    void an_event_that_cannot_be_posted_is_reported_the_metrics_still_go_out_and_the_runs_other_events_are_not_tried() throws Exception {
        List<String> tried = new ArrayList<>();
        EventSink down = (what, tags, data, when, within) -> {
            tried.add(what);
            return "Graphite events http://127.0.0.1:9/events/ unreachable: ConnectException";
        };
        RunPublisher p = new RunPublisher(sink, down, "leptoid", 12);
        GroupState g = new GroupState("asg", 4, 1, 20, 4, false, false);
        p.decision("prod", "api", g, new ScaleTo(7, 4, List.of("x"), B), true, T0);
        p.decision("prod", "web", g, new ScaleTo(6, 4, List.of("x"), B), true, T0);
        p.decision("prod", "db", g, new Hold(HoldReason.STALE_DATA, "last point 20 min ago", 4, Basis.NONE), false, T0);
        assertEquals(List.of("Graphite events http://127.0.0.1:9/events/ unreachable: ConnectException",
                "2 more Graphite events not posted: not tried after the first failed in this run"), p.finish());
        assertEquals(List.of("leptoid scale-out api: 4 -> 7"), tried, "one slow or down endpoint is not asked again in the run");
        for (String s : List.of("api", "web", "db")) assertTrue(written().containsKey("leptoid.prod." + s + ".decision.code@" + T0), s);
    }

    @Test
    void with_no_time_left_of_the_services_share_no_request_is_made_and_the_report_says_what_was_left_out() throws Exception {
        List<String> asked = new ArrayList<>();
        EventSink events = (what, tags, data, when, within) -> {
            asked.add(what);
            return null;
        };
        MetricSource earlier = (target, from, until) -> {
            asked.add(target);
            return List.of();
        };
        RunPublisher p = new RunPublisher(sink, events, "leptoid", 12, earlier, null);
        p.until(System.nanoTime() - 1);
        p.forecastError("prod", "api", new Series("api", T0, 60, new double[] {1, 2}), 1, 60);
        p.decision("prod", "api", new GroupState("asg", 4, 1, 20, 4, false, false), new ScaleTo(7, 4, List.of("x"), B), true, T0);
        p.until(Long.MAX_VALUE); // the next service's share: no limit
        p.decision("prod", "web", new GroupState("asg2", 4, 1, 20, 4, false, false), new ScaleTo(6, 4, List.of("x"), B), true, T0);
        assertEquals(List.of("forecast error for prod.api not computed: no time left of its share of the run's time",
                "Graphite event for prod.api not posted: no time left of its share of the run's time"), p.finish());
        assertEquals(List.of("leptoid scale-out web: 4 -> 6"), asked, "nothing asked of Graphite for api");
        assertEquals(7.0, written().get("leptoid.prod.api.capacity.desired@" + T0), "the metrics still go out");
    }

    @Test
    void run_health_series_are_written_under_the_run_node() throws Exception {
        RunPublisher p = new RunPublisher(sink, sink, "leptoid", 12);
        p.health("prod", null, 250, 1, 2, 0, 1, T0);
        p.finish();
        assertEquals(Map.of("leptoid.prod.run.duration_ms@" + T0, 250.0, "leptoid.prod.run.holds@" + T0, 1.0,
                "leptoid.prod.run.actions@" + T0, 2.0, "leptoid.prod.run.errors@" + T0, 0.0, "leptoid.prod.run.cut@" + T0, 1.0), written());
    }

    @Test
    void a_part_of_the_environment_writes_its_run_health_under_its_own_node() throws Exception {
        RunPublisher p = new RunPublisher(sink, sink, "leptoid", 12);
        p.health("prod", "shard_2_of_4", 250, 1, 2, 3, 0, T0);
        p.finish();
        assertEquals(Map.of("leptoid.prod.run.shard_2_of_4.duration_ms@" + T0, 250.0, "leptoid.prod.run.shard_2_of_4.holds@" + T0, 1.0,
                "leptoid.prod.run.shard_2_of_4.actions@" + T0, 2.0, "leptoid.prod.run.shard_2_of_4.errors@" + T0, 3.0,
                "leptoid.prod.run.shard_2_of_4.cut@" + T0, 0.0), written());
    }
}
