package dev.leptoid.faults;

import dev.leptoid.RunReport;
import dev.leptoid.ServiceOutcome;
import dev.leptoid.config.ConfigLoader;
import dev.leptoid.config.LeptoidConfig;
import dev.leptoid.config.ServiceConfig;
import dev.leptoid.decision.CapacityDecision;
import dev.leptoid.model.ServiceLoadReader;
import dev.leptoid.model.ServiceView;
import dev.leptoid.source.GraphiteRenderSource;
import dev.leptoid.source.Series;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Graphite data shapes and clocks SREs really have: agent clocks that run ahead of or behind the run's, a running
 * count where a rate is expected, two series for one instance, and archives that change step or leave nulls
 * (xFilesFactor). Each is written for real into the test Graphite and read by a run in act mode.
 */
@Tag("graphite")
class DataShapesFaultsTest {

    private final FaultRig rig = new FaultRig();

    DataShapesFaultsTest() throws Exception {}

    @AfterEach
    void close() { rig.close(); }

    private static CapacityDecision.Hold held(ServiceOutcome o, CapacityDecision.HoldReason code) {
        CapacityDecision.Hold h = assertInstanceOf(CapacityDecision.Hold.class, o.decision(), o.toString());
        assertEquals(code, h.code(), h.toString());
        return h;
    }

    // ---- clocks

    @Test
    void an_agent_clock_ahead_of_the_run_stamps_points_in_the_future_that_are_not_read_before_their_time() throws Exception {
        // i-c's clock runs 10 minutes ahead: its points are stamped up to 10 minutes after the run's now, and at 1000/s
        // there (20 Erlangs: the group's max if read); what it stamped before now is what every run sees of it
        rig.group("api", 3, 1, 20, "i-a", "i-b", "i-c");
        for (String i : List.of("i-a", "i-b", "i-c")) rig.instance("api", i, 10, 20, 120, 1);
        rig.publish();
        String future = rig.prefix + "." + FaultRig.ENV + ".api.i-c.rate";
        List<String> lines = new ArrayList<>();
        for (int m = 0; m <= 10; m++) lines.add(future + " 1000 " + (rig.now + 60L * m));
        rig.graphite.writePlaintext(lines);
        awaitFuturePoints(future, 11);

        RunReport report = rig.run(rig.config("api"));
        ServiceOutcome api = report.services().get(0);
        CapacityDecision.ScaleTo t = assertInstanceOf(CapacityDecision.ScaleTo.class, api.decision(), api.toString());
        assertEquals(0.6, t.basis().offeredLoad(), 1e-9, "three instances at 0.2 Erlangs, nothing from the future");
        assertEquals(rig.now - 60, api.forecastOrigin(), "the newest point read is the minute before now");
        assertTrue(t.capacity() <= 3, t.toString());
        assertTrue(rig.sets().stream().noneMatch(s -> s.equals("api-asg=20")), rig.sets().toString());
    }

