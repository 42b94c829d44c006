package dev.leptoid.publication;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real TCP listener on loopback standing in for a Carbon receiver: records the bytes of every
 * connection, and can drop its connections or stop listening to cause an outage. A misbehaving one
 * ({@link #closingAfter}) accepts every connection and resets it after reading a few bytes.
 */
public final class CarbonListener implements AutoCloseable {

    private final ServerSocket server;
    private final List<Socket> accepted = new ArrayList<>();
    private final List<ByteArrayOutputStream> received = new ArrayList<>();
    private final Thread acceptor;
    private final long closeAfterBytes;

    public CarbonListener() throws IOException { this(Long.MAX_VALUE); }

    private CarbonListener(long closeAfterBytes) throws IOException {
        this.closeAfterBytes = closeAfterBytes;
        server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        acceptor = Thread.ofVirtual().start(this::acceptLoop);
    }

    /**
     * A receiver that accepts each connection and resets it after reading {@code bytes} bytes (0: at once):
     * the close discards what it did not read and sends a reset, as a receiver's plain close(2) does with
     * unread bytes. (A JVM's own close sends its FIN first; see CarbonPublisher#confirm for that case.)
     */
    public static CarbonListener closingAfter(long bytes) throws IOException { return new CarbonListener(bytes); }

    public int port() { return server.getLocalPort(); }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                synchronized (this) {
                    accepted.add(s);
                    received.add(bytes);
                }
                Thread.ofVirtual().start(() -> readAll(s, bytes));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void readAll(Socket s, ByteArrayOutputStream bytes) {
        byte[] buf = new byte[65536];
        long left = closeAfterBytes;
        try (InputStream in = s.getInputStream()) {
            if (closeAfterBytes != Long.MAX_VALUE) s.setSoLinger(true, 0);
            int n;
            while (left > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, left))) > 0) {
                left -= n;
                synchronized (this) {
                    bytes.write(buf, 0, n);
                    notifyAll();
                }
            }
        } catch (IOException ignored) {
            // connection dropped by the test
        }
    }

    public synchronized int connections() { return accepted.size(); }

    /** All bytes received so far, connection after connection. */
    public synchronized byte[] bytes() {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (ByteArrayOutputStream b : received) all.writeBytes(b.toByteArray());
        return all.toByteArray();
    }

    public String text() { return new String(bytes(), java.nio.charset.StandardCharsets.UTF_8); }

    /** Waits (up to 30 s) until at least {@code n} bytes arrived; returns what arrived. */
    public synchronized byte[] awaitBytes(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (total() < n && System.nanoTime() < deadline) wait(50);
        return bytes();
    }

    private int total() {
        int t = 0;
        for (ByteArrayOutputStream b : received) t += b.size();
        return t;
    }

    /** Closes every accepted connection, keeps listening (like a Carbon restart that kept its port). */
    public synchronized void dropConnections() throws IOException {
        for (Socket s : accepted) s.close();
    }

    /** Stops listening and closes every connection: Carbon is down. */
    @Override
    public synchronized void close() throws IOException {
        server.close();
        dropConnections();
        acceptor.interrupt();
    }
}
