package dev.leptoid.source;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.leptoid.config.LeptoidConfig;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Reads series from graphite-web: {@code POST /render} with {@code format=json}, parsed while it
 * streams in ({@link GraphiteJson}), and {@code /metrics/find} to list instances.
 *
 * <ul>
 *   <li>Gaps stay gaps: a {@code null} point is NaN, never zero.</li>
 *   <li>No consolidation: {@code maxDataPoints} is sent as the number of seconds in the window,
 *       more than any Graphite archive can hold there, so graphite-web never averages points
 *       together; the step it answers with is the archive's own, and readers check it.</li>
 *   <li>Timeouts: connecting, waiting for the answer's headers, and reading its body are each
 *       bounded by the options; a body that stalls is cut off.</li>
 *   <li>Retries: HTTP 5xx, timeouts and broken connections are retried up to
 *       {@code maxAttempts} times with doubling back-off; 4xx and bad answers are not.</li>
 *   <li>Memory: an answer larger than {@code maxBytes} or holding more than {@code maxPoints}
 *       points is refused with one line.</li>
 *   <li>Credentials: basic or bearer, sent as a header, never logged or put in an error.</li>
 * </ul>
 */
public final class GraphiteRenderSource implements MetricSource {

    /**
     * @param connectTimeout TCP/TLS connect
     * @param readTimeout from sending the request to the last byte of the answer
     * @param maxAttempts attempts per request, at least 1
     * @param backoff pause before the second attempt; doubles after each failure
     * @param maxPoints most points accepted in one answer
     * @param maxBytes most bytes accepted in one answer
     */
    public record Options(Duration connectTimeout, Duration readTimeout, int maxAttempts, Duration backoff,
                          long maxPoints, long maxBytes) {
        /** The configuration's defaults ({@link LeptoidConfig.Graphite#DEFAULTS}). */
        public static final Options DEFAULTS = options(LeptoidConfig.Graphite.DEFAULTS);

        public Options {
            if (connectTimeout.isNegative() || connectTimeout.isZero() || readTimeout.isNegative() || readTimeout.isZero())
                throw new IllegalArgumentException("timeouts must be positive");
            if (maxAttempts < 1 || maxAttempts > 10) throw new IllegalArgumentException("max attempts must be 1..10, got " + maxAttempts);
            if (backoff.isNegative()) throw new IllegalArgumentException("back-off must not be negative");
            if (maxPoints < 1 || maxBytes < 1) throw new IllegalArgumentException("limits must be positive");
        }

        public Options withReadTimeout(Duration d) { return new Options(connectTimeout, d, maxAttempts, backoff, maxPoints, maxBytes); }

        public Options withMaxAttempts(int n) { return new Options(connectTimeout, readTimeout, n, backoff, maxPoints, maxBytes); }

        public Options withLimits(long points, long bytes) { return new Options(connectTimeout, readTimeout, maxAttempts, backoff, points, bytes); }
    }

    /** Waits between attempts; tests pass one that records instead of sleeping. */
    @FunctionalInterface
    public interface Sleeper {
        Sleeper REAL = d -> Thread.sleep(d.toMillis());

        void sleep(Duration d) throws InterruptedException;
    }

    private static final JsonFactory JSON = new JsonFactory();
    private static final long DEFAULT_STEP = 60;

    private final HttpClient http;
    private final URI renderUri;
    private final URI findUri;
    private final String host;
    private final Options options;
    private final GraphiteAuth auth;
    private final Sleeper sleeper;

    public GraphiteRenderSource(HttpClient http, URI baseUrl, Options options, GraphiteAuth auth, Sleeper sleeper) {
        this.http = http;
        String base = baseUrl.toString();
        if (!base.endsWith("/")) base += "/";
        this.renderUri = URI.create(base + "render");
        this.findUri = URI.create(base + "metrics/find");
        this.host = baseUrl.getScheme() + "://" + baseUrl.getAuthority();
        this.options = options;
        this.auth = auth;
        this.sleeper = sleeper;
    }

    public GraphiteRenderSource(HttpClient http, URI baseUrl, Duration timeout) {
        this(http, baseUrl, Options.DEFAULTS.withReadTimeout(timeout), GraphiteAuth.NONE, Sleeper.REAL);
    }

    public static GraphiteRenderSource create(URI baseUrl, Options options, GraphiteAuth auth) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(options.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        return new GraphiteRenderSource(http, baseUrl, options, auth, Sleeper.REAL);
    }

    /** Timeouts, retries and limits as a configuration gives them. */
    public static Options options(LeptoidConfig.Graphite g) {
        return new Options(g.connectTimeout(), g.timeout(), g.attempts(), g.retryBackoff(), g.maxPoints(), g.maxBytes());
    }

