package dev.leptoid.model;

import dev.leptoid.config.ConfigLoader;
import dev.leptoid.config.ServiceConfig;
import dev.leptoid.decision.CapacityPolicy;
import dev.leptoid.publication.CarbonPublisher;
import dev.leptoid.publication.RunPublisher;
import dev.leptoid.source.GraphiteRenderSource;
import dev.leptoid.source.MetricSource;
import dev.leptoid.source.Series;
import dev.leptoid.source.SourceException;
import dev.leptoid.testing.LocalGraphite;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The offered-load history against the real Graphite: per-instance series written through Carbon, the
 * history read through /render, published back through Carbon's pickle receiver and read again.
 */
@Tag("graphite")
class LoadHistoryGraphiteTest {

    private static final long STEP = 60;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int LOOKBACK = 1440; // one day of minutes

    private final LocalGraphite graphite = LocalGraphite.shared();
    private final String env = "hist" + Long.toString(System.nanoTime(), 36);
    private final long until = Instant.now().getEpochSecond() / STEP * STEP;
    private final long from = until - LOOKBACK * STEP;

    private ServiceConfig service(String metric) throws Exception {
        return service(metric, "1d");
    }

    private ServiceConfig service(String metric, String lookback) throws Exception {
        return ConfigLoader.parse("""
                environments:
                  %s:
                    defaults:
                      metrics: {utilization: "%s", step: 1m, lookback: %s}
                    services:
                      api: {auto_scaling_group: api-asg}
                """.formatted(env, metric, lookback), "it.yaml").environment(env).orElseThrow().services().get(0);
    }

    private LoadHistory history() {
        return new LoadHistory(GraphiteRenderSource.create(graphite.baseUri(), Duration.ofSeconds(10)), "leptoid");
    }

    private LoadHistory.Reading read(ServiceConfig s) throws Exception {
        return history().read(env, s, Instant.ofEpochSecond(until), LoadHistory.recentWindow(s, CapacityPolicy.SERVICE_TIME_WINDOW));
    }

    private static int recentSteps(ServiceConfig s) {
        return (int) (LoadHistory.recentWindow(s, CapacityPolicy.SERVICE_TIME_WINDOW).toSeconds() / STEP);
    }

    /** Instances i-1..i-count at {@link #cpu} percent over the last {@code minutes} minutes; {@code stoppedInstance} stops {@code stoppedMinutesAgo} before now. */
    private void instances(int count, int minutes, int stoppedInstance, int stoppedMinutesAgo) {
        List<String> lines = new ArrayList<>();
        for (int k = 1; k <= count; k++)
            for (long t = until - minutes * STEP; t < until; t += STEP)
                if (k != stoppedInstance || t < until - stoppedMinutesAgo * STEP)
                    lines.add("servers." + env + ".api.i-" + k + ".cpu " + cpu(k, t) + " " + t);
        graphite.writePlaintext(lines);
        for (int k = 1; k <= count; k++)
            graphite.awaitSeries("servers." + env + ".api.i-" + k + ".cpu", until - minutes * STEP - STEP, until,
                    minutes - (k == stoppedInstance ? stoppedMinutesAgo : 0), WAIT);
    }

    private static double cpu(int k, long t) { return 10 * k + (t / STEP) % 7; }

    /** Publishes a reading's update the way a run does, through Carbon's pickle receiver, and waits until it is served. */
    private void publish(LoadHistory.Reading r) {
        CarbonPublisher carbon = new CarbonPublisher(graphite.carbonHost(), graphite.carbonPicklePort(),
                CarbonPublisher.Settings.defaults(CarbonPublisher.Protocol.PICKLE));
        RunPublisher publisher = new RunPublisher(carbon, (what, tags, data, t, within) -> null, "leptoid", 12);
        publisher.history(r.update());
        assertEquals(List.of(), publisher.finish());
        Series u = r.update();
        int known = u.presentCount(), unknown = u.size() - known;
        if (known > 0) graphite.awaitSeries(u.name() + ".offered_load", u.start() - STEP, until, known, WAIT);
        if (unknown > 0) graphite.awaitSeries(u.name() + ".unknown", u.start() - STEP, until, unknown, WAIT);
    }

