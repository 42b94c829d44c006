package dev.leptoid.bench;

import com.sun.net.httpserver.HttpExchange;
import dev.leptoid.model.LoadHistory;
import com.sun.net.httpserver.HttpServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A generated graphite-web for {@link WholeRunBenchmark}, in its own JVM so that its work is not
 * counted as leptoid's: {@code POST /render} answers graphite-web's JSON for
 * {@code <root>.<env>.<service>.*.{rate,time}} (instances {@code i-0..i-(n-1)}, a daily wave plus a
 * per-instance offset) and, with {@code warm}, leptoid's own offered-load history; every other
 * target is an empty list. {@code /metrics/find} is empty, {@code /events/} accepted. A Carbon
 * listener drains what leptoid writes and counts the lines. Prints
 * {@code graphite <port> carbon <port>} once both listen.
 *
 * <p>usage: RenderStub ROOT INSTANCES_PER_SERVICE cold|warm
 */
public final class RenderStub {

    private final String root;
    private final int instances;
    private final boolean warm;
    /** The datapoints array of one metric, instance offset and grid, generated once. */
    private final Map<String, byte[]> points = new ConcurrentHashMap<>();
    private final AtomicLong carbonLines = new AtomicLong();

    RenderStub(String root, int instances, boolean warm) {
        this.root = root;
        this.instances = instances;
        this.warm = warm;
    }

    public static void main(String[] args) throws Exception {
        // the JDK server leaves Nagle on: the body would wait on the client's delayed ACK of the headers (~40 ms a request)
        System.setProperty("sun.net.httpserver.nodelay", "true");
        RenderStub stub = new RenderStub(args[0], Integer.parseInt(args[1]), args[2].equals("warm"));
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        http.setExecutor(Executors.newFixedThreadPool(4));
        http.createContext("/render", stub::render);
        http.createContext("/metrics/find", e -> answer(e, "[]".getBytes(StandardCharsets.UTF_8)));
        http.createContext("/events/", e -> answer(e, "{}".getBytes(StandardCharsets.UTF_8)));
        http.start();
        ServerSocket carbon = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().start(() -> stub.drain(carbon));
        System.out.println("graphite " + http.getAddress().getPort() + " carbon " + carbon.getLocalPort());
        System.out.flush();
        // runs until stdin closes (the benchmark ends), then reports what Carbon received
        System.in.transferTo(OutputStream.nullOutputStream());
        System.out.println("carbon lines " + stub.carbonLines.get());
        System.exit(0);
    }

    private void drain(ServerSocket carbon) {
        while (true) {
            try {
                Socket s = carbon.accept();
                Thread.ofPlatform().daemon().start(() -> {
                    byte[] buf = new byte[1 << 16];
                    try (InputStream in = s.getInputStream()) {
                        for (int n; (n = in.read(buf)) > 0; )
                            for (int i = 0; i < n; i++) if (buf[i] == '\n') carbonLines.incrementAndGet();
                    } catch (IOException ignored) {
                        // the run closed its connection
                    }
                });
            } catch (IOException e) {
                return;
            }
        }
    }

    private void render(HttpExchange e) throws IOException {
        Map<String, String> form = new HashMap<>();
        for (String kv : new String(e.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).split("&")) {
            int eq = kv.indexOf('=');
            if (eq > 0) form.put(kv.substring(0, eq), URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
        }
        String target = form.get("target");
        long from = Long.parseLong(form.get("from")) + 1, until = Long.parseLong(form.get("until")) + 1;
        // the whole answer in one buffer, sent with its length: many small chunked writes would wait on
        // Nagle + delayed ACK (40 ms each) and measure the stub, not leptoid
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 16);
        {
            out.write('[');
            String[] nodes = target.split("\\.");
            if (target.startsWith(root + ".") && nodes.length == 5 && nodes[3].equals("*")
                    && (nodes[4].equals("rate") || nodes[4].equals("time"))) {
                for (int i = 0; i < instances; i++) {
                    if (i > 0) out.write(',');
                    String name = nodes[0] + "." + nodes[1] + "." + nodes[2] + ".i-" + i + "." + nodes[4];
                    out.write(("{\"target\":\"" + name + "\",\"tags\":{},\"datapoints\":").getBytes(StandardCharsets.UTF_8));
                    out.write(points(nodes[4], i % 4, from, until));
                    out.write('}');
                }
            } else if (warm && target.contains(".history.")
                    && target.endsWith(".{" + LoadHistory.VALUE + "," + LoadHistory.UNKNOWN + "}")) { // as LoadHistory asks
                String name = target.substring(0, target.lastIndexOf(".{")) + "." + LoadHistory.VALUE;
                out.write(("{\"target\":\"" + name + "\",\"tags\":{},\"datapoints\":").getBytes(StandardCharsets.UTF_8));
                out.write(points("load", 0, from, until));
                out.write('}');
            }
            out.write(']');
        }
        e.getResponseHeaders().set("Content-Type", "application/json");
        e.sendResponseHeaders(200, out.size());
        try (OutputStream body = e.getResponseBody()) {
            out.writeTo(body);
        }
    }

    /** [[value, t], ...] for t in [from, until) every 60 s, cached per grid. */
    private byte[] points(String metric, int offset, long from, long until) {
        return points.computeIfAbsent(metric + offset + ":" + from + ":" + until, k -> {
            StringBuilder b = new StringBuilder("[");
            for (long t = (from + 59) / 60 * 60; t < until; t += 60) {
                double wave = 1 + 0.5 * Math.sin(2 * Math.PI * (t % 86_400) / 86_400.0);
                double v = switch (metric) {
                    case "rate" -> (20 + offset) * wave;  // requests per second
                    case "time" -> 30 + offset;           // milliseconds
                    default -> instances * 21.5 * wave * 0.0315; // offered load in Erlangs, about what the instances add up to
                };
                if (b.length() > 1) b.append(',');
                b.append('[').append(String.format(Locale.ROOT, "%.4f", v)).append(',').append(t).append(']');
            }
            return b.append(']').toString().getBytes(StandardCharsets.UTF_8);
        });
    }

    private static void answer(HttpExchange e, byte[] body) throws IOException {
        e.getRequestBody().readAllBytes();
        e.sendResponseHeaders(200, body.length);
        try (OutputStream out = e.getResponseBody()) {
            out.write(body);
        }
    }
}