    public static GraphiteRenderSource create(URI baseUrl, Duration timeout) {
        return create(baseUrl, Options.DEFAULTS.withReadTimeout(timeout), GraphiteAuth.NONE);
    }

    @Override
    public List<Series> fetch(String target, Instant from, Instant until) throws SourceException {
        return fetch(target, from, until, Duration.ofSeconds(DEFAULT_STEP));
    }

    @Override
    public List<Series> fetch(String target, Instant from, Instant until, Duration step) throws SourceException {
        long f = from.getEpochSecond(), u = until.getEpochSecond();
        if (u <= f) throw new IllegalArgumentException("empty time range " + from + " .. " + until);
        // whisper returns points at t with from < t <= until; this asks for [from, until).
        String form = "target=" + enc(target) + "&from=" + (f - 1) + "&until=" + (u - 1)
                + "&format=json&maxDataPoints=" + (u - f + 1);
        HttpRequest request = request(renderUri).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        List<Series> all = send(request, "render " + target, body -> GraphiteJson.parse(body, target,
                Math.max(1, step.toSeconds()), options.maxPoints()));
        // Points outside [from, until) (a coarser archive's alignment) are dropped, not misread.
        List<Series> out = new ArrayList<>(all.size());
        for (Series s : all) out.add(clip(s, f, u));
        return out;
    }

    /**
     * Leaf metric paths matching {@code query} (a Graphite path with wildcards), sorted, from
     * {@code /metrics/find}. Branches (non-leaf nodes) are left out.
     */
    public List<String> find(String query) throws SourceException {
        URI uri = URI.create(findUri + "?format=treejson&query=" + enc(query));
        HttpRequest request = request(uri).GET().build();
        return send(request, "find " + query, body -> leaves(body, query));
    }

