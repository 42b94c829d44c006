package dev.leptoid.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A loopback HTTP endpoint that speaks the AWS Query protocol (Auto Scaling, CloudWatch):
 * form-encoded {@code Action=...} requests in, XML answers or XML errors out. The real SDK v2
 * clients point at it with {@code endpointOverride}. It records every request (decoded form
 * parameters) so tests can assert exactly what leptoid sent.
 *
 * <p>Answers come from a handler per Action, or from a queue of one-off answers (to cause
 * Throttling twice and then succeed, say).
 */
public final class AwsQueryServer implements AutoCloseable {

    /** One answer: HTTP status and XML body. */
    public record Answer(int status, String xml) {
        public static Answer ok(String xml) { return new Answer(200, xml); }
    }

    /** One recorded request: its Action and all its form parameters in order. */
    public record Request(String action, Map<String, String> params) {
        public String param(String name) { return params.get(name); }
    }

    /**
     * How one request came over the wire: its Content-Type and Content-Encoding headers, and the
     * size of its form body before and after decompression (the SDK gzips large PutMetricData bodies).
     */
    public record Wire(String action, String contentType, String contentEncoding, int wireBytes, int formBytes) {}

    private final HttpServer server;
    private final String xmlns;
    private final Map<String, Function<Request, Answer>> handlers = new HashMap<>();
    private final Map<String, Deque<Answer>> queued = new HashMap<>();
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private final List<Wire> wire = Collections.synchronizedList(new ArrayList<>());

    /** @param xmlns the service's XML namespace, e.g. {@code http://autoscaling.amazonaws.com/doc/2011-01-01/} */
    public AwsQueryServer(String xmlns) throws IOException {
        this.xmlns = xmlns;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor()); // a handler that never answers holds up only its caller
        server.start();
    }

    /**
     * An Auto Scaling endpoint; its groups have no scaling policies, no scheduled actions and no instance refreshes
     * unless a test answers DescribePolicies, DescribeScheduledActions or DescribeInstanceRefreshes.
     */
    public static AwsQueryServer autoScaling() throws IOException {
        AwsQueryServer aws = new AwsQueryServer("http://autoscaling.amazonaws.com/doc/2011-01-01/");
        return aws.on("DescribePolicies", r -> aws.result("DescribePolicies", "<ScalingPolicies/>"))
                .on("DescribeScheduledActions", r -> aws.result("DescribeScheduledActions", "<ScheduledUpdateGroupActions/>"))
                .on("DescribeInstanceRefreshes", r -> aws.result("DescribeInstanceRefreshes", "<InstanceRefreshes/>"));
    }

    public static AwsQueryServer cloudWatch() throws IOException {
        return new AwsQueryServer("http://monitoring.amazonaws.com/doc/2010-08-01/");
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Answers every request for {@code action} with {@code handler}. */
    public synchronized AwsQueryServer on(String action, Function<Request, Answer> handler) {
        handlers.put(action, handler);
        return this;
    }

    /** The handler answering {@code action} (null: none). */
    public synchronized Function<Request, Answer> handler(String action) {
        return handlers.get(action);
    }

    /** The next request for {@code action} gets {@code answer} (before the handler is asked). */
    public synchronized AwsQueryServer once(String action, Answer answer) {
        queued.computeIfAbsent(action, k -> new ArrayDeque<>()).add(answer);
        return this;
    }

    /** A successful answer {@code <ActionResponse><ActionResult>result</ActionResult>...}. */
    public Answer result(String action, String resultXml) {
        return Answer.ok("<" + action + "Response xmlns=\"" + xmlns + "\"><" + action + "Result>" + resultXml + "</"
                + action + "Result><ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></" + action + "Response>");
    }

    /** A successful answer with no result element (e.g. SetDesiredCapacity, PutMetricData). */
    public Answer empty(String action) {
        return Answer.ok("<" + action + "Response xmlns=\"" + xmlns + "\"><ResponseMetadata><RequestId>req-1</RequestId>"
                + "</ResponseMetadata></" + action + "Response>");
    }

    /** An AWS Query error answer. */
    public static Answer error(int status, String code, String message) {
        return new Answer(status, "<ErrorResponse><Error><Type>" + (status >= 500 ? "Receiver" : "Sender") + "</Type><Code>"
                + code + "</Code><Message>" + message + "</Message></Error><RequestId>req-err</RequestId></ErrorResponse>");
    }

    public List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    public List<Request> requests(String action) {
        return requests().stream().filter(r -> r.action().equals(action)).toList();
    }

    /** Headers and sizes of every request, in order. */
    public List<Wire> wire() {
        synchronized (wire) {
            return List.copyOf(wire);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] raw;
            try (InputStream in = exchange.getRequestBody()) {
                raw = in.readAllBytes();
            }
            String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
            byte[] body = raw;
            if (encoding != null && encoding.equalsIgnoreCase("gzip")) {
                try (InputStream in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(raw))) {
                    body = in.readAllBytes();
                }
            }
            Map<String, String> params = decode(new String(body, StandardCharsets.UTF_8));
            String query = exchange.getRequestURI().getRawQuery();
            if (query != null) params.putAll(decode(query));
            Request request = new Request(params.getOrDefault("Action", ""), params);
            requests.add(request);
            wire.add(new Wire(request.action(), exchange.getRequestHeaders().getFirst("Content-Type"), encoding,
                    raw.length, body.length));
            Answer answer = answer(request);
            byte[] out = answer.xml().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/xml");
            exchange.sendResponseHeaders(answer.status(), out.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(out);
            }
        }
    }

    private Answer answer(Request request) {
        Function<Request, Answer> h;
        synchronized (this) {
            Deque<Answer> q = queued.get(request.action());
            if (q != null && !q.isEmpty()) return q.poll();
            h = handlers.get(request.action());
        }
        if (h == null) return error(400, "InvalidAction", "no handler for " + request.action());
        return h.apply(request); // outside the lock: a slow handler delays only its own request
    }

    private static Map<String, String> decode(String form) {
        Map<String, String> out = new LinkedHashMap<>();
        if (form.isEmpty()) return out;
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(k, v);
        }
        return out;
    }

    @Override
    public void close() { server.stop(0); }
}
