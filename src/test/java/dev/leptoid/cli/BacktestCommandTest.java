package dev.leptoid.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leptoid.forecast.LastValueForecaster;
import dev.leptoid.model.ServiceQueue;
import dev.leptoid.simulation.Backtest;
import dev.leptoid.simulation.BundledTraces;
import dev.leptoid.simulation.Workload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BacktestCommandTest {

    record Outcome(int code, String out, String err) {}

    static Outcome backtest(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        List<String> argv = new ArrayList<>(List.of("backtest"));
        argv.addAll(List.of(args));
        int code = new Main(List.of(new BacktestCommand(new LastValueForecaster())))
                .run(argv, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Two days of a daily wave, 5-minute steps, requests per second, with a service_time column. */
    static Path trace(Path dir) throws Exception {
        StringBuilder b = new StringBuilder("timestamp,value,service_time\n");
        long t0 = 1_700_000_100L;
        for (int i = 0; i < 2 * 288; i++)
            b.append(t0 + i * 300L).append(',').append(200 + 150 * Math.sin(2 * Math.PI * i / 288)).append(",0.05\n");
        Path f = dir.resolve("wave.csv");
        Files.writeString(f, b.toString());
        return f;
    }

    @Test
    void json_has_one_object_per_trace_policy_and_target_with_exactly_the_documented_keys(@TempDir Path dir) throws Exception {
        Outcome o = backtest("--trace", trace(dir).toString(), "--sweep", "0.5:0.7:0.1", "--history", "1d", "--format", "json");
        assertEquals(0, o.code(), o.err());
        JsonNode list = new ObjectMapper().readTree(o.out());
        assertEquals(4 * 3 + 1, list.size()); // four replayed policies at three targets, and the perfect-foresight floor
        for (JsonNode n : list) {
            List<String> keys = new ArrayList<>();
            for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) keys.add(it.next());
            assertEquals(List.of("trace", "policy", "target", "instance_hours", "breach_minutes", "minutes", "actions"), keys);
            assertEquals("wave.csv", n.get("trace").asText());
            // one day measured: 1 day + 1 last point of the two-day trace, interpolated to minutes
            assertEquals(1436, n.get("minutes").asInt());
            assertTrue(n.get("instance_hours").asDouble() > 0);
        }
        // static peak: 350 req/s x 0.05 s = 17.5 Erlangs at 0.5 -> 35 instances for the whole measured day
        JsonNode sp = list.get(9);
        assertEquals("static-peak", sp.get("policy").asText());
        assertEquals(0.5, sp.get("target").asDouble());
        assertEquals(35 * 1436 / 60.0, sp.get("instance_hours").asDouble(), 0.01);
        assertEquals(0, sp.get("breach_minutes").asInt());
    }

    @Test
    void the_table_gives_each_policy_cost_at_the_slo_and_the_report_has_plots(@TempDir Path dir) throws Exception {
        Outcome o = backtest("--trace", trace(dir).toString(), "--policy", "target-tracking", "--policy", "static-peak",
                "--sweep", "0.6:0.8:0.1", "--history", "1d", "--report", dir.resolve("r").toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("cost at the SLO"), o.out());
        assertTrue(o.out().matches("(?s).*static-peak +[0-9.]+ instance-hours \\(target 0\\.80.*"), o.out());
        String html = Files.readString(dir.resolve("r/index.html"));
        assertTrue(html.contains("<svg") && html.contains("<polyline"), "plots");
        assertTrue(html.contains("target-tracking") && html.contains("wave.csv"));
        assertTrue(o.out().contains("report: " + dir.resolve("r/index.html")));
    }

    @Test
    void bad_input_is_one_line_and_exit_code_2(@TempDir Path dir) throws Exception {
        assertEquals(2, backtest().code());
        Outcome unknown = backtest("--trace", trace(dir).toString(), "--policy", "hpa");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().startsWith("leptoid backtest: unknown policy 'hpa'"), unknown.err());
        Outcome sweep = backtest("--trace", trace(dir).toString(), "--sweep", "0.8:0.5:0.1");
        assertEquals(2, sweep.code());
        assertTrue(sweep.err().contains("--sweep needs LO <= HI"), sweep.err());
        Outcome both = backtest("--trace", trace(dir).toString(), "--sweep", "0.5:0.8:0.1", "--target", "0.6");
        assertEquals(2, both.code());
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "timestamp,value\n1700000000,10\n1700000300,ten\n");
        Outcome badFile = backtest("--trace", bad.toString());
        assertEquals("leptoid backtest: bad.csv:3: value 'ten' is not a number\n", badFile.err());
        assertEquals(2, badFile.code());
    }

    /** A day of 5-minute rows of 100 req/s (with a service_time column of 20 ms), row k (2-based, header = 1) replaced. */
    static Path rows(Path dir, String name, boolean serviceTime, int row, String replacement) throws Exception {
        StringBuilder b = new StringBuilder(serviceTime ? "timestamp,value,service_time\n" : "timestamp,value\n");
        for (int i = 0; i < 288; i++) {
            String line = (1_700_000_100L + i * 300L) + ",100" + (serviceTime ? ",0.02" : "");
            b.append(i + 2 == row ? replacement : line).append('\n');
        }
        Path f = dir.resolve(name);
        Files.writeString(f, b.toString());
        return f;
    }

    @Test
    void infinite_negative_and_overflowing_rows_are_one_line_naming_file_and_row(@TempDir Path dir) throws Exception {
        Outcome inf = backtest("--trace", rows(dir, "inf.csv", false, 40, "1700011800,Infinity").toString(), "--history", "1h");
        assertEquals("leptoid backtest: inf.csv:40: value 'Infinity' is infinite\n", inf.err());
        assertEquals(2, inf.code());
        Outcome negative = backtest("--trace", rows(dir, "neg.csv", false, 7, "1700001900,-5").toString(), "--history", "1h");
        assertEquals("leptoid backtest: neg.csv:7: value -5 is negative (an arrival rate)\n", negative.err());
        assertEquals(2, negative.code());
        Outcome service = backtest("--trace", rows(dir, "st.csv", true, 100, "1700029800,10,1e308").toString(), "--history", "1h");
        assertEquals("leptoid backtest: st.csv:100: offered load Infinity Erlangs (value x service time) is above a billion; "
                + "check the units (requests per second, seconds)\n", service.err());
        assertEquals(2, service.code());
        Outcome rate = backtest("--trace", rows(dir, "rate.csv", false, 3, "1700000400,1e308").toString(), "--history", "1h",
                "--service-time", "20ms");
        assertEquals("leptoid backtest: rate.csv:3: offered load 2.00e+306 Erlangs (value x service time) is above a billion; "
                + "check the units (requests per second, seconds)\n", rate.err());
        assertEquals("", inf.out() + negative.out() + service.out() + rate.out());
    }

    @Test
    void an_export_with_a_repeated_timestamp_is_replayed_on_its_grid_and_the_repair_is_one_line(@TempDir Path dir)
            throws Exception {
        // row 50 repeats row 49's timestamp (an export in local time at a daylight-saving change): the two rows share a
        // slot, averaged, and row 50's own slot is a gap -- as `leptoid forecast` reads such a file
        Path dup = rows(dir, "dup.csv", false, 50, (1_700_000_100L + 47 * 300L) + ",300");
        Outcome o = backtest("--trace", dup.toString(), "--history", "1h", "--policy", "target-tracking", "--target", "0.7");
        assertEquals("leptoid backtest: dup.csv: 1 rows sharing a slot averaged\n", o.err());
        assertEquals(0, o.code());
        assertTrue(o.out().contains("dup.csv: "), o.out());
    }

    @Test
    void a_trace_of_huge_values_is_rejected_at_its_first_row(@TempDir Path dir) throws Exception {
        StringBuilder b = new StringBuilder("timestamp,value,service_time\n");
        for (int i = 0; i < 500; i++) b.append(1_700_000_100L + i * 60L).append(",1e308,1e308\n");
        Path f = dir.resolve("huge.csv");
        Files.writeString(f, b.toString());
        Outcome o = backtest("--trace", f.toString(), "--history", "1h");
        assertEquals(2, o.code());
        assertTrue(o.err().startsWith("leptoid backtest: huge.csv:2: offered load Infinity Erlangs"), o.err());
    }

    @Test
    void help_prints_the_usage_with_its_percent_signs() {
        Outcome help = backtest("--help");
        assertEquals(0, help.code(), help.err());
        assertTrue(help.out().contains("most 0.1 % of the minutes"), help.out());
        assertTrue(help.out().contains("(default " + BacktestCommand.DEFAULT_SWEEP + ")"), help.out());
        assertTrue(help.out().contains("[--from DATE]") && help.out().contains("--from DATE          replay from this ISO date"),
                help.out());
    }

    @Test
    void a_trace_with_nothing_left_to_measure_is_an_error_not_an_empty_table(@TempDir Path dir) throws Exception {
        Path day = rows(dir, "day.csv", true, 0, "");
        Outcome history = backtest("--trace", day.toString(), "--history", "1d");
        assertEquals("leptoid backtest: day.csv: the trace has 1436 minutes; after 1436 minutes of --history, 0 are left to measure "
                + "(at least 10 needed: lead time + run interval)\n", history.err());
        assertEquals(2, history.code());
        assertEquals("", history.out());
        Path two = dir.resolve("two.csv");
        Files.writeString(two, "timestamp,value\n1700000100,10\n1700000400,12\n");
        Outcome twoPoints = backtest("--trace", two.toString(), "--history", "0s");
        assertEquals("leptoid backtest: two.csv: the trace has 6 minutes; after 0 minutes of --history, 6 are left to measure "
                + "(at least 10 needed: lead time + run interval)\n", twoPoints.err());
        assertEquals(2, twoPoints.code());
        Outcome zeroDays = backtest("--trace", day.toString(), "--days", "0");
        assertEquals("leptoid backtest: --days must be at least 1, got 0 (see: leptoid backtest --help)\n", zeroDays.err());
        assertEquals(2, zeroDays.code());
    }

    @Test
    void a_trace_whose_rows_span_more_steps_than_the_limit_is_an_error_before_any_grid_is_made(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("span.csv");
        Files.writeString(f, "timestamp,value\n0,10\n60,10\n" + 60L * 2_000_000 + ",10\n");
        Outcome o = backtest("--trace", f.toString());
        assertEquals("leptoid backtest: span.csv: the rows span 2000001 steps of 60 s; at most 1000000\n", o.err());
        assertEquals(2, o.code());
    }

    @Test
    void a_measured_span_under_a_day_is_told_in_hours(@TempDir Path dir) throws Exception {
        Outcome o = backtest("--trace", rows(dir, "day.csv", true, 0, "").toString(), "--history", "20h", "--policy", "static-peak",
                "--target", "0.5");
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("day.csv: 3.9 hours measured (after 20.0 hours of history), mean 100 req/s"), o.out());
    }

    @Test
    void the_table_gives_the_saving_against_target_tracking_and_the_share_of_the_possible(@TempDir Path dir) throws Exception {
        Outcome o = backtest("--trace", trace(dir).toString(), "--policy", "target-tracking", "--policy", "static-peak",
                "--policy", "perfect", "--sweep", "0.6:0.8:0.1", "--history", "1d");
        assertEquals(0, o.code(), o.err());
        java.util.regex.Matcher tt = java.util.regex.Pattern.compile("target-tracking +([0-9.]+) instance-hours").matcher(o.out());
        java.util.regex.Matcher sp = java.util.regex.Pattern.compile("static-peak +([0-9.]+) instance-hours .*; ([0-9.]+) % dearer than "
                + "target-tracking, (-?[0-9]+) % of the possible saving").matcher(o.out());
        java.util.regex.Matcher pf = java.util.regex.Pattern.compile("perfect +([0-9.]+) instance-hours .*; ([0-9.]+) % cheaper than "
                + "target-tracking\n").matcher(o.out());
        assertTrue(tt.find() && sp.find() && pf.find(), o.out());
        double t = Double.parseDouble(tt.group(1)), s = Double.parseDouble(sp.group(1)), p = Double.parseDouble(pf.group(1));
        assertTrue(p < t && t < s, "perfect < target tracking < static peak on a wave: " + o.out());
        assertEquals(100 * (s / t - 1), Double.parseDouble(sp.group(2)), 0.06);
        // from the printed (rounded) hours: within a few points of a share of about -900 %
        assertEquals(100 * (t - s) / (t - p), Long.parseLong(sp.group(3)), 0.01 * Math.abs(100 * (t - s) / (t - p)));
        assertEquals(100 * (1 - p / t), Double.parseDouble(pf.group(2)), 0.06);
    }

    @Test
    void each_lead_time_is_replayed_on_its_own_and_summarized(@TempDir Path dir) throws Exception {
        Outcome o = backtest("--trace", trace(dir).toString(), "--policy", "target-tracking", "--policy", "perfect",
                "--target", "0.7", "--history", "1d", "--lead-time", "5m", "--lead-time", "15m");
        assertEquals(0, o.code(), o.err());
        for (String lead : List.of("5", "15"))
            assertTrue(java.util.regex.Pattern.compile("wave\\.csv @ " + lead + " min lead: [0-9.]+ (hours|days) measured")
                    .matcher(o.out()).find(), o.out());
        assertTrue(o.out().contains("per lead time (cost at the SLO, instance-hours"), o.out());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^  wave\\.csv +(5|15) min +([0-9.]+|no SLO) +no SLO +([0-9.]+)")
                .matcher(o.out());
        List<String> rows = new ArrayList<>();
        while (m.find()) rows.add(m.group(1) + ":" + m.group(3));
        assertEquals(2, rows.size(), o.out());
        // perfect foresight has no lead: the same floor at both lead times
        assertEquals(rows.get(0).split(":")[1], rows.get(1).split(":")[1]);
        Outcome bad = backtest("--trace", trace(dir).toString(), "--lead-time", "soon");
        assertEquals(2, bad.code());
        assertTrue(bad.err().startsWith("leptoid backtest: --lead-time: "), bad.err());
    }

    @Test
    void a_drain_bills_each_scale_in_and_the_table_says_so(@TempDir Path dir) throws Exception {
        Pattern hours = Pattern.compile("target-tracking +([0-9.]+) instance-hours \\(target 0.70, "
                + "[0-9]+ breach minutes, ([0-9]+) actions\\)");
        Outcome none = backtest("--trace", trace(dir).toString(), "--policy", "target-tracking", "--target", "0.7", "--history", "1d",
                "--drain", "0s");
        Outcome drained = backtest("--trace", trace(dir).toString(), "--policy", "target-tracking", "--target", "0.7", "--history", "1d");
        assertEquals(0, none.code(), none.err());
        assertEquals(0, drained.code(), drained.err());
        assertTrue(drained.out().contains("drain 5 min"), drained.out());
        assertTrue(none.out().contains("drain 0 min"), none.out());
        Matcher a = hours.matcher(none.out()), b = hours.matcher(drained.out());
        assertTrue(a.find() && b.find(), none.out() + drained.out());
        assertEquals(a.group(2), b.group(2), "the same decisions");
        assertTrue(Double.parseDouble(b.group(1)) > Double.parseDouble(a.group(1)), "a wave scales in: each scale-in drains 5 minutes");
        Outcome negative = backtest("--trace", trace(dir).toString(), "--drain", "-1s");
        assertEquals(2, negative.code());
        assertTrue(negative.err().startsWith("leptoid backtest: --drain"), negative.err());
    }

    /** The peak offered load of bundled taxi's minutes [from, from + minutes), as the backtest scales it. */
    static double taxiPeak(Instant from, int minutes) throws Exception {
        Workload taxi = BundledTraces.workload(BundledTraces.TAXI, BundledTraces.SERVICE_TIME);
        int first = (int) ((from.getEpochSecond() - taxi.timeAt(0)) / Workload.MINUTE);
        double peak = 0;
        for (int i = first; i < first + minutes; i++) peak = Math.max(peak, taxi.load(i));
        return peak;
    }

    @Test
    void from_a_date_replays_that_window_of_the_bundled_trace_history_first() throws Exception {
        Outcome o = backtest("--trace", BundledTraces.TAXI, "--from", "2014-10-19", "--days", "4", "--policy", "static-peak",
                "--target", "0.7");
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("nyc_taxi.csv: 1.0 days measured (after 3.0 days of history)"), o.out());
        assertTrue(o.out().contains("replayed 2014-10-19T00:00:00Z to 2014-10-23T00:00:00Z, measured from 2014-10-22T00:00:00Z"),
                o.out());
        // static peak holds the measured day's peak at the target: the peak of 22 October, not of the trace's first days
        double peak = taxiPeak(Instant.parse("2014-10-22T00:00:00Z"), 1440);
        assertNotEquals(ServiceQueue.capacityFor(peak, 0.7), ServiceQueue.capacityFor(taxiPeak(Instant.parse("2014-07-04T00:00:00Z"), 1440), 0.7));
        Matcher m = Pattern.compile("static-peak +([0-9.]+) instance-hours").matcher(o.out());
        assertTrue(m.find(), o.out());
        assertEquals(ServiceQueue.capacityFor(peak, 0.7) * 24.0, Double.parseDouble(m.group(1)), 0.05);
        // an instant starts at its minute
        Outcome noon = backtest("--trace", BundledTraces.TAXI, "--from", "2014-10-19T12:00:00Z", "--days", "4", "--policy",
                "static-peak", "--target", "0.7");
        assertTrue(noon.out().contains("replayed 2014-10-19T12:00:00Z to 2014-10-23T12:00:00Z, measured from 2014-10-22T12:00:00Z"),
                noon.out());
    }

    @Test
    void a_from_outside_the_trace_or_not_a_date_is_one_line_and_exit_code_2() {
        Outcome before = backtest("--trace", BundledTraces.TAXI, "--from", "2014-06-30", "--policy", "static-peak");
        assertEquals("leptoid backtest: nyc_taxi.csv: --from 2014-06-30T00:00:00Z is outside the trace "
                + "(2014-07-01T00:00:00Z to 2015-01-31T23:30:00Z)\n", before.err());
        assertEquals(2, before.code());
        Outcome after = backtest("--trace", BundledTraces.TAXI, "--from", "2015-02-01", "--policy", "static-peak");
        assertEquals("leptoid backtest: nyc_taxi.csv: --from 2015-02-01T00:00:00Z is outside the trace "
                + "(2014-07-01T00:00:00Z to 2015-01-31T23:30:00Z)\n", after.err());
        assertEquals(2, after.code());
        Outcome notADate = backtest("--trace", BundledTraces.TAXI, "--from", "31/01/2015");
        assertEquals("leptoid backtest: --from needs an ISO date or instant (e.g. 2014-10-19 or 2014-10-19T12:00:00Z), "
                + "got '31/01/2015' (see: leptoid backtest --help)\n", notADate.err());
        assertEquals(2, notADate.code());
        // inside the trace, but too near its end to leave anything after the history
        Outcome late = backtest("--trace", BundledTraces.TAXI, "--from", "2015-01-30", "--policy", "static-peak");
        assertTrue(late.err().startsWith("leptoid backtest: nyc_taxi.csv: the trace has 2851 minutes; after 2851 minutes of --history"),
                late.err());
        assertEquals(2, late.code());
        assertEquals("", before.out() + after.out() + notADate.out() + late.out());
    }

    @Test
    void leptoid_without_the_read_back_is_a_policy_of_its_own() {
        assertTrue(BacktestCommand.KNOWN.contains("leptoid-no-readback"));
        assertFalse(BacktestCommand.POLICIES.contains("leptoid-no-readback"), "only when asked for");
    }

    @Test
    void sweeps_include_both_ends() {
        assertEquals(List.of(0.3, 0.35, 0.4), BacktestCommand.sweep("0.3:0.4:0.05"));
        assertEquals(List.of(0.6), BacktestCommand.sweep("0.6:0.6:0.1"));
    }

    private static Backtest.Outcome run(String policy, double target, double hours, int breaches) {
        return new Backtest.Outcome("t", policy, target, hours, breaches, 10_000, 0, Double.NaN, 0,
                new double[0], new int[0], new int[0], List.of());
    }

    @Test
    void the_verdict_says_what_leptoid_costs_with_no_more_breach_minutes_than_target_tracking() {
        assertEquals("=> leptoid costs 15.0 % less than target tracking at the SLO; within target tracking's 2 breach minutes it costs "
                        + "12.0 % less (88.0 instance-hours, target 0.80, 2 breach minutes)",
                BacktestCommand.verdict("t", List.of(run("target-tracking", 0.7, 100, 2), run("leptoid", 0.85, 85, 8),
                        run("leptoid", 0.8, 88, 2))));
        assertEquals("=> leptoid costs 12.0 % less than target tracking at the SLO, with no more breach minutes (2 against 5)",
                BacktestCommand.verdict("t", List.of(run("target-tracking", 0.7, 100, 5), run("leptoid", 0.8, 88, 2))));
        assertEquals("=> leptoid costs 3.0 % more than target tracking at the SLO; no target swept keeps leptoid within target "
                        + "tracking's 0 breach minutes",
                BacktestCommand.verdict("t", List.of(run("target-tracking", 0.7, 100, 0), run("leptoid", 0.8, 103, 2))));
    }
}
