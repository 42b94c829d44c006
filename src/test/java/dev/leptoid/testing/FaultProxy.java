package dev.leptoid.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback HTTP proxy in front of graphite-web (or any HTTP server) that can misbehave on
 * purpose: answer 500, an HTML page, truncated JSON, answer too slowly, stall in the middle of
 * the body, or rewrite the real answer (empty list, all-null, NaN/negative/infinite values,
 * duplicate targets). The fault applies to the next {@code times} requests, then it passes
 * through again. Every request is recorded.
 */
public final class FaultProxy implements AutoCloseable {

    /** What the proxy does to one request. */
    public sealed interface Fault {
        record Pass() implements Fault {}
        record Status(int code, String contentType, String body) implements Fault {}
        record Truncate(double fraction) implements Fault {}
        record Slow(Duration delay) implements Fault {}
        record StallBody(Duration delay) implements Fault {}
        record Rewrite(String label, UnaryOperator<String> body) implements Fault {}
    }

    private static final Pattern POINT = Pattern.compile("\\[\\s*(null|-?[0-9][0-9.eE+-]*|NaN|-?Infinity)\\s*,\\s*(\\d+)\\s*\\]");

    public static Fault pass() { return new Fault.Pass(); }

    public static Fault status500() {
        return new Fault.Status(500, "text/plain", "Internal Server Error: whisper file locked");
    }

    public static Fault htmlPage() {
        return new Fault.Status(200, "text/html; charset=utf-8",
                "<!DOCTYPE html><html><head><title>Sign in</title></head><body><h1>Please sign in</h1></body></html>");
    }

    public static Fault truncated() { return new Fault.Truncate(0.5); }

    public static Fault slow(Duration delay) { return new Fault.Slow(delay); }

    public static Fault stallBody(Duration delay) { return new Fault.StallBody(delay); }

    public static Fault emptyList() { return new Fault.Rewrite("empty list", b -> "[]"); }

    /** Every point's value replaced by {@code literal} (e.g. "null", "NaN", "-1.5", "Infinity", "1e999"). */
    public static Fault values(String literal) {
        return new Fault.Rewrite("values " + literal, b -> {
            Matcher m = POINT.matcher(b);
            return m.replaceAll(r -> "[" + literal + ", " + r.group(2) + "]");
        });
    }

    /** Values from {@code fromIndex} on (per series) replaced by {@code literal}. */
    public static Fault valuesFrom(int fromIndex, String literal) {
        return new Fault.Rewrite("values " + literal + " from " + fromIndex, b -> {
            StringBuilder out = new StringBuilder();
            for (String part : b.split("(?=\\{)")) {
                Matcher m = POINT.matcher(part);
                int[] i = {0};
                out.append(m.replaceAll(r -> i[0]++ >= fromIndex ? "[" + literal + ", " + r.group(2) + "]" : Matcher.quoteReplacement(r.group())));
            }
            return out.toString();
        });
    }

    /** The list of series given twice: every target appears two times. */
    public static Fault duplicateTargets() {
        return new Fault.Rewrite("duplicate targets", b -> {
            String inner = b.trim();
            inner = inner.substring(1, inner.length() - 1).trim();
            return inner.isEmpty() ? "[]" : "[" + inner + ", " + inner + "]";
        });
    }

    /** One request as the proxy saw it. */
    public record Seen(String method, String path, String query, String body, String authorization) {}

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fault-proxy");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI upstream;
    private final List<Seen> seen = new ArrayList<>();
    private Fault fault = pass();
    private int times;
    private Predicate<Seen> which = r -> true;
    private String requiredAuthorization;
    private UnaryOperator<String> refusal;

    private FaultProxy(URI upstream) throws IOException {
        this.upstream = upstream;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** Starts a proxy on a free loopback port in front of {@code upstream} (e.g. http://127.0.0.1:8080). */
    public static FaultProxy start(URI upstream) throws IOException { return new FaultProxy(upstream); }

    /** http://127.0.0.1:PORT/ */
    public URI uri() { return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"); }

    /** Applies {@code fault} to every request from now on. */
    public synchronized FaultProxy always(Fault fault) { return next(Integer.MAX_VALUE, fault); }

    /** Applies {@code fault} to the next {@code times} requests, then passes through. */
    public synchronized FaultProxy next(int times, Fault fault) {
        this.fault = fault;
        this.times = times;
        return this;
    }

    /** From now on the fault applies only to requests {@code which} accepts (others pass through). */
    public synchronized FaultProxy when(Predicate<Seen> which) {
        this.which = which;
        return this;
    }

    /**
     * From now on, a request without exactly this {@code Authorization} header is refused with 401 and
     * {@code refusal} applied to the header it did carry (as a server that echoes what it got).
     */
    public synchronized FaultProxy requireAuthorization(String header, UnaryOperator<String> refusal) {
        this.requiredAuthorization = header;
        this.refusal = refusal;
        return this;
    }

    public synchronized List<Seen> seen() { return List.copyOf(seen); }

    private synchronized Fault take(Seen request) {
        seen.add(request);
        if (requiredAuthorization != null && !requiredAuthorization.equals(request.authorization()))
            return new Fault.Status(401, "text/plain", refusal.apply(String.valueOf(request.authorization())));
        if (times <= 0 || !which.test(request)) return pass();
        if (times != Integer.MAX_VALUE) times--;
        return fault;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] requestBody = ex.getRequestBody().readAllBytes();
            URI uri = ex.getRequestURI();
            Fault f = take(new Seen(ex.getRequestMethod(), uri.getPath(), uri.getRawQuery(),
                    new String(requestBody, StandardCharsets.UTF_8), ex.getRequestHeaders().getFirst("Authorization")));
            if (f instanceof Fault.Status s) {
                send(ex, s.code(), s.contentType(), s.body().getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (f instanceof Fault.Slow s) pause(s.delay());
            HttpResponse<byte[]> real = forward(ex, uri, requestBody);
            byte[] body = real.body();
            String type = real.headers().firstValue("Content-Type").orElse("application/json");
            switch (f) {
                case Fault.Truncate t -> send(ex, real.statusCode(), type, java.util.Arrays.copyOf(body, (int) (body.length * t.fraction())));
                case Fault.Rewrite r -> send(ex, real.statusCode(), type,
                        r.body().apply(new String(body, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
                case Fault.StallBody s -> {
                    ex.getResponseHeaders().set("Content-Type", type);
                    ex.sendResponseHeaders(real.statusCode(), body.length);
                    OutputStream out = ex.getResponseBody();
                    out.write(body, 0, body.length / 2);
                    out.flush();
                    pause(s.delay());
                    out.write(body, body.length / 2, body.length - body.length / 2);
                }
                default -> send(ex, real.statusCode(), type, body);
            }
        } catch (IOException | RuntimeException e) {
            // the client went away (it timed out): nothing left to answer
        }
    }

    private HttpResponse<byte[]> forward(HttpExchange ex, URI uri, byte[] requestBody) throws IOException {
        String base = upstream.toString().replaceAll("/$", "");
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + uri.getRawPath()
                        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())))
                .timeout(Duration.ofSeconds(30))
                .method(ex.getRequestMethod(), requestBody.length == 0 && ex.getRequestMethod().equals("GET")
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(requestBody));
        for (String h : List.of("Content-Type", "Accept", "Authorization")) {
            String v = ex.getRequestHeaders().getFirst(h);
            if (v != null) b.header(h, v);
        }
        try {
            return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) ex.getResponseBody().write(body);
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
