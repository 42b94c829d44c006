package dev.leptoid.model;

import dev.leptoid.config.MetricsConfig;
import dev.leptoid.config.ServiceConfig;
import dev.leptoid.config.PolicySettings;
import dev.leptoid.source.MetricSource;
import dev.leptoid.source.Series;
import dev.leptoid.source.SourceException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServiceLoadReaderTest {

    private static final long STEP = 60;
    private static final long NOW = 1_700_000_000L / STEP * STEP; // aligned
    private static final int N = 30; // look-back 30 steps
    private static final long FROM = NOW - N * STEP;
    private static final double X = Double.NaN;

    /** An in-memory Graphite: target -> series, filtered to the asked window like /render. */
    private static final class Store implements MetricSource {
        final Map<String, List<Series>> byTarget = new HashMap<>();

        Store put(String target, Series s) {
            byTarget.computeIfAbsent(target, k -> new ArrayList<>()).add(s);
            return this;
        }

        @Override public List<Series> fetch(String target, Instant from, Instant until) {
            return byTarget.getOrDefault(target, List.of());
        }
    }

    private static ServiceConfig direct() {
        MetricsConfig m = new MetricsConfig(Optional.empty(), MetricsConfig.RateUnit.PER_SECOND, Optional.empty(),
                MetricsConfig.TimeUnit.MILLISECONDS, Optional.of("{environment}.{service}.{instance}.cpu"),
                MetricsConfig.UtilizationUnit.PERCENT, 2, Duration.ofSeconds(STEP), Duration.ofSeconds(N * STEP));
        return new ServiceConfig("web", "web-asg", m, PolicySettings.DEFAULTS);
    }

    private static ServiceConfig queue(MetricsConfig.RateUnit rateUnit) {
        MetricsConfig m = new MetricsConfig(Optional.of("{environment}.{service}.{instance}.rate"), rateUnit,
                Optional.of("{environment}.{service}.{instance}.time"), MetricsConfig.TimeUnit.MILLISECONDS,
                Optional.empty(), MetricsConfig.UtilizationUnit.FRACTION, 2, Duration.ofSeconds(STEP), Duration.ofSeconds(N * STEP));
        return new ServiceConfig("web", "web-asg", m, PolicySettings.DEFAULTS);
    }

    /** A full-window series for instance {@code id}: values from index {@code offset}, NaN elsewhere. */
    private static Series cpu(String id, int offset, double... v) {
        double[] all = new double[N];
        Arrays.fill(all, X);
        System.arraycopy(v, 0, all, offset, v.length);
        return new Series("prod.web." + id + ".cpu", FROM, STEP, all);
    }

    private static double[] constant(int n, double v) {
        double[] a = new double[n];
        Arrays.fill(a, v);
        return a;
    }

    private static ServiceView read(Store store, ServiceConfig svc) throws SourceException {
        return new ServiceLoadReader(store).read("prod", svc, Instant.ofEpochSecond(NOW + 17));
    }

    @Test
    void utilization_is_arrival_rate_times_service_time_summed_over_instances() throws Exception {
        Store store = new Store()
                .put("prod.web.*.rate", new Series("prod.web.i-1.rate", FROM, STEP, constant(N, 50)))    // 50 req/s
                .put("prod.web.*.time", new Series("prod.web.i-1.time", FROM, STEP, constant(N, 8)))     // 8 ms
                .put("prod.web.*.rate", new Series("prod.web.i-2.rate", FROM, STEP, constant(N, 20)))
                .put("prod.web.*.time", new Series("prod.web.i-2.time", FROM, STEP, constant(N, 25)));
        ServiceView v = read(store, queue(MetricsConfig.RateUnit.PER_SECOND));
        assertEquals(0.4, v.instances().get("i-1").valueAt(N - 1), 1e-12);
        assertEquals(0.5, v.instances().get("i-2").valueAt(N - 1), 1e-12);
        assertEquals(0.9, v.offeredLoad().valueAt(N - 1), 1e-12);
        assertEquals(FROM, v.offeredLoad().start());
    }

    @Test
    void per_interval_counts_are_divided_by_the_step() throws Exception {
        Store store = new Store()
                .put("prod.web.*.rate", new Series("prod.web.i-1.rate", FROM, STEP, constant(N, 600))) // 600 per minute
                .put("prod.web.*.time", new Series("prod.web.i-1.time", FROM, STEP, constant(N, 100)));
        assertEquals(1.0, read(store, queue(MetricsConfig.RateUnit.PER_INTERVAL)).offeredLoad().valueAt(0), 1e-12);
    }

    @Test
    void no_requests_is_zero_utilization_even_without_a_service_time() throws Exception {
        double[] rate = constant(N, 10);
        double[] time = constant(N, 50);
        rate[N - 1] = 0;
        time[N - 1] = X; // nginx has no timing when there were no requests
        Store store = new Store()
                .put("prod.web.*.rate", new Series("prod.web.i-1.rate", FROM, STEP, rate))
                .put("prod.web.*.time", new Series("prod.web.i-1.time", FROM, STEP, time));
        assertEquals(0.0, read(store, queue(MetricsConfig.RateUnit.PER_SECOND)).offeredLoad().valueAt(N - 1));
    }

    @Test
    void a_missing_service_time_makes_the_sum_unknown_not_smaller() throws Exception {
        Store store = new Store()
                .put("prod.web.*.rate", new Series("prod.web.i-1.rate", FROM, STEP, constant(N, 10)))
                .put("prod.web.*.time", new Series("prod.web.i-1.time", FROM, STEP, constant(N, 50)))
                .put("prod.web.*.rate", new Series("prod.web.i-2.rate", FROM, STEP, constant(N, 10)));
        ServiceView v = read(store, queue(MetricsConfig.RateUnit.PER_SECOND));
        assertEquals(-1, v.offeredLoad().lastPresentIndex(), "no time with a known sum");
        assertTrue(v.problems().stream().anyMatch(p -> p.startsWith("i-2") && p.contains("unknown")), v.problems().toString());
    }

    @Test
    void leading_missing_data_is_cut_and_short_interior_gaps_are_interpolated() throws Exception {
        Store store = new Store().put("prod.web.*.cpu", cpu("i-1", 5, 10, 20, X, X, 50, 60, 70, 80, 90, 100, 110, 120, 130, 140,
                150, 160, 170, 180, 190, 200, 210, 220, 230, 240, 250));
        ServiceView v = read(store, direct());
        Series load = v.offeredLoad();
        assertEquals(FROM + 5 * STEP, load.start());
        assertEquals(0.30, load.valueAt(2), 1e-12);
        assertEquals(0.40, load.valueAt(3), 1e-12);
        InstanceView i = v.details().get(0);
        assertEquals(2, i.gaps());
        assertEquals(2, i.interpolated());
        assertEquals(23, i.points());
    }

    @Test
    void long_interior_gaps_stay_unknown_and_are_reported() throws Exception {
        double[] v = constant(N, 40);
        for (int i = 10; i < 15; i++) v[i] = X;
        Store store = new Store().put("prod.web.*.cpu", cpu("i-1", 0, v));
        ServiceView view = read(store, direct());
        for (int i = 10; i < 15; i++) assertTrue(view.offeredLoad().isGap(i), "point " + i + " must be a gap, not zero");
        assertTrue(view.problems().get(0).contains("gap of 5 steps"), view.problems().toString());
    }

    @Test
    void a_terminated_instance_stops_counting_and_a_new_one_counts_from_its_first_point() throws Exception {
        Store store = new Store()
                .put("prod.web.*.cpu", cpu("i-old", 0, constant(12, 50)))          // terminated after 12 steps
                .put("prod.web.*.cpu", cpu("i-new", 10, constant(N - 10, 30)))     // launched at step 10
                .put("prod.web.*.cpu", cpu("i-late", N - 4, constant(4, 20)));     // launched 4 steps ago
        ServiceView v = read(store, direct());
        Series load = v.offeredLoad();
        assertEquals(0.50, load.valueAt(5), 1e-12);
        assertEquals(0.80, load.valueAt(11), 1e-12);
        assertEquals(0.30, load.valueAt(20), 1e-12);
        assertEquals(0.50, load.valueAt(N - 1), 1e-12);
        Map<String, InstanceView.Status> status = new HashMap<>();
        for (InstanceView i : v.details()) status.put(i.id(), i.status());
        assertEquals(InstanceView.Status.STOPPED, status.get("i-old"));
        assertEquals(InstanceView.Status.REPORTING, status.get("i-new"));
        assertEquals(InstanceView.Status.WARMING_UP, status.get("i-late"));
        assertEquals(2, v.reporting());
    }

    @Test
    void an_instance_a_few_steps_late_makes_the_newest_sums_unknown() throws Exception {
        Store store = new Store()
                .put("prod.web.*.cpu", cpu("i-1", 0, constant(N, 50)))
                .put("prod.web.*.cpu", cpu("i-2", 0, constant(N - 2, 30)));
        Series load = read(store, direct()).offeredLoad();
        assertEquals(N - 3, load.lastPresentIndex(), "the last complete sum, not a partial one");
        assertEquals(0.8, load.valueAt(N - 3), 1e-12);
    }

    /** {@link #read} knowing the instances the group lists. */
    private static ServiceView read(Store store, ServiceConfig svc, Set<String> listed) throws SourceException {
        return new ServiceLoadReader(store).read("prod", svc, FROM, NOW, listed);
    }

    @Test
    void an_instance_the_group_no_longer_lists_has_left_and_the_newest_sums_are_known_at_once() throws Exception {
        Store store = new Store()
                .put("prod.web.*.cpu", cpu("i-1", 0, constant(N, 50)))
                .put("prod.web.*.cpu", cpu("i-2", 0, constant(N - 2, 30))); // scaled in two steps ago
        ServiceView v = read(store, direct(), Set.of("i-1"));
        Series load = v.offeredLoad();
        assertEquals(N - 1, load.lastPresentIndex(), "i-2 left the group: its missing points are not late ones");
        assertEquals(0.5, load.valueAt(N - 1), 1e-12);
        assertEquals(0.8, load.valueAt(N - 3), 1e-12, "counted up to its last point");
        InstanceView i2 = v.details().stream().filter(i -> i.id().equals("i-2")).findFirst().orElseThrow();
        assertEquals(InstanceView.Status.STOPPED, i2.status());
        assertTrue(v.problems().stream().anyMatch(p -> p.startsWith("i-2: ") && p.contains("no longer lists it")), v.problems().toString());
    }

    @Test
    void a_late_instance_the_group_still_lists_in_any_state_keeps_the_newest_sums_unknown() throws Exception {
        Store store = new Store()
                .put("prod.web.*.cpu", cpu("i-1", 0, constant(N, 50)))
                .put("prod.web.*.cpu", cpu("i-2", 0, constant(N - 2, 30)));
        // listed (e.g. Terminating, or InService and late): late, as without a list
        assertEquals(N - 3, read(store, direct(), Set.of("i-1", "i-2")).offeredLoad().lastPresentIndex());
        // a list that names none of the instances read (host names in the metric paths): it says nothing about them
        assertEquals(N - 3, read(store, direct(), Set.of("i-0a1b2c3d")).offeredLoad().lastPresentIndex());
        // another group's instance reports under the same path now: the list does not account for the path's instances
        store.put("prod.web.*.cpu", cpu("i-blue", 0, constant(N, 10)));
        assertEquals(N - 3, read(store, direct(), Set.of("i-1")).offeredLoad().lastPresentIndex());
        assertEquals(N - 3, read(store, direct(), null).offeredLoad().lastPresentIndex());
    }

    @Test
    void all_null_series_are_insufficient_data() {
        Store store = new Store().put("prod.web.*.cpu", cpu("i-1", 0)).put("prod.web.*.cpu", cpu("i-2", 0));
        InsufficientDataException e = assertThrows(InsufficientDataException.class, () -> read(store, direct()));
        assertTrue(e.getMessage().contains("all null"), e.getMessage());
    }

    @Test
    void no_series_at_all_is_insufficient_data() {
        InsufficientDataException e = assertThrows(InsufficientDataException.class, () -> read(new Store(), direct()));
        assertTrue(e.getMessage().contains("no instances"), e.getMessage());
    }

    @Test
    void duplicate_targets_are_refused() {
        Store store = new Store().put("prod.web.*.cpu", cpu("i-1", 0, 1, 2)).put("prod.web.*.cpu", cpu("i-1", 0, 1, 2));
        SourceException e = assertThrows(SourceException.class, () -> read(store, direct()));
        assertTrue(e.getMessage().contains("two series for instance i-1"), e.getMessage());
    }

    @Test
    void finer_series_are_averaged_into_the_step_and_coarser_ones_refused() throws Exception {
        double[] fine = new double[N * 6];
        for (int i = 0; i < fine.length; i++) fine[i] = i % 6 == 5 ? X : (i / 6) * 6 + i % 6; // mean of a bucket: 6k + 2
        Store store = new Store().put("prod.web.*.cpu", new Series("prod.web.i-1.cpu", FROM, 10, fine));
        Series load = read(store, direct()).offeredLoad();
        for (int k = 0; k < N; k++) assertEquals((6 * k + 2) / 100.0, load.valueAt(k), 1e-12);

        Store coarse = new Store().put("prod.web.*.cpu", new Series("prod.web.i-1.cpu", FROM, 300, constant(N / 5, 10)));
        SourceException e = assertThrows(SourceException.class, () -> read(coarse, direct()));
        assertTrue(e.getMessage().contains("300s step"), e.getMessage());
    }

    @Test
    void missing_data_never_becomes_zero_load_in_random_series() throws Exception {
        Random rnd = new Random(7);
        for (int c = 0; c < 300; c++) {
            Store store = new Store();
            int instances = 1 + rnd.nextInt(4);
            for (int k = 0; k < instances; k++) {
                double[] v = new double[N];
                for (int i = 0; i < N; i++) v[i] = rnd.nextInt(5) == 0 ? X : 1 + rnd.nextInt(99);
                store.put("prod.web.*.cpu", cpu("i-" + k, 0, v));
            }
            ServiceView view;
            try {
                view = read(store, direct());
            } catch (InsufficientDataException e) {
                continue;
            }
            Series load = view.offeredLoad();
            for (int i = 0; i < load.size(); i++) {
                double a = load.valueAt(i);
                if (Double.isNaN(a)) continue;
                long t = load.timeAt(i);
                double expected = 0;
                for (InstanceView inst : view.details()) {
                    if (inst.firstTime() < 0 || t < inst.firstTime() || t > inst.lastTime()) continue;
                    double u = inst.utilization().valueAt((int) ((t - FROM) / STEP));
                    assertTrue(!Double.isNaN(u), "case " + c + ": a known sum at " + t + " counted unknown " + inst.id() + " as zero");
                    expected += u;
                }
                assertEquals(expected, a, 1e-12, "case " + c + " at " + t);
            }
        }
    }

    // ---- two series for one instance

    @Test
    void two_series_for_one_instance_are_named_only_while_both_count() {
        Map<String, int[]> life = new HashMap<>();
        life.put("i-a", new int[] {0, 99});
        life.put("i-a_old", new int[] {0, 99});
        assertEquals("two series name instance i-a of the group: i-a and i-a_old both report",
                ServiceLoadReader.twice(new TreeMap<>(life), 99, Set.of("i-a")));
        assertEquals(null, ServiceLoadReader.twice(new TreeMap<>(life), 99, null), "without the group's list: two hosts");
        life.put("i-a_old", new int[] {0, 60}); // stopped: the new name took over
        assertEquals(null, ServiceLoadReader.twice(new TreeMap<>(life), 99, Set.of("i-a")));
        life.put("I-A", new int[] {90, 99});
        assertEquals("two series name instance I-A: I-A and i-a both report", ServiceLoadReader.twice(new TreeMap<>(life), 99, null));
        Map<String, int[]> hosts = new TreeMap<>(Map.of("web-1", new int[] {0, 9}, "web-10", new int[] {0, 9}));
        assertEquals(null, ServiceLoadReader.twice(hosts, 9, Set.of("web-1", "web-10")));
    }
}
