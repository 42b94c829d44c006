package dev.leptoid.source;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads series from graphite-web's {@code /render} (POST, JSON), parsed with Jackson's
 * streaming API. A null point stays a gap (NaN); NaN, infinite or negative values are gaps too.
 */
public final class GraphiteRenderSource implements MetricSource {

    private static final JsonFactory JSON = new JsonFactory();

    private final HttpClient http;
    private final URI renderUri;
    private final Duration timeout;

    public GraphiteRenderSource(HttpClient http, URI baseUrl, Duration timeout) {
        this.http = http;
        String base = baseUrl.toString();
        this.renderUri = URI.create(base.endsWith("/") ? base + "render" : base + "/render");
        this.timeout = timeout;
    }

    public static GraphiteRenderSource create(URI baseUrl, Duration timeout) {
        return new GraphiteRenderSource(HttpClient.newBuilder().connectTimeout(timeout).build(), baseUrl, timeout);
    }

    @Override
    public List<Series> fetch(String target, Instant from, Instant until) throws SourceException {
        String form = "target=" + enc(target) + "&from=" + from.getEpochSecond() + "&until=" + (until.getEpochSecond() - 1)
                + "&format=json";
        HttpRequest request = HttpRequest.newBuilder(renderUri)
                .timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw new SourceException("Graphite " + renderUri + " did not answer within " + timeout.toSeconds() + "s");
        } catch (IOException e) {
            throw new SourceException("Graphite " + renderUri + " unreachable: " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceException("interrupted while reading Graphite " + renderUri);
        }
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200)
                throw new SourceException("Graphite " + renderUri + " answered HTTP " + response.statusCode() + " for " + target);
            return parse(body, target);
        } catch (IOException e) {
            throw new SourceException("Graphite " + renderUri + " answer for " + target + " could not be read: " + describe(e));
        }
    }

    /** Parses a /render JSON answer: [{"target": ..., "datapoints": [[v, t], ...]}, ...]. */
    static List<Series> parse(InputStream body, String target) throws IOException, SourceException {
        List<Series> out = new ArrayList<>();
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_ARRAY)
                throw new SourceException("Graphite answer for " + target + " is not a JSON list of series");
            while (p.nextToken() == JsonToken.START_OBJECT) {
                String name = null;
                double[] values = new double[256];
                long[] times = new long[256];
                int n = 0;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    JsonToken t = p.nextToken();
                    if ("target".equals(field)) {
                        name = p.getValueAsString();
                    } else if ("datapoints".equals(field) && t == JsonToken.START_ARRAY) {
                        while (p.nextToken() == JsonToken.START_ARRAY) {
                            JsonToken vt = p.nextToken();
                            double v = vt == JsonToken.VALUE_NUMBER_INT || vt == JsonToken.VALUE_NUMBER_FLOAT
                                    ? p.getDoubleValue() : Double.NaN;
                            if (p.nextToken() != JsonToken.VALUE_NUMBER_INT)
                                throw new SourceException("Graphite answer for " + target + " has a point without a timestamp");
                            long ts = p.getLongValue();
                            while (p.nextToken() != JsonToken.END_ARRAY) p.skipChildren();
                            if (n == values.length) {
                                values = java.util.Arrays.copyOf(values, n * 2);
                                times = java.util.Arrays.copyOf(times, n * 2);
                            }
                            values[n] = Double.isFinite(v) && v >= 0 ? v : Double.NaN;
                            times[n++] = ts;
                        }
                    } else {
                        p.skipChildren();
                    }
                }
                if (name == null) throw new SourceException("Graphite answer for " + target + " has a series without a name");
                if (n == 0) continue;
                long step = n > 1 ? times[1] - times[0] : 60;
                for (int i = 1; i < n; i++)
                    if (times[i] - times[i - 1] != step)
                        throw new SourceException("Graphite series " + name + " is not on a regular step at " + times[i]);
                out.add(new Series(name, times[0], step, java.util.Arrays.copyOf(values, n)));
            }
            if (p.currentToken() != JsonToken.END_ARRAY)
                throw new SourceException("Graphite answer for " + target + " is not a JSON list of series");
        } catch (JsonParseException e) {
            throw new SourceException("Graphite answer for " + target + " is not valid JSON: " + e.getOriginalMessage());
        }
        return out;
    }

    private static String enc(String s) { return URLEncoder.encode(s, StandardCharsets.UTF_8); }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m.lines().findFirst().orElse(""));
    }
}
