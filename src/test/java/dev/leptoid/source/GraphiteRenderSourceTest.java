package dev.leptoid.source;

import com.sun.net.httpserver.HttpServer;
import dev.leptoid.testing.FaultProxy;
import dev.leptoid.testing.RefusingPort;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The render client over real loopback sockets: an upstream that answers like graphite-web
 * (its exact JSON shapes) behind the {@link FaultProxy}. The same faults against the real
 * graphite-web are in {@code GraphiteFaultsTest}.
 */
class GraphiteRenderSourceTest {

    private static final String RENDER = "[{\"target\": \"prod.web.i-1.cpu\", \"tags\": {\"name\": \"prod.web.i-1.cpu\"}, "
            + "\"datapoints\": [[10.0, 1200], [null, 1260], [30.5, 1320]]}, "
            + "{\"target\": \"prod.web.i-2.cpu\", \"tags\": {\"name\": \"prod.web.i-2.cpu\"}, "
            + "\"datapoints\": [[1.0, 1200], [2.0, 1260], [3.0, 1320]]}]";
    private static final String FIND = "[{\"text\": \"i-1\", \"expandable\": 0, \"leaf\": 1, \"id\": \"prod.web.i-1.cpu\", \"allowChildren\": 0}, "
            + "{\"text\": \"i-0\", \"expandable\": 0, \"leaf\": 1, \"id\": \"prod.web.i-0.cpu\", \"allowChildren\": 0}, "
            + "{\"text\": \"old\", \"expandable\": 1, \"leaf\": 0, \"id\": \"prod.web.old\", \"allowChildren\": 1}]";

