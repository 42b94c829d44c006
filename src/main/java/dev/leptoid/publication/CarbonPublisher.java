package dev.leptoid.publication;

import dev.leptoid.config.LeptoidConfig;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Writes points to Carbon in the plaintext ({@code path value epoch\n}) or pickle protocol; the bytes
 * come from the protocol's {@link CarbonEncoder}, the connection and the batching are kept here.
 *
 * <ul>
 *   <li>{@link #send} only buffers (bounded: points over {@code maxBuffered} are dropped and counted);</li>
 *   <li>{@link #flush} writes the buffer in batches over one connection, opened on first use and kept
 *       until {@link #close} (one connection per run); a connection found closed by the peer is reopened;</li>
 *   <li>reconnects back off exponentially and are bounded per run ({@code maxConnects}); once they are
 *       used up Carbon counts as down for the rest of the run and later points are failed at once, so an
 *       outage costs at most {@code maxConnects} connect timeouts plus the backoff, once per run;</li>
 *   <li>failures are returned in the {@link PublishResult}, never thrown.</li>
 * </ul>
 * After {@link #close} the publisher can serve the next run.
 */
public final class CarbonPublisher implements MetricSink {

    public enum Protocol {
        PLAINTEXT, PICKLE;

        public static Protocol parse(String s) {
            return switch (s) {
                case "plaintext", "line" -> PLAINTEXT;
                case "pickle" -> PICKLE;
                default -> throw new IllegalArgumentException("protocol '" + s + "' is not one of plaintext, pickle");
            };
        }

        public int defaultPort() { return this == PICKLE ? 2004 : 2003; }

        CarbonEncoder encoder() { return this == PICKLE ? new CarbonPickle() : new CarbonPlaintext(); }
    }

    /**
     * @param timeout connect timeout (and read timeout)
     * @param batchSize points per write (plaintext) or per pickle message
     * @param maxBuffered points held between flushes; more are dropped and reported
     * @param maxConnects connection attempts per run (first connect included)
     * @param backoff wait before the second attempt, doubled for each further one, capped at {@code maxBackoff}
     */
    public record Settings(Protocol protocol, Duration timeout, int batchSize, int maxBuffered, int maxConnects,
                           Duration backoff, Duration maxBackoff) {
        public Settings {
            if (batchSize < 1 || maxBuffered < 1 || maxConnects < 1)
                throw new IllegalArgumentException("batchSize, maxBuffered and maxConnects must be positive");
        }

        public static Settings defaults(Protocol protocol) {
            return new Settings(protocol, Duration.ofSeconds(2), 500, 200_000, 4, Duration.ofMillis(200), Duration.ofSeconds(2));
        }
    }

    /** Opens a connection; injectable so tests can cause faults. */
    public interface SocketFactory {
        Socket connect(String host, int port, Duration timeout) throws IOException;
    }

    /** Waits between reconnects; injectable so tests need not sleep. */
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    public static final SocketFactory PLAIN = (host, port, timeout) -> {
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            s.setSoTimeout((int) timeout.toMillis());
            s.setTcpNoDelay(true);
            return s;
        } catch (IOException e) {
            s.close();
            throw e;
        }
    };

    /** One buffered point. */
    public record Point(String path, double value, long epochSeconds) {}

    private static final Pattern PATH = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");

    private final String host;
    private final int port;
    private final Settings settings;
    private final CarbonEncoder encoder;
    private final SocketFactory sockets;
    private final Sleeper sleeper;
    private final List<Point> buffer = new ArrayList<>();
    private int dropped;
    private int rejected;
    // per run
    private Socket socket;
    private int connects;
    private boolean down;
    private String lastFailure;

    public CarbonPublisher(String host, int port, Settings settings, SocketFactory sockets, Sleeper sleeper) {
        this.host = host;
        this.port = port;
        this.settings = settings;
        this.encoder = settings.protocol().encoder();
        this.sockets = sockets;
        this.sleeper = sleeper;
    }

    public CarbonPublisher(String host, int port, Settings settings) {
        this(host, port, settings, PLAIN, d -> Thread.sleep(d.toMillis()));
    }

    public CarbonPublisher(String host, int port) {
        this(host, port, Settings.defaults(Protocol.PLAINTEXT));
    }

    /** The publisher the configuration's {@code carbon} section asks for, with default settings. */
    public static CarbonPublisher of(LeptoidConfig.Carbon carbon) {
        return new CarbonPublisher(carbon.host(), carbon.port(), Settings.defaults(Protocol.parse(carbon.protocol())));
    }

    public Protocol protocol() { return settings.protocol(); }

    /** Whether {@code path} is a plain Graphite path (nodes of [A-Za-z0-9_-] joined by dots). */
    public static boolean isPlainPath(String path) {
        return path != null && path.length() <= 1024 && PATH.matcher(path).matches();
    }

    @Override
    public void send(String path, double value, long epochSeconds) {
        if (!Double.isFinite(value)) return;
        if (!isPlainPath(path)) {
            rejected++;
            return;
        }
        if (buffer.size() >= settings.maxBuffered()) {
            dropped++;
            return;
        }
        buffer.add(new Point(path, value, epochSeconds));
    }

    @Override
    public PublishResult flush() {
        List<String> errors = new ArrayList<>();
        int failed = dropped + rejected;
        if (dropped > 0) errors.add(dropped + " points over the buffer limit of " + settings.maxBuffered() + " were dropped");
        if (rejected > 0) errors.add(rejected + " points with a path that is not plain were rejected");
        dropped = 0;
        rejected = 0;
        int sent = 0;
        int i = 0;
        if (socket != null && !buffer.isEmpty() && !peerStillOpen(socket)) closeSocket();
        while (i < buffer.size() && !down) {
            int j = encoder.batchEnd(buffer, i, settings.batchSize());
            try {
                write(connection(), i, j);
                sent += j - i;
                i = j;
            } catch (IOException e) {
                closeSocket();
                lastFailure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
                if (connects >= settings.maxConnects()) down = true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                lastFailure = "interrupted";
                down = true;
            }
        }
        if (i < buffer.size()) {
            failed += buffer.size() - i;
            errors.add("Carbon " + host + ":" + port + " (" + settings.protocol().name().toLowerCase(Locale.ROOT)
                    + ") unreachable after " + connects + " connection attempts: " + lastFailure);
        }
        buffer.clear();
        if (sent == 0 && failed == 0) return PublishResult.EMPTY;
        return new PublishResult(sent, failed, errors.isEmpty() ? null : String.join("; ", errors));
    }

    /** Ends the run: closes the connection and resets the reconnect budget. Unflushed points are discarded. */
    @Override
    public void close() {
        buffer.clear();
        dropped = 0;
        rejected = 0;
        closeSocket();
        connects = 0;
        down = false;
        lastFailure = null;
    }

    private void write(OutputStream out, int from, int to) throws IOException {
        out.write(encoder.encode(buffer, from, to));
        out.flush();
    }

    /** The run's connection, or a new one (with backoff after the first). */
    private OutputStream connection() throws IOException, InterruptedException {
        if (socket != null) return socket.getOutputStream();
        if (connects > 0) sleeper.sleep(backoff(connects));
        connects++;
        socket = sockets.connect(host, port, settings.timeout());
        return socket.getOutputStream();
    }

    Duration backoff(int attempt) {
        long ms = settings.backoff().toMillis() << Math.min(20, attempt - 1);
        return Duration.ofMillis(Math.min(ms, settings.maxBackoff().toMillis()));
    }

    /**
     * Carbon never writes on its receiver ports, so a read that ends the stream means the peer
     * closed the connection (carbon-cache stopped or restarted). Checked before each flush so
     * points are not written into a dead connection.
     */
    private static boolean peerStillOpen(Socket s) {
        if (s.isClosed() || s.isInputShutdown()) return false;
        try {
            int old = s.getSoTimeout();
            s.setSoTimeout(1);
            try {
                InputStream in = s.getInputStream();
                return in.read() != -1;
            } catch (SocketTimeoutException e) {
                return true;
            } finally {
                s.setSoTimeout(old);
            }
        } catch (IOException e) {
            return false;
        }
    }

    private void closeSocket() {
        if (socket == null) return;
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a broken connection; nothing more to do
        }
        socket = null;
    }
}
