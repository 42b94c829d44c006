package dev.leptoid.cli;

import dev.leptoid.testing.LocalGraphite;
import dev.leptoid.testing.RefusingPort;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InspectCommandTest {

    @TempDir Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();

    private int run(String... args) {
        List<String> argv = new ArrayList<>(List.of("inspect"));
        argv.addAll(List.of(args));
        return Main.standard().run(argv, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() { return out.toString(StandardCharsets.UTF_8); }

    private String err() { return err.toString(StandardCharsets.UTF_8); }

    private Path config(String url, String env) throws Exception {
        return config(url, env, "1h");
    }

    private Path config(String url, String env, String lookback) throws Exception {
        Path f = dir.resolve("leptoid.yaml");
        Files.writeString(f, """
                graphite: {url: "%s", attempts: 1, timeout: 5s}
                environments:
                  %s:
                    services:
                      web:
                        auto_scaling_group: web-asg
                        metrics: {utilization: "{environment}.{service}.{instance}.cpu", step: 1m, lookback: %s}
                      api:
                        auto_scaling_group: api-asg
                        metrics: {utilization: "{environment}.{service}.{instance}.cpu", step: 1m, lookback: %s}
                """.formatted(url, env, lookback, lookback));
        return f;
    }

    @Test
    void needs_a_config_and_an_environment() throws Exception {
        assertEquals(2, run("--environment", "prod"));
        assertTrue(err().contains("--config is required"), err());
        assertEquals(2, run("--config", config("http://127.0.0.1:1", "prod").toString(), "--environment", "staging"));
        assertTrue(err().contains("no environment 'staging' (have: prod)"), err());
    }

    @Test
    void an_unreachable_graphite_is_reported_per_service_and_exits_one() throws Exception {
        try (RefusingPort refusing = new RefusingPort()) {
            assertEquals(1, run("--config", config("http://127.0.0.1:" + refusing.port(), "prod").toString(), "--environment", "prod"));
        }
        assertTrue(out().contains("service web") && out().contains("ERROR: Graphite") && out().contains("unreachable"), out());
    }

    /** Each test's own environment name in the shared Graphite, the time it runs at, and its newest minute. */
    private final String env = "inspect" + Long.toString(System.nanoTime(), 36);
    private final long now = Instant.now().getEpochSecond();
    private final long last = now / 60 * 60 - 60;

    /** 30 one-minute points of {@code value} up to {@code last}, but the {@code missing} minutes before it; waits until readable. */
    private static void write(LocalGraphite graphite, String path, double value, long last, Set<Integer> missing) throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 30; i++) if (!missing.contains(i)) lines.add(path + " " + value + " " + (last - i * 60));
        graphite.writePlaintext(lines);
        graphite.awaitSeries(path, last - 3600, last, lines.size(), Duration.ofSeconds(30));
    }

    @Test
    @Tag("graphite")
    void prints_each_instance_with_points_gaps_last_value_and_utilization() throws Exception {
        LocalGraphite graphite = LocalGraphite.shared();
        write(graphite, env + ".web.i-aaa.cpu", 40, last, Set.of());
        write(graphite, env + ".web.i-bbb.cpu", 25, last, Set.of(5, 6)); // a two-step gap

        int code = run("--config", config(graphite.baseUri().toString(), env).toString(), "--environment", env,
                "--at", Long.toString(now));

        String o = out();
        assertEquals(1, code, "api has no data at all: " + o);
        assertTrue(o.contains("offered load: 0.650 Erlangs at " + Instant.ofEpochSecond(last)), o);
        assertTrue(o.contains("needs 2 instances at 60% target"), o);
        assertTrue(o.matches("(?s).*i-aaa\\s+reporting\\s+30\\s+0\\s+0\\s+" + Instant.ofEpochSecond(last) + "\\s+\\S+\\s+0\\.400.*"), o);
        assertTrue(o.matches("(?s).*i-bbb\\s+reporting\\s+28\\s+2\\s+2\\s+.*0\\.250.*"), o);
        assertTrue(o.contains("service api") && o.contains("INSUFFICIENT DATA: no instances found"), o);
    }

    @Test
    @Tag("graphite")
    void a_look_back_past_the_finest_archive_is_shortened_as_a_run_does_and_says_so() throws Exception {
        // scripts/graphite keeps 1-minute points for 30 days and 5-minute averages beyond: a read reaching
        // back 40 days comes back at 300 s for its whole range (LoadHistoryGraphiteTest)
        LocalGraphite graphite = LocalGraphite.shared();
        write(graphite, env + ".web.i-aaa.cpu", 40, last, Set.of());

        run("--config", config(graphite.baseUri().toString(), env, "40d").toString(), "--environment", env, "--service", "web",
                "--at", Long.toString(now));

        String o = out();
        assertTrue(o.contains("look-back shortened to 20d: further back Graphite answers from a coarser archive"), o);
        assertTrue(o.matches("(?s).*i-aaa\\s+reporting\\s+30\\s+.*0\\.400.*"), o);
        assertTrue(o.contains("offered load: 0.400 Erlangs at " + Instant.ofEpochSecond(last)), o);
        assertFalse(o.contains("ERROR"), o);
    }
}