    @Test
    void a_fresh_service_is_filled_from_its_instances_once_and_the_next_read_takes_the_history_from_graphite() throws Exception {
        ServiceConfig s = service("servers.{environment}.{service}.{instance}.cpu");
        instances(3, 360, 0, 0);
        LoadHistory.Reading first = read(s);
        int recent = recentSteps(s);
        assertEquals(LOOKBACK - recent - recent, first.repaired(), "everything older than the recent window but the oldest grace");
        Series load = first.view().offeredLoad();
        assertEquals(until - 360 * STEP, load.start(), "the load starts at the instances' first point");
        for (int i = 0; i < load.size(); i++)
            assertEquals((cpu(1, load.timeAt(i)) + cpu(2, load.timeAt(i)) + cpu(3, load.timeAt(i))) / 100, load.valueAt(i), 1e-9);
        publish(first);

        LoadHistory.Reading second = read(s);
        assertEquals(0, second.repaired(), second.view().problems().toString());
        assertEquals(until - recent * STEP, second.view().instances().get("i-1").start(),
                "per-instance data read only for the recent window");
        assertEquals(load, second.view().offeredLoad().withName(load.name()), "the same load, now from the published history");
    }

    @Test
    void a_hole_in_the_history_is_filled_from_the_instances_and_the_history_is_used_around_it() throws Exception {
        ServiceConfig s = service("servers.{environment}.{service}.{instance}.cpu");
        instances(2, 600, 0, 0);
        String base = LoadHistory.base("leptoid", env, "api", s.metrics());
        long holeFrom = until - 300 * STEP, holeUntil = until - 270 * STEP;
        List<String> lines = new ArrayList<>();
        for (long t = from; t < until - 600 * STEP; t += STEP) lines.add(base + ".offered_load 2.5 " + t); // older than the instances' data
        for (long t = until - 600 * STEP; t < until; t += STEP)
            if (t < holeFrom || t >= holeUntil) lines.add(base + ".offered_load " + (cpu(1, t) + cpu(2, t)) / 100 + " " + t);
        graphite.writePlaintext(lines);
        graphite.awaitSeries(base + ".offered_load", from - STEP, until, LOOKBACK - 30, WAIT);

        LoadHistory.Reading r = read(s);
        assertEquals((until - holeFrom) / STEP - recentSteps(s), r.repaired(), "read per instance from the hole on");
        Series load = r.view().offeredLoad();
        assertEquals(2.5, load.valueAt((int) ((until - 700 * STEP - load.start()) / STEP)), 0.0, "older load from the history");
        for (long t = holeFrom; t < holeUntil; t += STEP)
            assertEquals((cpu(1, t) + cpu(2, t)) / 100, load.valueAt((int) ((t - load.start()) / STEP)), 1e-9, "hole at " + t);
        assertTrue(r.view().problems().stream().anyMatch(p -> p.contains("filled from the per-instance series")), r.view().problems().toString());
        publish(r);
        assertEquals(0, read(s).repaired(), "repaired once");
    }

    @Test
    void a_changed_metric_template_starts_a_new_history_instead_of_mixing_the_old_one_in() throws Exception {
        ServiceConfig old = service("servers.{environment}.{service}.{instance}.cpu");
        ServiceConfig changed = service("servers.{environment}.{service}.{instance}.cpu_busy");
        assertNotEquals(LoadHistory.version(old.metrics()), LoadHistory.version(changed.metrics()));
        String oldBase = LoadHistory.base("leptoid", env, "api", old.metrics());
        List<String> lines = new ArrayList<>();
        for (long t = from; t < until; t += STEP) lines.add(oldBase + ".offered_load 7 " + t);
        for (long t = until - 120 * STEP; t < until; t += STEP) lines.add("servers." + env + ".api.i-1.cpu_busy 40 " + t);
        graphite.writePlaintext(lines);
        graphite.awaitSeries(oldBase + ".offered_load", from - STEP, until, LOOKBACK, WAIT);
        graphite.awaitSeries("servers." + env + ".api.i-1.cpu_busy", until - 121 * STEP, until, 120, WAIT);

        LoadHistory.Reading r = read(changed);
        assertTrue(r.repaired() > 0, "bootstrapped from the instances");
        Series load = r.view().offeredLoad();
        assertEquals(until - 120 * STEP, load.start(), "nothing older than the new metric's data");
        for (int i = 0; i < load.size(); i++) assertEquals(0.4, load.valueAt(i), 1e-9, "at " + load.timeAt(i));
    }

