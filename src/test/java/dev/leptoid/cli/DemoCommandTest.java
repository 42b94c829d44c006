package dev.leptoid.cli;

import dev.leptoid.forecast.LastValueForecaster;
import dev.leptoid.testing.LocalGraphite;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DemoCommandTest {

    record Outcome(int code, String out, String err) {}

    static Outcome demo(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code = new Main(List.of(new DemoCommand(new LastValueForecaster())))
                .run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void the_demo_backtests_the_bundled_traces_and_writes_the_report(@TempDir Path dir) throws Exception {
        Outcome o = demo("demo", "--out", dir.toString());
        assertEquals(0, o.code(), o.err());
        for (String trace : List.of("elb_request_count_8c0756.csv", "nyc_taxi.csv", "ec2_cpu_utilization_5f5533.csv"))
            for (String lead : List.of("5 min", "15 min"))
                assertTrue(o.out().contains(trace + " @ " + lead + " lead: 1.0 days measured"), trace + " missing in\n" + o.out());
        for (String policy : List.of("leptoid ", "target-tracking ", "leptoid-2012 ", "static-peak ", "perfect "))
            assertTrue(o.out().contains("  " + policy), policy + " missing in\n" + o.out());
        assertTrue(o.out().contains("cost at the SLO"), o.out());
        assertTrue(o.out().contains("of the possible saving"), o.out());
        assertTrue(o.out().contains("per lead time (cost at the SLO, instance-hours"), o.out());
        assertTrue(o.out().contains("report: " + dir.resolve("index.html")), o.out());
        String html = Files.readString(dir.resolve("index.html"));
        assertEquals(3 * 2 * 2, html.split("<svg ", -1).length - 1, "a load and a cost plot per trace and lead time");
    }

    @Test
    void an_unknown_trace_is_one_line_on_stderr_and_exit_code_2(@TempDir Path dir) {
        Outcome o = demo("demo", "--trace", "no/such.csv", "--out", dir.toString());
        assertEquals(2, o.code());
        assertEquals("leptoid demo: no/such.csv: no such file, nor a bundled trace\n", o.err());
    }

    @Test
    void a_bad_option_value_is_a_usage_error() {
        Outcome o = demo("demo", "--target", "1.5");
        assertEquals(2, o.code());
        assertTrue(o.err().startsWith("leptoid demo: --target must be between 0 and 1"), o.err());
    }

    @Test
    @Tag("graphite")
    void the_demo_against_a_real_graphite_publishes_forecasts_and_events_there(@TempDir Path dir) throws Exception {
        LocalGraphite g = LocalGraphite.shared();
        Outcome o = demo("demo", "--out", dir.toString(), "--graphite", g.baseUri().toString(),
                "--carbon", g.carbonHost() + ":" + g.carbonPort(), "--hours", "2");
        assertEquals(0, o.code(), o.err() + o.out());
        assertTrue(o.out().contains("published to Carbon"), o.out());
        // Carbon creates a new metric's file asynchronously (and writes its points after creating it): poll until
        // graphite-web shows what the test needs, at most 60 s
        String render = renderUntil(g, "leptoid.demo.web.forecast.h1.mean", DemoCommandTest::hasPoint);
        assertTrue(render.contains("\"target\": \"leptoid.demo.web.forecast.h1.mean\""), render);
        assertTrue(hasPoint(render), "has at least one non-null point: " + render);
        String traffic = renderUntil(g, "app.demo.web.*.requests_per_second", b -> b.contains("app.demo.web.i-00000.requests_per_second"));
        assertTrue(traffic.contains("app.demo.web.i-00000.requests_per_second"), traffic);
    }

    static boolean hasPoint(String render) { return render.matches("(?s).*\\[[0-9.]+, [0-9]+\\].*"); }

    /** The /render answer for {@code target} over the last 3 hours, polled until {@code done} holds for it (at most 60 s). */
    static String renderUntil(LocalGraphite g, String target, java.util.function.Predicate<String> done) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + 60_000_000_000L;
        String body;
        do {
            body = http.send(HttpRequest.newBuilder(URI.create(g.renderUri() + "?target=" + target + "&from=-3h&format=json"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            if (done.test(body)) return body;
            Thread.sleep(250);
        } while (System.nanoTime() < deadline);
        return body;
    }
}
