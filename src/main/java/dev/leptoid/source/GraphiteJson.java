package dev.leptoid.source;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Streaming parser for graphite-web's {@code /render?format=json} answer:
 * {@code [{"target": name, "datapoints": [[value, epoch], ...], ...}, ...]}.
 *
 * <p>One pass with Jackson's streaming API; no tree, no per-point objects. Numbers are read
 * straight from Jackson's buffer (fast double parser), values go into one reused scratch array
 * per answer, and each series keeps one exact-size copy. A {@code null} value is a gap (NaN);
 * so are {@code NaN}, infinite and negative values (a rate, a time or a utilization is never
 * negative). Timestamps must lie on one regular step per series. At most {@code maxPoints}
 * points are accepted over the whole answer: beyond that the answer is refused with one line.
 */
public final class GraphiteJson {

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private GraphiteJson() {}

    /**
     * @param target names the request in errors
     * @param fallbackStep step (seconds) for a series with a single point, whose step the answer cannot show
     * @param maxPoints most points accepted in the whole answer
     */
    public static List<Series> parse(InputStream body, String target, long fallbackStep, long maxPoints)
            throws IOException, SourceException {
        try (JsonParser p = JSON.createParser(body)) {
            return read(p, target, fallbackStep, maxPoints);
        }
    }

    /** As {@link #parse(InputStream, String, long, long)}, from bytes in memory. */
    public static List<Series> parse(byte[] body, String target, long fallbackStep, long maxPoints)
            throws IOException, SourceException {
        try (JsonParser p = JSON.createParser(body)) {
            return read(p, target, fallbackStep, maxPoints);
        }
    }

    private static List<Series> read(JsonParser p, String target, long fallbackStep, long maxPoints)
            throws IOException, SourceException {
        List<Series> out = new ArrayList<>();
        double[] scratch = new double[1024];
        long total = 0;
        try {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_ARRAY)
                throw new SourceException("Graphite answer for " + target + " is not a JSON list of series (starts with "
                        + (first == null ? "nothing" : first.asString() == null ? first : first.asString()) + ")");
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.START_OBJECT) {
                String name = null;
                int n = 0;
                long start = 0, step = 0, last = 0;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    JsonToken v = p.nextToken();
                    if ("target".equals(field)) {
                        if (v != JsonToken.VALUE_STRING)
                            throw new SourceException("Graphite answer for " + target + " has a series whose target is not a string");
                        name = p.getText();
                    } else if ("datapoints".equals(field)) {
                        if (v != JsonToken.START_ARRAY)
                            throw new SourceException("Graphite answer for " + target + " has datapoints that are not a list");
                        JsonToken pt;
                        while ((pt = p.nextToken()) == JsonToken.START_ARRAY) {
                            if (++total > maxPoints)
                                throw new SourceException("Graphite answer for " + target + " has more than " + maxPoints
                                        + " points: refused (narrow the target or shorten the look-back)");
                            double value = value(p, p.nextToken(), target);
                            if (p.nextToken() != JsonToken.VALUE_NUMBER_INT)
                                throw new SourceException("Graphite answer for " + target + " has a point without an integer timestamp"
                                        + where(name));
                            long ts = p.getLongValue();
                            if (p.nextToken() != JsonToken.END_ARRAY)
                                throw new SourceException("Graphite answer for " + target + " has a point that is not [value, timestamp]"
                                        + where(name));
                            if (n == 0) {
                                start = ts;
                            } else if (n == 1) {
                                step = ts - start;
                                if (step <= 0)
                                    throw new SourceException("Graphite series " + name + " has timestamps out of order at " + ts);
                            } else if (ts - last != step) {
                                throw new SourceException("Graphite series " + name + " is not on a regular step at " + ts
                                        + " (expected " + (last + step) + ")");
                            }
                            last = ts;
                            if (n == scratch.length) scratch = Arrays.copyOf(scratch, n * 2);
                            scratch[n++] = value;
                        }
                        if (pt != JsonToken.END_ARRAY)
                            throw new SourceException("Graphite answer for " + target + " has a point that is not a list" + where(name));
                    } else {
                        p.skipChildren(); // tags, pathExpression, ...
                    }
                }
                if (p.currentToken() != JsonToken.END_OBJECT)
                    throw new SourceException("Graphite answer for " + target + " has a malformed series" + where(name));
                if (name == null || name.isBlank())
                    throw new SourceException("Graphite answer for " + target + " has a series without a target name");
                if (n == 0) continue; // no points at all: nothing to align, the series is simply absent
                out.add(new Series(name, start, n == 1 ? fallbackStep : step, Arrays.copyOf(scratch, n)));
            }
            if (t != JsonToken.END_ARRAY)
                throw new SourceException("Graphite answer for " + target + " is not a JSON list of series");
            if (p.nextToken() != null)
                throw new SourceException("Graphite answer for " + target + " has data after the list of series");
        } catch (JsonParseException e) {
            throw new SourceException("Graphite answer for " + target + " is not valid JSON at byte "
                    + e.getLocation().getByteOffset() + ": " + firstLine(e.getOriginalMessage()));
        }
        return out;
    }

    private static double value(JsonParser p, JsonToken t, String target) throws IOException, SourceException {
        if (t == JsonToken.VALUE_NULL) return Double.NaN;
        if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
            double v = p.getDoubleValue();
            return Double.isFinite(v) && v >= 0 ? v : Double.NaN;
        }
        if (t == JsonToken.VALUE_STRING) return Double.NaN; // some proxies write "NaN"
        throw new SourceException("Graphite answer for " + target + " has a point value that is not a number or null");
    }

    private static String where(String name) { return name == null ? "" : " (series " + name + ")"; }

    private static String firstLine(String s) { return s == null ? "" : s.lines().findFirst().orElse(""); }
}