    /** Polls render with {@code now} in the future (as the stock graphite-web needs to show them) until Carbon stored them. */
    private void awaitFuturePoints(String path, int points) throws Exception {
        long until = rig.now + 11 * 60;
        URI uri = URI.create(rig.graphite.renderUri() + "?format=json&target=" + path + "&from=" + (rig.now - 60) + "&until="
                + until + "&now=" + until);
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            String body = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body();
            if (body.split("\\[1000\\.0, ").length - 1 >= points) return;
            if (System.nanoTime() > deadline) throw new AssertionError("Carbon did not store the future points: " + body);
            Thread.sleep(100);
        }
    }

    @Test
    void an_agent_clock_behind_the_run_holds_a_scale_in_and_says_its_points_are_older_than_the_others() throws Exception {
        // i-c's clock runs 7 minutes behind: the minute before now is stamped 8 minutes ago, every run. Within the
        // staleness limit (10 min), but further behind the others than a late reporter (5 steps): the reader leaves it
        // out of the newest sums. The group (10) is far larger than the load (0.6 Erlangs) needs.
        rig.group("api", 10, 1, 20, "i-a", "i-b", "i-c");
        rig.instance("api", "i-a", 10, 20, 127, 1).instance("api", "i-b", 10, 20, 127, 1).instance("api", "i-c", 10, 20, 127, 8);
        rig.publish();
        RunReport report = rig.run(rig.config("api"));
        CapacityDecision.Hold h = held(report.services().get(0), CapacityDecision.HoldReason.INSTANCES_WITHOUT_DATA);
        assertTrue(h.detail().startsWith("1 of 3 InService instance(s) without fresh data (i-c); i-c's newest point is 7 min"
                + " older than the service's newest (its agent stopped, a relay is late, or its clock runs that far behind)"
                + ": their load is unknown, so no scale-in (would scale in to "), h.detail());
        assertEquals(List.of(), rig.sets());
        assertEquals(RunReport.INCOMPLETE, report.exitCode());
    }

    @Test
    void an_agent_clock_a_minute_or_two_behind_only_delays_the_newest_sums() throws Exception {
        rig.group("api", 10, 1, 20, "i-a", "i-b", "i-c");
        rig.instance("api", "i-a", 10, 20, 122, 1).instance("api", "i-b", 10, 20, 122, 1).instance("api", "i-c", 10, 20, 122, 3);
        rig.publish();
        RunReport report = rig.run(rig.config("api"));
        ServiceOutcome api = report.services().get(0);
        CapacityDecision.ScaleTo t = assertInstanceOf(CapacityDecision.ScaleTo.class, api.decision(), api.toString());
        assertEquals(rig.now - 3 * 60, api.forecastOrigin(), "the load ends at the last minute every instance reported");
        assertEquals(0.6, t.basis().offeredLoad(), 1e-9, "all three counted");
        assertTrue(t.capacity() < 10, "a scale-in on data covering every instance: " + t);
    }

    // ---- one instance, two series

    @Test
    void two_series_for_one_instance_hold_instead_of_counting_its_load_twice() throws Exception {
        // after a metric rename the old name is still written beside the new one
        rig.group("api", 3, 1, 20, "i-a", "i-b");
        for (String i : List.of("i-a", "i-b", "i-a_old")) rig.instance("api", i, 40, 20, 120, 1);
        rig.publish();
        RunReport report = rig.run(rig.config("api"));
        CapacityDecision.Hold h = held(report.services().get(0), CapacityDecision.HoldReason.SOURCE_ERROR);
        assertTrue(h.detail().contains("prod.api: two series name instance i-a of the group: i-a and i-a_old both report:"
                + " its load would count twice; refusing to guess which series is right"), h.detail());
        assertEquals(List.of(), rig.sets());
    }

    @Test
    void two_series_whose_instance_ids_differ_only_in_case_hold_too() throws Exception {
        rig.group("api", 3, 1, 20, "i-a", "i-b");
        for (String i : List.of("i-a", "i-b", "I-B")) rig.instance("api", i, 40, 20, 120, 1);
        rig.publish();
        RunReport report = rig.run(rig.config("api"));
        CapacityDecision.Hold h = held(report.services().get(0), CapacityDecision.HoldReason.SOURCE_ERROR);
        assertTrue(h.detail().contains("two series name instance I-B: I-B and i-b both report"), h.detail());
    }

    @Test
    void a_renamed_series_that_took_over_from_the_old_one_counts_once() throws Exception {
        // the old name stopped 40 minutes ago, when the new one began: no minute has both
        rig.group("api", 3, 1, 20, "i-a", "i-b");
        rig.instance("api", "i-a_old", 40, 20, 120, 41).instance("api", "i-a", 40, 20, 40, 1).instance("api", "i-b", 40, 20, 120, 1);
        rig.publish();
        RunReport report = rig.run(rig.config("api"));
        CapacityDecision.ScaleTo t = assertInstanceOf(CapacityDecision.ScaleTo.class, report.services().get(0).decision());
        assertEquals(1.6, t.basis().offeredLoad(), 1e-9, "two instances at 0.8 Erlangs, each counted once");
    }

    @Test
    void an_instance_that_reports_under_its_id_in_other_case_is_named_when_it_holds_a_scale_in() throws Exception {
        rig.group("api", 10, 1, 20, "i-a", "i-b");
        rig.instance("api", "i-a", 10, 20, 120, 1).instance("api", "I-B", 10, 20, 120, 1);
        rig.publish();
        RunReport report = rig.run(rig.config("api"));
        CapacityDecision.Hold h = held(report.services().get(0), CapacityDecision.HoldReason.INSTANCES_WITHOUT_DATA);
        assertTrue(h.detail().startsWith("1 of 2 InService instance(s) without fresh data (i-b); i-b reports as I-B"
                + " (instance ids are compared exactly"), h.detail());
    }

    // ---- archives

    /** Creates the whisper files of the instances' rate and time with these archives, before Carbon sees them. */
    private void whisper(String schema, double xFilesFactor, String... instances) throws IOException, InterruptedException {
        for (String i : instances)
            for (String metric : List.of("rate", "time")) {
                Path file = rig.graphite.directory().resolve("storage/whisper/" + rig.prefix + "/" + FaultRig.ENV + "/api/" + i
                        + "/" + metric + ".wsp");
                Files.createDirectories(file.getParent());
                List<String> command = new ArrayList<>(List.of("whisper-create", file.toString()));
                command.addAll(List.of(schema.split(" ")));
                command.add("--xFilesFactor=" + xFilesFactor);
                Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes());
                assertEquals(0, p.waitFor(), out);
            }
    }

    /** Writes what the rig queued and waits until graphite-web serves {@code points} of each series over the last 3 hours. */
    private void publishAtLeast(int points, String... instances) {
        rig.send();
        for (String i : instances)
            for (String metric : List.of("rate", "time")) {
                String path = rig.prefix + "." + FaultRig.ENV + ".api." + i + "." + metric; rig.graphite.awaitSeries(path, rig.now - 3 * 3600, rig.now, points, Duration.ofSeconds(90));
            }
    }

    /**
     * Waits until graphite-web answers the instances' series at 5-minute steps with the dense part present and the slots from
     * {@code sparse} on null: Carbon has written its cache to the files (before, graphite-web averages the cached minutes of a
     * slot without the xFilesFactor, as a real Graphite does for a few seconds after each write).
     */
    private void awaitFlushed(long sparse, String... instances) throws Exception {
        GraphiteRenderSource graphite = GraphiteRenderSource.create(rig.graphite.baseUri(), Duration.ofSeconds(10));
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        for (String i : instances)
            for (String metric : List.of("rate", "time")) {
                String path = rig.prefix + "." + FaultRig.ENV + ".api." + i + "." + metric;
                while (true) {
                    List<Series> found = graphite.fetch(path, Instant.ofEpochSecond(rig.now - 3 * 3600), Instant.ofEpochSecond(rig.now),
                            Duration.ofMinutes(5));
                    Series s = found.isEmpty() ? null : found.get(0);
                    if (s != null && s.step() == 300 && s.presentCount() >= 15 && nullFrom(s, sparse)) break;
                    if (System.nanoTime() > deadline) throw new AssertionError("Graphite did not settle " + path + ": " + s);
                    Thread.sleep(200);
                }
            }
    }

    private static boolean nullFrom(Series s, long t) {
        for (int j = (int) ((t - s.start()) / s.step()); j < s.size(); j++) if (!s.isGap(j)) return false;
        return true;
    }

    @Test
    void a_recent_window_that_reaches_past_the_finest_archive_holds_naming_both_steps() throws Exception {
        // 1-minute points for 30 minutes only, then 5-minute averages: the recent window (78 min) crosses into the
        // 5-minute archive, and whisper answers the whole read from it
        whisper("60s:30m 5m:1d", 0, "i-a", "i-b");
        rig.group("api", 6, 1, 20, "i-a", "i-b");
        for (String i : List.of("i-a", "i-b")) rig.instance("api", i, 10, 20, 120, 1);
        publishAtLeast(20, "i-a", "i-b");
        RunReport report = rig.run(rig.config("api"));
        CapacityDecision.Hold h = held(report.services().get(0), CapacityDecision.HoldReason.SOURCE_ERROR);
        assertTrue(h.detail().contains("at a 300s step; the configured step is 60s"), h.detail());
        assertTrue(h.detail().contains(rig.prefix + "." + FaultRig.ENV + ".api.i-"), h.detail());
        assertEquals(List.of(), rig.sets());
    }

    @Test
    void nulls_an_aggregated_archive_keeps_for_sparse_minutes_are_gaps_never_zero_and_the_step_stays_right() throws Exception {
        // a 5-minute archive with xFilesFactor 0.5 under a 2-hour 1-minute one, read at a 5-minute step over 3 hours (so
        // whisper answers from the 5-minute archive). The last 15 minutes are sparse (2 of 5 minutes each): their
        // averages are never stored, null. Read as zero, the group of 6 would scale in; read as gaps, the newest point
        // is 20 minutes old
        whisper("60s:2h 5m:1d", 0.5, "i-a", "i-b");
        rig.group("api", 6, 1, 20, "i-a", "i-b");
        long sparse = (rig.now - 15 * 60) / 300 * 300; // from this 5-minute slot on, 2 minutes of each 5
        for (String i : List.of("i-a", "i-b"))
            for (int m = 110; m >= 1; m--) {
                long t = rig.now - 60L * m;
                if (t >= sparse && t % 300 >= 120) continue;
                rig.series("api", i, "rate", m, m, x -> 10 + x % 5);
                rig.series("api", i, "time", m, m, x -> 20);
            }
        rig.send();
        awaitFlushed(sparse, "i-a", "i-b");
        LeptoidConfig config = ConfigLoader.parse(rig.yaml(rig.graphite.baseUri(), rig.graphite.carbonPort(), "api")
                .replace("step: 1m", "step: 5m").replace("lookback: 2h", "lookback: 3h"), "faults.yaml");
        RunReport report = rig.run(config);
        CapacityDecision.Hold h = assertInstanceOf(CapacityDecision.Hold.class, report.services().get(0).decision());
        assertTrue(h.code() == CapacityDecision.HoldReason.STALE_DATA || h.code() == CapacityDecision.HoldReason.INSUFFICIENT_DATA,
                h.toString());
        assertEquals(List.of(), rig.sets());

        // what the run read: 5-minute steps, the stored averages, NaN where the archive has nulls
        ServiceConfig api = config.environment(FaultRig.ENV).orElseThrow().services().get(0);
        ServiceView v = new ServiceLoadReader(GraphiteRenderSource.create(rig.graphite.baseUri(), Duration.ofSeconds(30)))
                .read(FaultRig.ENV, api, Instant.ofEpochSecond(rig.now));
        Series load = v.offeredLoad();
        assertEquals(300, load.step());
        for (int i = 0; i < load.size(); i++) {
            long t = load.timeAt(i);
            if (t >= sparse) assertTrue(Double.isNaN(load.valueAt(i)), "null at " + Instant.ofEpochSecond(t) + " read as " + load.valueAt(i));
            else if (t >= rig.now - 105 * 60)
                assertEquals(2 * 12 * 0.02, load.valueAt(i), 1e-9, "the 5-minute average of 10..14/s at 20 ms, two instances");
        }
    }
}
