package dev.leptoid.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leptoid.forecast.LastValueForecaster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
        assertEquals(4 * 3, list.size());
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

    @Test
    void sweeps_include_both_ends() {
        assertEquals(List.of(0.3, 0.35, 0.4), BacktestCommand.sweep("0.3:0.4:0.05"));
        assertEquals(List.of(0.6), BacktestCommand.sweep("0.6:0.6:0.1"));
    }
}
