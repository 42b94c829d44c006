package dev.leptoid.publication;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Carbon plaintext protocol ({@code path value epoch\n}) over one TCP connection per flush.
 * Points are buffered (bounded) and written on {@link #flush()}; a Carbon outage is reported
 * in the result, never thrown.
 */
public final class CarbonPublisher implements MetricSink {

    /** Opens a connection; injectable so tests can cause faults. */
    public interface SocketFactory {
        Socket connect(String host, int port, Duration timeout) throws IOException;
    }

    public static final SocketFactory PLAIN = (host, port, timeout) -> {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
        s.setSoTimeout((int) timeout.toMillis());
        return s;
    };

    private final String host;
    private final int port;
    private final Duration timeout;
    private final SocketFactory sockets;
    private final int maxBuffered;
    private final List<String> buffer = new ArrayList<>();
    private int dropped;

    public CarbonPublisher(String host, int port, Duration timeout, SocketFactory sockets, int maxBuffered) {
        this.host = host;
        this.port = port;
        this.timeout = timeout;
        this.sockets = sockets;
        this.maxBuffered = maxBuffered;
    }

    public CarbonPublisher(String host, int port) {
        this(host, port, Duration.ofSeconds(5), PLAIN, 1_000_000);
    }

    /** One plaintext line; values in plain decimal (no exponent Carbon would misread). */
    public static String line(String path, double value, long epochSeconds) {
        String v = value == Math.rint(value) && Math.abs(value) < 1e15
                ? Long.toString((long) value) : String.format(Locale.ROOT, "%.6f", value);
        return path + " " + v + " " + epochSeconds + "\n";
    }

    @Override
    public void send(String path, double value, long epochSeconds) {
        if (!Double.isFinite(value)) return;
        if (buffer.size() >= maxBuffered) {
            dropped++;
            return;
        }
        buffer.add(line(path, value, epochSeconds));
    }

    @Override
    public PublishResult flush() {
        if (buffer.isEmpty() && dropped == 0) return PublishResult.EMPTY;
        int n = buffer.size();
        int lost = dropped;
        dropped = 0;
        String error = lost > 0 ? lost + " points over the buffer limit were dropped" : null;
        try (Socket s = sockets.connect(host, port, timeout); OutputStream out = s.getOutputStream()) {
            StringBuilder chunk = new StringBuilder(64 * 1024);
            for (String l : buffer) {
                chunk.append(l);
                if (chunk.length() >= 60 * 1024) {
                    out.write(chunk.toString().getBytes(StandardCharsets.UTF_8));
                    chunk.setLength(0);
                }
            }
            out.write(chunk.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            buffer.clear();
            return new PublishResult(n, lost, error);
        } catch (IOException e) {
            buffer.clear();
            return new PublishResult(0, n + lost, "Carbon " + host + ":" + port + " unreachable: "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()));
        }
    }

    @Override
    public void close() { buffer.clear(); }
}