    @Test
    void an_instance_that_stops_inside_the_recent_window_shows_as_stopped_and_the_history_does_not_stand_in_for_it() throws Exception {
        ServiceConfig s = service("servers.{environment}.{service}.{instance}.cpu");
        instances(3, 240, 3, 20); // i-3 stops 20 minutes before now
        String base = LoadHistory.base("leptoid", env, "api", s.metrics());
        // a history that still counts i-3 up to now (as an earlier run could have published it)
        List<String> lines = new ArrayList<>();
        for (long t = until - 240 * STEP; t < until; t += STEP)
            lines.add(base + ".offered_load " + (cpu(1, t) + cpu(2, t) + cpu(3, t)) / 100 + " " + t);
        graphite.writePlaintext(lines);
        graphite.awaitSeries(base + ".offered_load", until - 241 * STEP, until, 240, WAIT);

        LoadHistory.Reading r = read(s);
        InstanceView stopped = r.view().details().stream().filter(i -> i.id().equals("i-3")).findFirst().orElseThrow();
        assertEquals(InstanceView.Status.STOPPED, stopped.status());
        assertEquals(until - 21 * STEP, stopped.lastTime());
        Series load = r.view().offeredLoad();
        long t = until - 5 * STEP;
        assertEquals((cpu(1, t) + cpu(2, t)) / 100, load.valueAt((int) ((t - load.start()) / STEP)), 1e-9,
                "the recent load comes from the instances that report, not from the stored history");
    }

    @Test
    void a_look_back_past_the_finest_archive_is_shortened_to_what_graphite_serves_at_the_step_and_says_so() throws Exception {
        // scripts/graphite keeps 1-minute points for 30 days and 5-minute averages beyond: a read reaching back 40 days
        // is answered from the 5-minute archive for its whole range
        ServiceConfig s = service("servers.{environment}.{service}.{instance}.cpu", "40d");
        instances(3, 360, 0, 0);
        GraphiteRenderSource graphiteSource = GraphiteRenderSource.create(graphite.baseUri(), Duration.ofSeconds(10));
        List<Long> reachedBack = new ArrayList<>(); // seconds before now of each request's start
        MetricSource source = new MetricSource() {
            @Override public List<Series> fetch(String target, Instant f, Instant u) { throw new AssertionError("the step is always given"); }
            @Override public List<Series> fetch(String target, Instant f, Instant u, Duration step) throws SourceException {
                reachedBack.add(until - f.getEpochSecond());
                return graphiteSource.fetch(target, f, u, step);
            }
        };
        LoadHistory history = new LoadHistory(source, "leptoid");
        Duration recentWindow = LoadHistory.recentWindow(s, CapacityPolicy.SERVICE_TIME_WINDOW);

        LoadHistory.Reading first = history.read(env, s, Instant.ofEpochSecond(until), recentWindow);
        // a new service has no history yet, so the per-instance series are what came back coarse
        assertTrue(first.limited().startsWith("Graphite serves servers." + env + ".api.i-"), first.limited());
        assertTrue(first.limited().contains("at the 60s step only over the last ~20.0 d (further back it answers from a coarser"
                + " archive, 300s): forecasting from 20.0 d instead of the 40.0 d look-back"), first.limited());
        assertTrue(first.view().problems().contains(first.limited()));
        Series load = first.view().offeredLoad();
        assertEquals(until - 360 * STEP, load.start(), "the load starts at the instances' first point, at the step");
        assertEquals(STEP, load.step());
        for (int i = 0; i < load.size(); i++)
            assertEquals((cpu(1, load.timeAt(i)) + cpu(2, load.timeAt(i)) + cpu(3, load.timeAt(i))) / 100, load.valueAt(i), 1e-9);
        assertEquals(40 * 86_400L, reachedBack.get(0), "the whole look-back was asked for first");

        // the next runs ask for what was served, not again for what came back coarse
        reachedBack.clear();
        LoadHistory.Reading second = history.read(env, s, Instant.ofEpochSecond(until), recentWindow);
        assertEquals(first.limited(), second.limited());
        assertTrue(reachedBack.stream().allMatch(back -> back <= 20 * 86_400L), reachedBack.toString());

        // an hour on, the whole look-back is tried again (a storage schema fixed in between would be seen)
        reachedBack.clear();
        history.read(env, s, Instant.ofEpochSecond(until).plus(LoadHistory.RECHECK), recentWindow);
        assertTrue(reachedBack.contains(40 * 86_400L - LoadHistory.RECHECK.toSeconds()), reachedBack.toString()); // measured from the first now

        // a look-back the finest archive covers is read whole, with no note
        assertEquals(null, read(service("servers.{environment}.{service}.{instance}.cpu")).limited());
    }
}
