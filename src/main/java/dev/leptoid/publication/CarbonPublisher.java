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
 *   <li>{@link #flush} writes the buffer in batches over one connection and counts the points as sent
 *       only once Carbon has confirmed reading them (see {@link #confirm}); the connection then ends, so
 *       each flush (one per service) has its own;</li>
 *   <li>a flush that fails (no connection, a write or the confirmation fails) is tried again over a new
 *       connection, whole: Carbon keeps one value per path and timestamp, so a point sent twice is harmless;</li>
 *   <li>failed attempts back off exponentially and are bounded per run ({@code maxConnects}); once they are
 *       used up Carbon counts as down for the rest of the run and later points are failed at once, so an
 *       outage costs at most {@code maxConnects} timeouts plus the backoff, once per run;</li>
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
     * @param timeout connect timeout, and the longest wait for Carbon to confirm a flush
     * @param batchSize points per write (plaintext) or per pickle message
     * @param maxBuffered points held between flushes; more are dropped and reported
     * @param maxConnects failed attempts per run (a failed connect, write or confirmation) before Carbon counts as down
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
    private int failures;
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
        while (!buffer.isEmpty() && !down && sent == 0) {
            try {
                Socket s = connection();
                for (int i = 0; i < buffer.size(); ) {
                    int j = encoder.batchEnd(buffer, i, settings.batchSize());
                    write(s.getOutputStream(), i, j);
                    i = j;
                }
                confirm(s);
                sent = buffer.size();
            } catch (IOException e) {
                lastFailure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
                if (++failures >= settings.maxConnects()) down = true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                lastFailure = "interrupted";
                down = true;
            } finally {
                closeSocket();
            }
        }
        if (sent < buffer.size()) {
            failed += buffer.size();
            errors.add("Carbon " + host + ":" + port + " (" + settings.protocol().name().toLowerCase(Locale.ROOT)
                    + ") unreachable after " + failures + " connection attempts: " + lastFailure);
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
        failures = 0;
        down = false;
        lastFailure = null;
    }

    private void write(OutputStream out, int from, int to) throws IOException {
        out.write(encoder.encode(buffer, from, to));
        out.flush();
    }

    /** A new connection for this flush (after a failure: after the backoff). */
    private Socket connection() throws IOException, InterruptedException {
        if (failures > 0) sleeper.sleep(backoff(failures));
        socket = sockets.connect(host, port, settings.timeout());
        return socket;
    }

    Duration backoff(int attempt) {
        long ms = settings.backoff().toMillis() << Math.min(20, attempt - 1);
        return Duration.ofMillis(Math.min(ms, settings.maxBackoff().toMillis()));
    }

    /**
     * Carbon sends nothing back, and a write only hands bytes to the kernel: into a connection Carbon has
     * already closed, the first write still "succeeds". So the points count as sent only when Carbon has
     * read up to our end of stream. Carbon never writes on its receiver ports, so:
     * <ol>
     *   <li>the end of stream already visible before we end ours means Carbon closed on its own (a
     *       receiver that accepts and closes): what we wrote after its close was answered with a reset,
     *       which Linux does not report once it has seen the close, so this check is needed;</li>
     *   <li>we half-close ({@code shutdownOutput}: our FIN after the last byte);</li>
     *   <li>we wait (up to the timeout) for Carbon to close in turn: the end of stream then means it read
     *       everything, then closed. A reset (arrived before or after our FIN) means it closed with our
     *       bytes unread (e.g. after reading the first 100 bytes); bytes or no close within the timeout
     *       are failures too.</li>
     * </ol>
     * Not seen: a receiver whose close sends its FIN before discarding unread bytes (shutdown then
     * close, as a JVM or Twisted does) and reaches us only after our own end of stream: the reset then
     * meets our TIME_WAIT and is dropped by the kernel, and the read sees a clean end of stream.
     */
    private void confirm(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        s.setSoTimeout(1);
        try {
            if (in.read() != -1) throw new IOException("Carbon wrote on a receiver connection");
            throw new IOException("Carbon closed the connection before confirming the points");
        } catch (SocketTimeoutException open) {
            // still open: end our stream and wait for Carbon's
        }
        s.shutdownOutput();
        s.setSoTimeout((int) Math.max(1, settings.timeout().toMillis()));
        try {
            if (in.read() != -1) throw new IOException("Carbon wrote on a receiver connection");
        } catch (SocketTimeoutException e) {
            throw new IOException("Carbon did not confirm the points within " + settings.timeout().toMillis() + "ms");
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