    private HttpRequest.Builder request(URI uri) throws SourceException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(options.readTimeout()).header("Accept", "application/json");
        Optional<String> authorization = auth.header();
        authorization.ifPresent(h -> b.header("Authorization", h));
        return b;
    }

    private interface BodyReader<T> {
        T read(InputStream body) throws IOException, SourceException;
    }

    /** One request with bounded retries. {@code what} names it in errors (never credentials). */
    private <T> T send(HttpRequest request, String what, BodyReader<T> reader) throws SourceException {
        Duration pause = options.backoff();
        SourceException failure = null;
        for (int attempt = 1; attempt <= options.maxAttempts(); attempt++) {
            if (attempt > 1) {
                try {
                    sleeper.sleep(pause);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SourceException("interrupted while waiting to retry Graphite " + host + " " + what);
                }
                pause = pause.multipliedBy(2);
            }
            try {
                return once(request, what, reader);
            } catch (Retryable e) {
                failure = new SourceException(e.getMessage() + (options.maxAttempts() > 1
                        ? " (after " + attempt + " attempt" + (attempt > 1 ? "s" : "") + ")" : ""));
            }
        }
        throw failure;
    }

    /** A failure worth another attempt: 5xx, timeout, broken connection. */
    private static final class Retryable extends Exception {
        Retryable(String message) { super(message, null, false, false); }
    }

    private <T> T once(HttpRequest request, String what, BodyReader<T> reader) throws Retryable, SourceException {
        long deadline = System.nanoTime() + options.readTimeout().toNanos();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpConnectTimeoutException e) {
            // the request's timeout (graphite.timeout) also runs while connecting: the shorter one fired
            throw new Retryable("Graphite " + host + " " + what + ": no connection within " + connectLimit());
        } catch (HttpTimeoutException e) {
            throw new Retryable("Graphite " + host + " " + what + ": no answer within " + seconds(options.readTimeout()));
        } catch (IOException e) {
            throw new Retryable("Graphite " + host + " " + what + ": unreachable (" + describe(e) + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceException("interrupted while reading Graphite " + host + " " + what);
        }
        InputStream raw = response.body();
        Watchdog watchdog = new Watchdog(raw, Thread.currentThread());
        CompletableFuture<Void> timer = CompletableFuture.runAsync(watchdog::cut,
                CompletableFuture.delayedExecutor(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
        try (InputStream body = new Bounded(raw, options.maxBytes())) {
            int status = response.statusCode();
            if (status >= 500)
                throw new Retryable("Graphite " + host + " " + what + ": HTTP " + status + snippet(body));
            if (status == 401 || status == 403)
                throw new SourceException("Graphite " + host + " " + what + ": HTTP " + status
                        + " (credentials missing or refused; check graphite.auth)");
            if (status != 200)
                throw new SourceException("Graphite " + host + " " + what + ": HTTP " + status + snippet(body));
            String type = response.headers().firstValue("Content-Type").orElse("");
            if (type.startsWith("text/html"))
                throw new SourceException("Graphite " + host + " " + what + ": answered an HTML page, not JSON" + snippet(body));
            try {
                return reader.read(body);
            } catch (SourceException e) {
                throw new SourceException("Graphite " + host + " " + e.getMessage().replaceFirst("^Graphite ", ""));
            }
        } catch (Bounded.TooLarge e) {
            throw new SourceException("Graphite " + host + " " + what + ": answer larger than " + options.maxBytes()
                    + " bytes: refused (narrow the target or shorten the look-back)");
        } catch (IOException e) {
            if (watchdog.fired())
                throw new Retryable("Graphite " + host + " " + what + ": answer not complete within " + seconds(options.readTimeout()));
            throw new Retryable("Graphite " + host + " " + what + ": answer broken off (" + describe(e) + ")");
        } catch (SourceException e) {
            if (watchdog.fired())
                throw new Retryable("Graphite " + host + " " + what + ": answer not complete within " + seconds(options.readTimeout()));
            throw e; // already names the host once
        } finally {
            timer.cancel(false);
            watchdog.finish();
        }
    }

    /** First line of an error body, at most 160 characters, markup stripped. */
    private static String snippet(InputStream body) {
        try {
            byte[] head = body.readNBytes(2048);
            String text = new String(head, StandardCharsets.UTF_8).replaceAll("<[^>]*>", " ").replaceAll("\\s+", " ").trim();
            if (text.isEmpty()) return "";
            return ": " + (text.length() > 160 ? text.substring(0, 160) + "..." : text).replaceAll("\\p{Cntrl}", "?");
        } catch (IOException e) {
            return "";
        }
    }

    private static List<String> leaves(InputStream body, String query) throws IOException, SourceException {
        List<String> out = new ArrayList<>();
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_ARRAY)
                throw new SourceException("Graphite find answer for " + query + " is not a JSON list");
            while (p.nextToken() == JsonToken.START_OBJECT) {
                String id = null;
                boolean leaf = false;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    JsonToken t = p.nextToken();
                    if ("id".equals(field) && t == JsonToken.VALUE_STRING) id = p.getText();
                    else if ("leaf".equals(field)) leaf = t == JsonToken.VALUE_TRUE || (t == JsonToken.VALUE_NUMBER_INT && p.getIntValue() == 1);
                    else p.skipChildren();
                }
                if (id != null && leaf) out.add(id);
            }
        } catch (JsonParseException e) {
            throw new SourceException("Graphite find answer for " + query + " is not valid JSON: " + e.getOriginalMessage());
        }
        out.sort(null);
        return out;
    }

    private static Series clip(Series s, long from, long until) {
        int a = 0, b = s.size();
        while (a < b && s.timeAt(a) < from) a++;
        while (b > a && s.timeAt(b - 1) >= until) b--;
        return a == 0 && b == s.size() ? s : s.slice(a, b);
    }

    /** The limit that ends a connect: connect_timeout, or the request's whole timeout when that is shorter. */
    private String connectLimit() {
        return options.readTimeout().compareTo(options.connectTimeout()) < 0
                ? seconds(options.readTimeout()) + " (graphite.timeout)" : seconds(options.connectTimeout()) + " (graphite.connect_timeout)";
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    private static String enc(String s) { return URLEncoder.encode(s, StandardCharsets.UTF_8); }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m.lines().findFirst().orElse(""));
    }

    /** Cuts off a body still being read at the deadline: closes it and interrupts the reader. */
    private static final class Watchdog {
        private final InputStream body;
        private final Thread reader;
        private boolean done, fired;

        Watchdog(InputStream body, Thread reader) {
            this.body = body;
            this.reader = reader;
        }

        synchronized void cut() {
            if (done) return;
            fired = true;
            try {
                body.close();
            } catch (IOException ignored) {
                // best effort: the interrupt unblocks a waiting read in any case
            }
            reader.interrupt();
        }

        synchronized boolean fired() { return fired; }

        /** Called by the reader when it is done; clears the interrupt the watchdog may have sent. */
        synchronized void finish() {
            done = true;
            if (fired) Thread.interrupted();
        }
    }

    /** Counts bytes read and refuses past a limit. */
    private static final class Bounded extends FilterInputStream {
        static final class TooLarge extends IOException {
            TooLarge() { super("too large", null); }
        }

        private final long limit;
        private long count;

        Bounded(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override public int read() throws IOException {
            int b = super.read();
            if (b >= 0 && ++count > limit) throw new TooLarge();
            return b;
        }

        @Override public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (n > 0 && (count += n) > limit) throw new TooLarge();
            return n;
        }
    }
}
