package dev.leptoid.lambda;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A loopback endpoint for AWS JSON 1.1 services (SSM, Secrets Manager): the operation comes in the
 * {@code X-Amz-Target} header, the input as a JSON body; answers are JSON, errors carry
 * {@code __type}. The real SDK v2 clients point at it with {@code endpointOverride}.
 */
final class AwsJsonServer implements AutoCloseable {

    record Request(String target, String body) {}

    record Answer(int status, String json) {
        static Answer ok(String json) { return new Answer(200, json); }
        static Answer error(int status, String type, String message) {
            return new Answer(status, "{\"__type\":\"" + type + "\",\"message\":\"" + message + "\"}");
        }
    }

    private final HttpServer server;
    private final Map<String, Function<Request, Answer>> handlers = new ConcurrentHashMap<>();
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());

    AwsJsonServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI endpoint() { return URI.create("http://127.0.0.1:" + server.getAddress().getPort()); }

    /** @param target e.g. {@code AmazonSSM.GetParameter} or {@code secretsmanager.GetSecretValue} */
    AwsJsonServer on(String target, Function<Request, Answer> handler) {
        handlers.put(target, handler);
        return this;
    }

    List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            Request r = new Request(target, new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            requests.add(r);
            Function<Request, Answer> h = handlers.get(target);
            Answer a = h == null ? Answer.error(400, "UnknownOperationException", "no handler for " + target) : h.apply(r);
            byte[] out = a.json().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
            exchange.sendResponseHeaders(a.status(), out.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(out);
            }
        }
    }

    @Override
    public void close() { server.stop(0); }
}
