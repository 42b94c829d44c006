package dev.leptoid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leptoid.actuation.SimulatedAutoScaling;
import dev.leptoid.config.ConfigLoader;
import dev.leptoid.config.EnvironmentConfig;
import dev.leptoid.decision.CapacityDecision;
import dev.leptoid.decision.CapacityPolicy;
import dev.leptoid.forecast.Forecast;
import dev.leptoid.forecast.LastValueForecaster;
import dev.leptoid.publication.CarbonPublisher;
import dev.leptoid.publication.DecisionLog;
import dev.leptoid.publication.GraphiteEvents;
import dev.leptoid.publication.Publication;
import dev.leptoid.source.GraphiteRenderSource;
import dev.leptoid.source.Series;
import dev.leptoid.testing.LocalGraphite;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A whole run against the real Graphite: inputs read from it, everything written back and read again. */
@Tag("graphite")
class RunPublicationGraphiteTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Duration WAIT = Duration.ofSeconds(60);

    /** Environment {@code name} acting on {@code services}, each with its group {@code <service>-asg}, CPU per instance. */
    static EnvironmentConfig env(String name, String... services) throws Exception {
        StringBuilder groups = new StringBuilder();
        for (String s : services) groups.append("      ").append(s).append(": {auto_scaling_group: ").append(s).append("-asg}\n");
        return ConfigLoader.parse("""
                environments:
                  %s:
                    mode: act
                    defaults:
                      metrics: {utilization: "servers.{environment}.{service}.{instance}.cpu", step: 1m, lookback: 2h}
                      policy: {target_utilization: 0.6, max_capacity: 20}
                    services:
                """.formatted(name) + groups, "it.yaml").environment(name).orElseThrow();
    }

    private static JsonNode get(String uri) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    /**
     * The JSON /render answer of {@code uri} once it holds one series with at least {@code points} non-null points
     * (Carbon creates a new metric's file, then writes its points, asynchronously), or the last answer after {@link #WAIT}.
     */
    private static JsonNode awaitPresent(String uri, int points) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            JsonNode answer = get(uri);
            int present = 0;
            if (answer.size() == 1)
                for (JsonNode p : answer.get(0).get("datapoints")) if (!p.get(0).isNull()) present++;
            if (present >= points || System.nanoTime() > deadline) return answer;
            Thread.sleep(100);
        }
    }

    /** The value of {@code target} at {@code t}, once Graphite serves it. */
    private static double at(LocalGraphite g, String target, long t) {
        Series s = g.awaitSeries(target, t - 120, t, 1, WAIT);
        assertEquals(t, s.timeAt(s.size() - 1), target);
        return s.valueAt(s.size() - 1);
    }

    /** Publication to the real Graphite {@code g}: points through {@code carbon}, events and read-backs over HTTP. */
    static Publication publication(LocalGraphite g, CarbonPublisher carbon) {
        return new Publication(carbon, new GraphiteEvents(HTTP, g.baseUri(), Duration.ofSeconds(5)), "leptoid",
                GraphiteRenderSource.create(g.baseUri(), Duration.ofSeconds(10)), null, DecisionLog.NONE);
    }

    @Test
    void after_a_run_graphite_serves_the_horizon_series_the_future_path_the_capacity_and_the_tagged_events() throws Exception {
        LocalGraphite g = LocalGraphite.shared();
        String envName = "it" + Long.toString(System.nanoTime(), 36);
        long now = Instant.now().getEpochSecond() / 60 * 60;
        // three instances at about 90 % for two hours, up to the minute before now
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 3; i++)
            for (long t = now - 7200; t < now; t += 60)
                lines.add("servers." + envName + ".api.i-" + i + ".cpu " + (88 + (t / 60 + i) % 5) + " " + t);
        g.writePlaintext(lines);
        for (int i = 1; i <= 3; i++) g.awaitSeries("servers." + envName + ".api.i-" + i + ".cpu", now - 7260, now, 120, WAIT);

        SimulatedAutoScaling asg = new SimulatedAutoScaling(Clock.fixed(Instant.ofEpochSecond(now), ZoneOffset.UTC), Duration.ZERO, Duration.ZERO);
        asg.addGroup("api-asg", 3, 1, 20);
        CarbonPublisher carbon = new CarbonPublisher(g.carbonHost(), g.carbonPicklePort(),
                CarbonPublisher.Settings.defaults(CarbonPublisher.Protocol.PICKLE));
        ScalingRun run = new ScalingRun(GraphiteRenderSource.create(g.baseUri(), Duration.ofSeconds(10)), new LastValueForecaster(),
                new CapacityPolicy(), asg, publication(g, carbon), Clock.fixed(Instant.ofEpochSecond(now), ZoneOffset.UTC));
        RunReport report = run.run(env(envName, "api"));

        assertEquals(List.of(), report.publicationErrors());
        ServiceOutcome api = report.services().get(0);
        CapacityDecision.ScaleTo scale = assertInstanceOf(CapacityDecision.ScaleTo.class, api.decision());
        long origin = api.forecastOrigin();
        assertEquals(now - 60, origin);
        Forecast f = api.forecast();
        String base = "leptoid." + envName + ".api";

        // horizon series at the run's origin
        for (int k : new int[] {1, 6, 12}) {
            Series mean = g.awaitSeries(base + ".forecast.h" + k + ".mean", origin - 60, origin, 1, WAIT);
            assertEquals(f.meanAt(k - 1), mean.valueAt(mean.size() - 1), 1e-9, "h" + k + " mean");
            assertEquals(origin, mean.timeAt(mean.size() - 1));
            Series upper = g.awaitSeries(base + ".forecast.h" + k + ".upper", origin - 60, origin, 1, WAIT);
            assertEquals(f.upperAt(k - 1), upper.valueAt(upper.size() - 1), 1e-9, "h" + k + " upper");
        }

        // the future path, only with now= (Graphite clamps reads to the present otherwise)
        long end = origin + 60L * f.horizon();
        JsonNode path = awaitPresent(g.renderUri() + "?format=json&target=" + base + ".forecast.path.mean&from=" + origin
                + "&until=" + end + "&now=" + (end + 60), f.horizon());
        JsonNode points = path.get(0).get("datapoints");
        int present = 0;
        for (JsonNode p : points) {
            if (p.get(0).isNull()) continue;
            long t = p.get(1).asLong();
            int k = (int) ((t - origin) / 60);
            assertEquals(f.meanAt(k - 1), p.get(0).asDouble(), 1e-9, "path at +" + k);
            present++;
        }
        assertEquals(f.horizon(), present, path.toString());

        // capacity and decision at the run time
        assertEquals(scale.capacity(), at(g, base + ".capacity.desired", now), 0.0);
        assertEquals(scale.capacity(), at(g, base + ".capacity.recommended", now), 0.0);
        assertEquals(3, at(g, base + ".capacity.in_service", now), 0.0);
        assertEquals(1, at(g, base + ".decision.code", now), 0.0);
        assertEquals(1, at(g, "leptoid." + envName + ".run.actions", now), 0.0);

        // the scaling action as an event with its tags
        JsonNode events = get(g.baseUri() + "events/get_data?tags=" + envName + "&from=" + (now - 600) + "&until=" + (now + 600));
        assertEquals(1, events.size(), events.toString());
        assertEquals("leptoid scale-out api: 3 -> " + scale.capacity(), events.get(0).get("what").asText());
        assertEquals(now, events.get(0).get("when").asLong());
        List<String> tags = new ArrayList<>();
        events.get(0).get("tags").forEach(t -> tags.add(t.asText()));
        assertEquals(List.of("leptoid", envName, "api", "scale-out"), tags);

        // one step later: the next run reads back the h1 forecast made now and publishes its error
        g.writePlaintext(List.of(1, 2, 3).stream().map(i -> "servers." + envName + ".api.i-" + i + ".cpu 99 " + now).toList());
        for (int i = 1; i <= 3; i++) g.awaitSeries("servers." + envName + ".api.i-" + i + ".cpu", now - 60, now, 1, WAIT);
        Clock later = Clock.fixed(Instant.ofEpochSecond(now + 60), ZoneOffset.UTC);
        RunReport second = new ScalingRun(GraphiteRenderSource.create(g.baseUri(), Duration.ofSeconds(10)), new LastValueForecaster(),
                new CapacityPolicy(), asg, publication(g, carbon), later).run(env(envName, "api"));
        assertEquals(List.of(), second.publicationErrors());
        double actual = 3 * 0.99;
        Series abs = g.awaitSeries(base + ".forecast_error.h1.abs", now - 60, now, 1, WAIT);
        assertEquals(now, abs.timeAt(abs.size() - 1));
        assertEquals(Math.abs(actual - f.meanAt(0)), abs.valueAt(abs.size() - 1), 1e-6);
        assertTrue(at(g, base + ".forecast_error.h1.mase", now) > 0);
    }
}