    private HttpServer upstream;
    private FaultProxy proxy;
    private final List<Duration> slept = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        upstream.createContext("/render", ex -> {
            byte[] b = RENDER.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        upstream.createContext("/metrics/find", ex -> {
            byte[] b = FIND.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        upstream.start();
        proxy = FaultProxy.start(URI.create("http://127.0.0.1:" + upstream.getAddress().getPort()));
    }

    @AfterEach
    void stop() {
        proxy.close();
        upstream.stop(0);
    }

    private GraphiteRenderSource source(GraphiteRenderSource.Options options, GraphiteAuth auth) {
        return new GraphiteRenderSource(HttpClient.newBuilder().connectTimeout(options.connectTimeout()).build(),
                proxy.uri(), options, auth, slept::add);
    }

    private GraphiteRenderSource source() {
        return source(GraphiteRenderSource.Options.DEFAULTS.withReadTimeout(Duration.ofSeconds(2)), GraphiteAuth.NONE);
    }

    private List<Series> fetch(GraphiteRenderSource s) throws SourceException {
        return s.fetch("prod.web.*.cpu", Instant.ofEpochSecond(1200), Instant.ofEpochSecond(1380));
    }

    @Test
    void posts_a_json_render_request_for_the_whole_window_without_consolidation() throws Exception {
        List<Series> series = fetch(source());
        assertEquals(2, series.size());
        assertArrayEquals(new double[]{10.0, Double.NaN, 30.5}, series.get(0).values());
        FaultProxy.Seen seen = proxy.seen().get(0);
        assertEquals("POST", seen.method());
        assertEquals("/render", seen.path());
        String form = URLDecoder.decode(seen.body(), StandardCharsets.UTF_8);
        assertTrue(form.contains("target=prod.web.*.cpu"), form);
        assertTrue(form.contains("format=json"), form);
        assertTrue(form.contains("from=1199") && form.contains("until=1379"), form);
        assertTrue(form.contains("maxDataPoints=181"), "more points allowed than seconds in the window: " + form);
    }

    @Test
    void points_outside_the_window_are_dropped() throws Exception {
        List<Series> s = source().fetch("prod.web.*.cpu", Instant.ofEpochSecond(1260), Instant.ofEpochSecond(1320));
        assertEquals(1260, s.get(0).start());
        assertEquals(1, s.get(0).size());
    }

    @Test
    void retries_a_500_with_doubling_backoff_then_succeeds() throws Exception {
        proxy.next(2, FaultProxy.status500());
        List<Series> series = fetch(source());
        assertEquals(2, series.size());
        assertEquals(3, proxy.seen().size());
        assertEquals(List.of(Duration.ofMillis(500), Duration.ofMillis(1000)), slept);
    }

    @Test
    void gives_up_after_max_attempts_with_the_status_in_one_line() {
        proxy.always(FaultProxy.status500());
        SourceException e = assertThrows(SourceException.class, () -> fetch(source()));
        assertEquals(3, proxy.seen().size());
        assertTrue(e.getMessage().contains("HTTP 500") && e.getMessage().contains("after 3 attempts"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void every_error_names_the_graphite_host_once() {
        String host = "http://127.0.0.1:" + proxy.uri().getPort();
        for (FaultProxy.Fault fault : List.of(FaultProxy.htmlPage(), FaultProxy.truncated(), FaultProxy.status500())) {
            proxy.always(fault);
            String m = assertThrows(SourceException.class, () -> fetch(source())).getMessage();
            assertEquals(1, m.split(java.util.regex.Pattern.quote(host), -1).length - 1, m);
        }
    }

    /** A loopback port whose accept queue is full, so a further connect hangs (Linux drops the SYN). */
    private static List<java.net.Socket> fill(java.net.ServerSocket listener) throws IOException {
        List<java.net.Socket> queued = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            java.net.Socket s = new java.net.Socket();
            try {
                s.connect(listener.getLocalSocketAddress(), 200);
                queued.add(s);
            } catch (java.net.SocketTimeoutException full) {
                s.close();
                return queued;
            }
        }
        throw new IllegalStateException("the accept queue did not fill up");
    }

    @Test
    void a_connect_that_hangs_is_reported_with_the_limit_that_ended_it() throws Exception {
        try (java.net.ServerSocket listener = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<java.net.Socket> queued = fill(listener);
            URI url = URI.create("http://127.0.0.1:" + listener.getLocalPort());
            GraphiteRenderSource.Options shortRequest = new GraphiteRenderSource.Options(Duration.ofSeconds(5), Duration.ofMillis(300),
                    1, Duration.ZERO, 1000, 1 << 20);
            assertTrue(assertThrows(SourceException.class, () -> GraphiteRenderSource.create(url, shortRequest, GraphiteAuth.NONE)
                    .fetch("a.b", Instant.ofEpochSecond(1200), Instant.ofEpochSecond(1380))).getMessage()
                    .endsWith(": no connection within 300ms (graphite.timeout)"));
            GraphiteRenderSource.Options shortConnect = new GraphiteRenderSource.Options(Duration.ofMillis(300), Duration.ofSeconds(5),
                    1, Duration.ZERO, 1000, 1 << 20);
            assertTrue(assertThrows(SourceException.class, () -> GraphiteRenderSource.create(url, shortConnect, GraphiteAuth.NONE)
                    .fetch("a.b", Instant.ofEpochSecond(1200), Instant.ofEpochSecond(1380))).getMessage()
                    .endsWith(": no connection within 300ms (graphite.connect_timeout)"));
            for (java.net.Socket s : queued) s.close();
        }
    }

    @Test
    void an_html_page_is_an_error_and_not_retried() {
        proxy.always(FaultProxy.htmlPage());
        SourceException e = assertThrows(SourceException.class, () -> fetch(source()));
        assertTrue(e.getMessage().contains("HTML page"), e.getMessage());
        assertEquals(1, proxy.seen().size());
    }

    @Test
    void truncated_json_is_an_error() {
        proxy.always(FaultProxy.truncated());
        SourceException e = assertThrows(SourceException.class, () -> fetch(source()));
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
    }

    @Test
    void a_slow_answer_times_out_and_is_retried() throws Exception {
        // the first answer never comes in time (the proxy holds it until it is closed); the retry's must come within 2 s
        proxy.next(1, FaultProxy.slow(Duration.ofMinutes(5)));
        GraphiteRenderSource s = source(GraphiteRenderSource.Options.DEFAULTS.withReadTimeout(Duration.ofSeconds(2)), GraphiteAuth.NONE);
        assertEquals(2, fetch(s).size());
        assertEquals(1, slept.size());
    }

    @Test
    void a_body_that_stalls_is_cut_off_at_the_read_timeout() {
        // the headers and half the body come at once, the rest only when the proxy is closed
        proxy.always(FaultProxy.stallBody(Duration.ofMinutes(5)));
        GraphiteRenderSource s = source(GraphiteRenderSource.Options.DEFAULTS.withReadTimeout(Duration.ofSeconds(2)).withMaxAttempts(1),
                GraphiteAuth.NONE);
        SourceException e = assertThrows(SourceException.class, () -> fetch(s));
        assertTrue(e.getMessage().contains("not complete within 2s"), e.getMessage());
        assertFalse(Thread.currentThread().isInterrupted(), "the caller's thread is left un-interrupted");
    }

    @Test
    void an_unreachable_graphite_is_an_error_after_retries() throws Exception {
        try (RefusingPort refusing = new RefusingPort()) {
            GraphiteRenderSource s = new GraphiteRenderSource(HttpClient.newHttpClient(), URI.create("http://127.0.0.1:" + refusing.port()),
                    GraphiteRenderSource.Options.DEFAULTS, GraphiteAuth.NONE, slept::add);
            SourceException e = assertThrows(SourceException.class, () -> fetch(s));
            assertTrue(e.getMessage().contains("unreachable"), e.getMessage());
            assertEquals(2, slept.size());
        }
    }

    @Test
    void answers_larger_than_the_byte_limit_are_refused() {
        GraphiteRenderSource s = source(GraphiteRenderSource.Options.DEFAULTS.withLimits(1_000_000, 100), GraphiteAuth.NONE);
        SourceException e = assertThrows(SourceException.class, () -> fetch(s));
        assertTrue(e.getMessage().contains("larger than 100 bytes"), e.getMessage());
    }

    @Test
    void sends_basic_credentials_as_a_header_and_never_shows_them() throws Exception {
        GraphiteAuth auth = new GraphiteAuth.Basic("leptoid", "s3cret-pw");
        fetch(source(GraphiteRenderSource.Options.DEFAULTS, auth));
        assertEquals("Basic bGVwdG9pZDpzM2NyZXQtcHc=", proxy.seen().get(0).authorization());
        assertFalse(auth.toString().contains("s3cret"));
        proxy.always(FaultProxy.status500());
        SourceException e = assertThrows(SourceException.class, () -> fetch(source(GraphiteRenderSource.Options.DEFAULTS, auth)));
        assertFalse(e.getMessage().contains("s3cret") || e.getMessage().contains("bGVwdG9pZDpzM2NyZXQtcHc"), e.getMessage());
    }

    @Test
    void sends_a_bearer_token() throws Exception {
        GraphiteAuth auth = new GraphiteAuth.Bearer("tok-123");
        fetch(source(GraphiteRenderSource.Options.DEFAULTS, auth));
        assertEquals("Bearer tok-123", proxy.seen().get(0).authorization());
        assertFalse(auth.toString().contains("tok-123"));
    }

    @Test
    void a_401_says_to_check_the_credentials_and_is_not_retried() {
        proxy.always(new FaultProxy.Fault.Status(401, "text/plain", "Unauthorized"));
        SourceException e = assertThrows(SourceException.class, () -> fetch(source()));
        assertTrue(e.getMessage().contains("HTTP 401") && e.getMessage().contains("graphite.auth"), e.getMessage());
        assertEquals(1, proxy.seen().size());
    }

    @Test
    void find_lists_leaf_metrics_sorted() throws Exception {
        assertEquals(List.of("prod.web.i-0.cpu", "prod.web.i-1.cpu"), source().find("prod.web.*.cpu"));
        FaultProxy.Seen seen = proxy.seen().get(0);
        assertEquals("/metrics/find", seen.path());
        assertTrue(URLDecoder.decode(seen.query(), StandardCharsets.UTF_8).contains("query=prod.web.*.cpu"));
    }
}
