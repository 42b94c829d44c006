package dev.leptoid.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * A loopback port that refuses connections for as long as it is open: a socket is bound to it but
 * never listens, so a connect gets a reset, and no other listener (another test, another fork) can
 * take the port in the meantime, which a port found free and closed again cannot promise.
 */
public final class RefusingPort implements AutoCloseable {

    private final Socket holder = new Socket();

    public RefusingPort() throws IOException {
        holder.setReuseAddress(false);
        holder.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    public int port() { return holder.getLocalPort(); }

    @Override
    public void close() throws IOException { holder.close(); }
}
