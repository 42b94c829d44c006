package dev.leptoid.publication;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.leptoid.source.GraphiteAuth;
import dev.leptoid.source.SourceException;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Graphite events ({@code POST /events/}), which Grafana shows as annotations. Each request carries
 * the same {@code Authorization} header as the run's reads ({@link GraphiteAuth}).
 */
public final class GraphiteEvents implements EventSink {

    private static final JsonFactory JSON = new JsonFactory();

    private final HttpClient http;
    private final URI eventsUri;
    private final Duration timeout;
    private final GraphiteAuth auth;

    public GraphiteEvents(HttpClient http, URI graphiteBase, Duration timeout, GraphiteAuth auth) {
        this.http = http;
        this.auth = auth;
        String base = graphiteBase.toString();
        this.eventsUri = URI.create((base.endsWith("/") ? base : base + "/") + "events/");
        this.timeout = timeout;
    }

    /** For a Graphite that needs no credentials. */
    public GraphiteEvents(HttpClient http, URI graphiteBase, Duration timeout) {
        this(http, graphiteBase, timeout, GraphiteAuth.NONE);
    }

    /** The JSON body graphite-web expects; tags as a list. */
    public static String body(String what, List<String> tags, String data, long epochSeconds) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("what", what);
            g.writeArrayFieldStart("tags");
            for (String t : tags) g.writeString(t);
            g.writeEndArray();
            g.writeStringField("data", data);
            g.writeNumberField("when", epochSeconds);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    @Override
    public String post(String what, List<String> tags, String data, long epochSeconds, Duration within) {
        Duration limit = within.compareTo(timeout) < 0 ? within : timeout;
        if (!limit.isPositive()) return "Graphite event not posted: no time left";
        HttpRequest.Builder request = HttpRequest.newBuilder(eventsUri).timeout(limit)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(what, tags, data, epochSeconds)));
        try {
            Optional<String> authorization = auth.header();
            authorization.ifPresent(h -> request.header("Authorization", h));
        } catch (SourceException e) {
            return "Graphite event not posted: " + e.getMessage();
        }
        try {
            HttpResponse<Void> r = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode() / 100 == 2 ? null : "Graphite events answered HTTP " + r.statusCode();
        } catch (HttpTimeoutException e) {
            return "Graphite events " + eventsUri + ": no answer within " + limit.toMillis() + " ms"
                    + (limit.equals(timeout) ? " (graphite.timeout)" : " (the time left of the service's share of the run)");
        } catch (IOException e) {
            return "Graphite events " + eventsUri + " unreachable: " + e.getClass().getSimpleName();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while posting a Graphite event";
        }
    }
}
