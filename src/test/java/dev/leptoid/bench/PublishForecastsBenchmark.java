package dev.leptoid.bench;

import dev.leptoid.publication.CarbonPublisher;
import dev.leptoid.publication.MetricSink;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.TimeUnit;

/**
 * Publishing forecasts for 1,000 instances x 12 horizons x 3 series (36,000 points) through
 * {@link CarbonPublisher} to a real loopback socket that reads and discards (a Carbon stand-in).
 * One operation = one point (send + its share of the flush); the score is points per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PublishForecastsBenchmark {

    static final int INSTANCES = 1000, HORIZONS = 12;
    static final int POINTS = INSTANCES * HORIZONS * 3;
    static final String[] SERIES = {"mean", "lower", "upper"};

    @Param({"PLAINTEXT", "PICKLE"})
    public String protocol;

    private ServerSocket server;
    private Thread drain;
    private CarbonPublisher publisher;
    private String[][][] paths;
    private double[] values;
    private final long origin = 1_795_000_000L;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        drain = Thread.ofPlatform().daemon().start(() -> {
            while (!server.isClosed()) {
                try (Socket s = server.accept(); InputStream in = s.getInputStream()) {
                    byte[] buf = new byte[1 << 16];
                    while (in.read(buf) > 0) { /* discard */ }
                } catch (IOException e) {
                    return;
                }
            }
        });
        CarbonPublisher.Protocol p = CarbonPublisher.Protocol.valueOf(protocol);
        publisher = new CarbonPublisher("127.0.0.1", server.getLocalPort(), CarbonPublisher.Settings.defaults(p));
        paths = new String[INSTANCES][HORIZONS][3];
        for (int i = 0; i < INSTANCES; i++)
            for (int k = 0; k < HORIZONS; k++)
                for (int s = 0; s < 3; s++)
                    paths[i][k][s] = "leptoid.prod.api.instances.i-0" + Integer.toHexString(0x5f3a000 + i)
                            + ".forecast.h" + (k + 1) + "." + SERIES[s];
        values = new double[POINTS];
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < POINTS; i++) values[i] = r.nextDouble();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        publisher.close();
        server.close();
    }

    @Benchmark
    @OperationsPerInvocation(POINTS)
    public MetricSink.PublishResult publishOneRunOfForecasts() {
        int n = 0;
        for (int i = 0; i < INSTANCES; i++)
            for (int k = 0; k < HORIZONS; k++)
                for (int s = 0; s < 3; s++) publisher.send(paths[i][k][s], values[n++], origin);
        MetricSink.PublishResult r = publisher.flush();
        if (r.sent() != POINTS) throw new IllegalStateException("published " + r + " of " + POINTS);
        return r;
    }
}
