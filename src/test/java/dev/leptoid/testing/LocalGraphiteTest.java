package dev.leptoid.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leptoid.source.Series;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("graphite")
class LocalGraphiteTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void pointsWrittenToCarbonComeBackExactlyAndAGapIsNullNotZero() throws Exception {
        LocalGraphite graphite = LocalGraphite.shared();
        String name = "leptoid.test.gaps.n" + System.nanoTime();
        long t0 = now() / 60 * 60 - 30 * 60;
        graphite.writePlaintext(List.of(
                name + " 1.5 " + t0,
                name + " 2.25 " + (t0 + 60),
                // nothing at t0 + 120
                name + " -3 " + (t0 + 180),
                name + " 1000000.125 " + (t0 + 240)));

        Series series = graphite.awaitSeries(name, t0 - 60, t0 + 240, 4, WAIT);

        assertEquals(t0, series.start());
        assertEquals(60, series.step());
        assertArrayEquals(new double[] {1.5, 2.25, Double.NaN, -3, 1000000.125}, series.values());
        JsonNode points = getJson(graphite.renderUri() + "?format=json&target=" + name
                + "&from=" + (t0 - 60) + "&until=" + (t0 + 240)).get(0).get("datapoints");
        assertEquals(5, points.size());
        assertTrue(points.get(2).get(0).isNull(), "the gap should be null, was " + points.get(2));
        assertEquals(t0 + 120, points.get(2).get(1).asLong());
    }

    @Test
    void anEventPostedToGraphiteWebIsReadBackByItsTag() throws Exception {
        LocalGraphite graphite = LocalGraphite.shared();
        String tag = "leptoid-test-" + System.nanoTime();
        long when = now() - 120;
        String event = JSON.createObjectNode().put("what", "scale api to 5").put("data", "forecast 0.82 > 0.70")
                .put("when", when).set("tags", JSON.createArrayNode().add(tag).add("leptoid")).toString();

        HttpResponse<String> posted = HTTP.send(HttpRequest.newBuilder(graphite.baseUri().resolve("events/"))
                .POST(HttpRequest.BodyPublishers.ofString(event)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, posted.statusCode(), posted.body());

        JsonNode events = getJson(graphite.baseUri() + "events/get_data?tags=" + tag);
        assertEquals(1, events.size(), events.toString());
        assertEquals("scale api to 5", events.get(0).get("what").asText());
        assertEquals("forecast 0.82 > 0.70", events.get(0).get("data").asText());
        assertEquals(when, events.get(0).get("when").asLong());
        assertEquals(List.of(tag, "leptoid"), List.of(events.get(0).get("tags").get(0).asText(),
                events.get(0).get("tags").get(1).asText()));
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class WithPartsStopped {

        private LocalGraphite graphite;

        @BeforeAll
        void start() { graphite = LocalGraphite.startNew(); }

        @AfterAll
        void stop() { graphite.stop(); }

        @Test
        void renderFailsWhileGraphiteWebIsStoppedAndWorksAgainAfterItStarts() throws Exception {
            URI render = URI.create(graphite.renderUri() + "?format=json&target=none&from=-5min");
            graphite.stopWeb();
            assertThrows(IOException.class, () -> HTTP.send(HttpRequest.newBuilder(render).build(),
                    HttpResponse.BodyHandlers.ofString()));

            graphite.startWeb();
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(render).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            assertEquals("[]", response.body().strip());
        }

        @Test
        void writesFailWhileCarbonIsStoppedAndArriveAfterItStartsOnTheSamePort() {
            String name = "leptoid.test.restart.n" + System.nanoTime();
            long t = now() / 60 * 60 - 60;
            graphite.stopCarbon();
            assertThrows(UncheckedIOException.class, () -> graphite.writePlaintext(List.of(name + " 1 " + t)));

            graphite.startCarbon();
            graphite.writePlaintext(List.of(name + " 7 " + t));
            Series series = graphite.awaitSeries(name, t - 60, t, 1, WAIT);
            assertArrayEquals(new double[] {7}, series.values());
        }
    }

    private static JsonNode getJson(String uri) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(uri)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), uri + " answered " + response.body());
        return JSON.readTree(response.body());
    }

    private static long now() { return System.currentTimeMillis() / 1000; }
}
