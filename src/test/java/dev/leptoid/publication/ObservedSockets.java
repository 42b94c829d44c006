package dev.leptoid.publication;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Real loopback connections for a {@link CarbonPublisher} (made like {@link CarbonPublisher#PLAIN}) that
 * let a test synchronize with them instead of sleeping: how many bytes the publisher has written, and
 * a wait until the publisher's side of the last connection has seen the peer close it.
 */
public final class ObservedSockets implements CarbonPublisher.SocketFactory {

    private final AtomicLong written = new AtomicLong();
    private volatile Socket last;

    @Override
    public Socket connect(String host, int port, Duration timeout) throws IOException {
        Socket s = new Socket() {
            @Override
            public OutputStream getOutputStream() throws IOException {
                return new FilterOutputStream(super.getOutputStream()) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        out.write(b, off, len);
                        written.addAndGet(len);
                    }

                    @Override
                    public void write(int b) throws IOException {
                        out.write(b);
                        written.incrementAndGet();
                    }
                };
            }
        };
        try {
            s.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            s.setSoTimeout((int) timeout.toMillis());
            s.setTcpNoDelay(true);
        } catch (IOException e) {
            s.close();
            throw e;
        }
        last = s;
        return s;
    }

    /** Bytes the publisher has written (and the kernel accepted) over all connections so far. */
    public long written() { return written.get(); }

    /**
     * Blocks (up to 30 s) until the publisher's end of the last connection reads the end of the stream,
     * i.e. the peer's close has really arrived. Carbon never writes on its receiver ports, so nothing is
     * consumed; the end of stream stays visible to the publisher's own check. Returns at once when the
     * publisher has already closed the connection itself.
     * Call it from the thread that uses the publisher, between flushes.
     */
    public void awaitPeerClosed() throws IOException {
        Socket s = last;
        if (s == null) throw new IllegalStateException("no connection was made");
        if (s.isClosed()) return; // the publisher ended it itself (every confirmed flush does): no peer close to wait for
        int old = s.getSoTimeout();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try {
            s.setSoTimeout(100);
            InputStream in = s.getInputStream();
            while (true) {
                try {
                    int b = in.read();
                    if (b == -1) return;
                    throw new IllegalStateException("the peer wrote to a Carbon receiver connection");
                } catch (SocketTimeoutException e) {
                    if (System.nanoTime() > deadline) throw new IllegalStateException("the peer's close did not arrive within 30 s");
                } catch (SocketException e) {
                    return; // reset by the peer: closed as well, and the publisher's next read sees it too
                }
            }
        } finally {
            s.setSoTimeout(old);
        }
    }
}
