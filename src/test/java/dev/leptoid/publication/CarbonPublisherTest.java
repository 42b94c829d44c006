package dev.leptoid.publication;

import dev.leptoid.publication.CarbonPublisher.Protocol;
import dev.leptoid.publication.CarbonPublisher.Settings;
import dev.leptoid.testing.RefusingPort;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class CarbonPublisherTest {

    private final List<Duration> slept = new ArrayList<>();

    private CarbonPublisher publisher(int port, Settings settings, CarbonPublisher.SocketFactory sockets) {
        return new CarbonPublisher("127.0.0.1", port, settings, sockets, slept::add);
    }

    private static Settings settings(Protocol p, int batch, int maxBuffered, int maxConnects) {
        return new Settings(p, Duration.ofSeconds(2), batch, maxBuffered, maxConnects, Duration.ofMillis(200), Duration.ofMillis(500));
    }

    @Test
    void plaintext_lines_go_out_exactly_each_flush_over_its_own_confirmed_connection() throws Exception {
        try (CarbonListener carbon = new CarbonListener()) {
            CarbonPublisher p = publisher(carbon.port(), settings(Protocol.PLAINTEXT, 2, 100, 3), CarbonPublisher.PLAIN);
            p.send("leptoid.prod.api.offered_load", 3.0, 1_700_000_000L);
            p.send("leptoid.prod.api.utilization", 0.4375, 1_700_000_000L);
            p.send("leptoid.prod.api.forecast.h1.mean", 1.5e-5, 1_700_000_060L);
            assertEquals(new MetricSink.PublishResult(3, 0, null), p.flush());
            p.send("leptoid.prod.run.errors", 0, 1_700_000_120L);
            assertEquals(new MetricSink.PublishResult(1, 0, null), p.flush());
            String expected = "leptoid.prod.api.offered_load 3 1700000000\n"
                    + "leptoid.prod.api.utilization 0.4375 1700000000\n"
                    + "leptoid.prod.api.forecast.h1.mean 1.5E-5 1700000060\n"
                    + "leptoid.prod.run.errors 0 1700000120\n";
            assertEquals(expected, new String(carbon.awaitBytes(expected.length()), StandardCharsets.UTF_8));
            assertEquals(2, carbon.connections());
            p.close();
        }
    }

    @Test
    void gaps_are_skipped_never_sent_as_zero() throws Exception {
        try (CarbonListener carbon = new CarbonListener()) {
            CarbonPublisher p = publisher(carbon.port(), settings(Protocol.PLAINTEXT, 10, 100, 3), CarbonPublisher.PLAIN);
            p.send("a.b", Double.NaN, 10);
            p.send("a.b", Double.POSITIVE_INFINITY, 20);
            p.send("a.b", 7, 30);
            assertEquals(1, p.flush().sent());
            assertEquals("a.b 7 30\n", new String(carbon.awaitBytes(9), StandardCharsets.UTF_8));
            p.close();
        }
    }

    @Test
    void a_path_that_could_inject_a_second_line_is_rejected_and_reported() throws Exception {
        try (CarbonListener carbon = new CarbonListener()) {
            CarbonPublisher p = publisher(carbon.port(), settings(Protocol.PLAINTEXT, 10, 100, 3), CarbonPublisher.PLAIN);
            p.send("a.b 1 1\nevil.path", 1, 10);
            p.send("a..b", 1, 10);
            p.send("a.ok", 2, 10);
            MetricSink.PublishResult r = p.flush();
            assertEquals(1, r.sent());
            assertEquals(2, r.failed());
            assertTrue(r.error().contains("2 points with a path that is not plain"), r.error());
            assertEquals("a.ok 2 10\n", new String(carbon.awaitBytes(10), StandardCharsets.UTF_8));
            p.close();
        }
    }

    @Test
    void points_over_the_buffer_bound_are_dropped_and_counted() throws Exception {
        try (CarbonListener carbon = new CarbonListener()) {
            CarbonPublisher p = publisher(carbon.port(), settings(Protocol.PLAINTEXT, 10, 3, 3), CarbonPublisher.PLAIN);
            for (int i = 0; i < 5; i++) p.send("m.x", i, 100 + i);
            MetricSink.PublishResult r = p.flush();
            assertEquals(3, r.sent());
            assertEquals(2, r.failed());
            assertTrue(r.error().contains("2 points over the buffer limit of 3"), r.error());
            assertEquals("m.x 0 100\nm.x 1 101\nm.x 2 102\n", new String(carbon.awaitBytes(30), StandardCharsets.UTF_8));
            p.close();
        }
    }

    @Test
    void pickle_batches_are_framed_messages_of_at_most_the_batch_size() throws Exception {
        try (CarbonListener carbon = new CarbonListener()) {
            CarbonPublisher p = publisher(carbon.port(), settings(Protocol.PICKLE, 2, 100, 3), CarbonPublisher.PLAIN);
            List<CarbonPublisher.Point> sent = new ArrayList<>();
            for (int i = 0; i < 5; i++) sent.add(new CarbonPublisher.Point("leptoid.t.s.h" + i, i * 0.5, 1_700_000_000L + i));
            for (CarbonPublisher.Point pt : sent) p.send(pt.path(), pt.value(), pt.epochSeconds());
            assertEquals(5, p.flush().sent());
            int expectedLength = CarbonPickle.message(sent, 0, 2).length + CarbonPickle.message(sent, 2, 4).length
                    + CarbonPickle.message(sent, 4, 5).length;
            ByteBuffer in = ByteBuffer.wrap(carbon.awaitBytes(expectedLength));
            List<Integer> sizes = new ArrayList<>();
            while (in.remaining() >= 4) {
                int n = in.getInt();
                sizes.add(n);
                in.position(in.position() + n);
            }
            assertEquals(List.of(CarbonPickle.message(sent, 0, 2).length - 4, CarbonPickle.message(sent, 2, 4).length - 4,
                    CarbonPickle.message(sent, 4, 5).length - 4), sizes);
            assertEquals(1, carbon.connections());
            p.close();
        }
    }

    @Test
    void carbons_own_safe_unpickler_reads_back_every_point(@TempDir Path dir) throws Exception {
        Path python = Path.of("/usr/bin/python3");
        assumeTrue(Files.isExecutable(python) && Files.isDirectory(Path.of("/usr/lib/python3/dist-packages/carbon")),
                "graphite-carbon is not installed");
        Random random = new Random(42);
        List<CarbonPublisher.Point> points = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            double v = switch (i % 4) {
                case 0 -> random.nextGaussian() * 1e6;
                case 1 -> random.nextDouble() * 1e-9;
                case 2 -> -random.nextInt(1000);
                default -> random.nextDouble();
            };
            long t = i == 7 ? 4_102_444_800L : 1_700_000_000L + random.nextInt(1_000_000); // one after 2038
            points.add(new CarbonPublisher.Point("leptoid.prod.svc-" + random.nextInt(50) + ".forecast.h" + (1 + i % 12) + ".mean", v, t));
        }
        Path file = dir.resolve("pickle.bin");
        try (CarbonListener carbon = new CarbonListener()) {
            CarbonPublisher p = publisher(carbon.port(), settings(Protocol.PICKLE, 128, 1000, 3), CarbonPublisher.PLAIN);
            for (CarbonPublisher.Point pt : points) p.send(pt.path(), pt.value(), pt.epochSeconds());
            assertEquals(300, p.flush().sent());
            int expected = CarbonPickle.message(points, 0, 128).length + CarbonPickle.message(points, 128, 256).length
                    + CarbonPickle.message(points, 256, 300).length;
            Files.write(file, carbon.awaitBytes(expected));
            p.close();
        }
        String script = String.join("\n",
                "import struct, sys",
                "from carbon.util import get_unpickler",
                "u = get_unpickler(insecure=False)",
                "data = open(sys.argv[1], 'rb').read()",
                "i = 0",
                "while i < len(data):",
                "    (n,) = struct.unpack('!L', data[i:i+4]); i += 4",
                "    for (path, (ts, value)) in u.loads(data[i:i+n]):",
                "        print(path, int(ts), repr(float(value)))",
                "    i += n");
        Process proc = new ProcessBuilder(python.toString(), "-c", script, file.toString()).redirectErrorStream(true).start();
        String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(proc.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, proc.exitValue(), out);
        List<String> lines = out.lines().toList();
        assertEquals(points.size(), lines.size(), out);
        for (int i = 0; i < points.size(); i++) {
            String[] f = lines.get(i).split(" ");
            assertEquals(points.get(i).path(), f[0]);
            assertEquals(points.get(i).epochSeconds(), Long.parseLong(f[1]));
            assertEquals(points.get(i).value(), Double.parseDouble(f[2]), 0.0, "point " + i);
        }
    }

    @Test
    void plaintext_values_parse_back_to_the_same_double_over_many_random_cases() {
        Random random = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            double v = Double.longBitsToDouble(random.nextLong());
            if (!Double.isFinite(v)) continue;
            if (i % 3 == 0) v = random.nextInt(1_000_000) - 500_000;
            String line = CarbonPlaintext.line("a.b", v, 1);
            String[] f = line.strip().split(" ");
            assertEquals(3, f.length, line);
            assertEquals(v, Double.parseDouble(f[1]), 0.0, line);
        }
    }

    @Test
    void a_refusing_carbon_is_given_up_after_the_bounded_attempts_with_backoff_and_reported() throws Exception {
        try (RefusingPort refusing = new RefusingPort()) {
            int port = refusing.port();
            AtomicInteger attempts = new AtomicInteger();
            CarbonPublisher p = publisher(port, settings(Protocol.PLAINTEXT, 10, 100, 4), (h, pt, t) -> {
                attempts.incrementAndGet();
                return CarbonPublisher.PLAIN.connect(h, pt, t);
            });
            p.send("a.b", 1, 1);
            p.send("a.c", 2, 1);
            MetricSink.PublishResult r = p.flush();
            assertEquals(0, r.sent());
            assertEquals(2, r.failed());
            assertTrue(r.error().startsWith("Carbon 127.0.0.1:" + port + " (plaintext) unreachable after 4 connection attempts"), r.error());
            assertEquals(4, attempts.get());
            assertEquals(List.of(Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(500)), slept);
            // down for the rest of the run: the next flush fails at once, without new attempts or waits
            p.send("a.d", 3, 2);
            MetricSink.PublishResult again = p.flush();
            assertEquals(1, again.failed());
            assertEquals(4, attempts.get());
            assertEquals(3, slept.size());
            p.close();
        }
    }

    @Test
    void a_connection_the_peer_closed_between_flushes_is_reopened_and_nothing_is_lost() throws Exception {
        ObservedSockets sockets = new ObservedSockets();
        try (CarbonListener carbon = new CarbonListener()) {
            CarbonPublisher p = publisher(carbon.port(), settings(Protocol.PLAINTEXT, 10, 100, 3), sockets);
            p.send("a.b", 1, 1);
            assertEquals(1, p.flush().sent());
            assertEquals(8, carbon.awaitBytes(8).length);
            carbon.dropConnections();  // carbon restarted on the same port
            sockets.awaitPeerClosed(); // the FIN has arrived at the publisher's end
            p.send("a.b", 2, 2);
            assertEquals(new MetricSink.PublishResult(1, 0, null), p.flush());
            assertEquals("a.b 1 1\na.b 2 2\n", new String(carbon.awaitBytes(16), StandardCharsets.UTF_8));
            assertEquals(2, carbon.connections());
            p.close();
        }
    }

    @Test
    void carbon_stopping_mid_run_fails_only_the_later_points_and_the_next_run_connects_again() throws Exception {
        AtomicBoolean refuse = new AtomicBoolean(false);
        ObservedSockets sockets = new ObservedSockets();
        List<CarbonPublisher.Point> first = List.of(new CarbonPublisher.Point("a.first", 1, 1));
        List<CarbonPublisher.Point> third = List.of(new CarbonPublisher.Point("a.third", 3, 3));
        int firstLength = CarbonPickle.message(first, 0, 1).length;
        try (CarbonListener carbon = new CarbonListener()) {
            CarbonPublisher p = publisher(carbon.port(), settings(Protocol.PICKLE, 10, 100, 2), (h, pt, t) -> {
                if (refuse.get()) throw new java.net.ConnectException("Connection refused");
                return sockets.connect(h, pt, t);
            });
            p.send("a.first", 1, 1);
            assertEquals(1, p.flush().sent());
            assertEquals(firstLength, carbon.awaitBytes(firstLength).length);
            carbon.dropConnections();
            refuse.set(true);
            sockets.awaitPeerClosed(); // the publisher's end has seen Carbon go away
            p.send("a.second", 2, 2);
            MetricSink.PublishResult r = p.flush();
            assertEquals(0, r.sent());
            assertEquals(1, r.failed());
            assertNotNull(r.error());
            assertTrue(r.error().contains("(pickle) unreachable after 2 connection attempts: ConnectException Connection refused"), r.error());
            p.close();
            refuse.set(false);
            p.send("a.third", 3, 3);
            assertNull(p.flush().error());
            int total = firstLength + CarbonPickle.message(third, 0, 1).length;
            assertEquals(total, carbon.awaitBytes(total).length, "the third point arrived over a new connection");
            assertEquals(2, carbon.connections());
            p.close();
        }
    }

    @Test
    void protocol_names_parse_and_unknown_ones_say_what_is_allowed() {
        assertEquals(Protocol.PICKLE, Protocol.parse("pickle"));
        assertEquals(Protocol.PLAINTEXT, Protocol.parse("plaintext"));
        assertEquals(2004, Protocol.PICKLE.defaultPort());
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Protocol.parse("udp"));
        assertEquals("protocol 'udp' is not one of plaintext, pickle", e.getMessage());
    }
}
