package dev.leptoid.faults;

import dev.leptoid.RunReport;
import dev.leptoid.ScalingRun;
import dev.leptoid.actuation.SimulatedAutoScaling;
import dev.leptoid.config.ConfigLoader;
import dev.leptoid.decision.CapacityPolicy;
import dev.leptoid.forecast.LastValueForecaster;
import dev.leptoid.publication.CarbonListener;
import dev.leptoid.publication.CarbonPublisher;
import dev.leptoid.publication.CarbonPublisher.Protocol;
import dev.leptoid.publication.DecisionLog;
import dev.leptoid.publication.DirectorySink;
import dev.leptoid.publication.MemorySource;
import dev.leptoid.publication.MetricSink;
import dev.leptoid.publication.Publication;
import dev.leptoid.source.Series;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Carbon that accepts connections and then closes or resets them (issue 13, item 7), on a real
 * loopback socket, for both protocols: no point may be counted as sent, the failure is named, and a
 * run reports it as a publication error. Before, every write "succeeded" into the dead connection.
 */
class CarbonFaultsTest {

    private static final int POINTS = 284;
    private final List<Duration> waits = new ArrayList<>();

    @TempDir Path dir;

    private CarbonPublisher publisher(CarbonListener carbon, Protocol protocol) {
        return new CarbonPublisher("127.0.0.1", carbon.port(), new CarbonPublisher.Settings(protocol, Duration.ofSeconds(2),
                100, 10_000, 3, Duration.ofMillis(100), Duration.ofMillis(400)), CarbonPublisher.PLAIN, waits::add);
    }

    private static MetricSink.PublishResult publish(CarbonPublisher p) {
        for (int i = 0; i < POINTS; i++) p.send("leptoid.prod.api.forecast.h" + (i + 1) + ".mean", i * 0.5, 1_700_000_000L);
        return p.flush();
    }

    private void assertAllFailedAndNamed(CarbonListener carbon, Protocol protocol, MetricSink.PublishResult r) {
        assertEquals(0, r.sent(), r.toString());
        assertEquals(POINTS, r.failed(), r.toString());
        String name = protocol.name().toLowerCase(java.util.Locale.ROOT);
        assertTrue(r.error().startsWith("Carbon 127.0.0.1:" + carbon.port() + " (" + name + ") unreachable after 3 connection attempts: "),
                r.error());
        assertEquals(3, carbon.connections(), "each attempt was accepted, then lost");
        assertEquals(List.of(Duration.ofMillis(100), Duration.ofMillis(200)), waits, "bounded backoff between attempts");
    }

    /** Carbon resets each connection it accepts, at once or after reading the first 100 bytes. */
    @ParameterizedTest(name = "{0} after reading {1} bytes")
    @CsvSource({"PLAINTEXT, 0", "PICKLE, 0", "PLAINTEXT, 100", "PICKLE, 100"})
    void carbon_resetting_each_connection_it_accepts_fails_every_point_with_a_reason(Protocol protocol, int readBefore) throws Exception {
        try (CarbonListener carbon = CarbonListener.closingAfter(readBefore)) {
            CarbonPublisher p = publisher(carbon, protocol);
            assertAllFailedAndNamed(carbon, protocol, publish(p));
            assertEquals(3 * readBefore, carbon.bytes().length, "it read " + readBefore + " bytes of each attempt, no more");
            p.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void a_well_behaved_carbon_confirms_every_point_on_the_first_attempt(Protocol protocol) throws Exception {
        try (CarbonListener carbon = new CarbonListener()) {
            CarbonPublisher p = publisher(carbon, protocol);
            assertEquals(new MetricSink.PublishResult(POINTS, 0, null), publish(p));
            assertEquals(1, carbon.connections());
            assertEquals(List.of(), waits);
            p.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void a_run_whose_carbon_resets_its_connections_still_decides_and_reports_a_publication_error(Protocol protocol) throws Exception {
        Instant now = Instant.parse("2026-11-23T18:00:00Z");
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        MemorySource traffic = new MemorySource();
        for (int i = 1; i <= 3; i++) {
            double[] cpu = new double[120];
            for (int k = 0; k < cpu.length; k++) cpu[k] = 88 + (k + i) % 5;
            traffic.add(new Series("servers.api.i-" + i + ".cpu", now.getEpochSecond() - 7200, 60, cpu));
        }
        SimulatedAutoScaling asg = new SimulatedAutoScaling(clock, Duration.ofMinutes(2), Duration.ofMinutes(1));
        asg.addGroup("api-asg", 3, 1, 20);
        try (CarbonListener carbon = CarbonListener.closingAfter(100)) {
            DirectorySink events = new DirectorySink(dir.resolve("events"));
            Publication publication = new Publication(publisher(carbon, protocol), events, "leptoid", null, null, DecisionLog.NONE);
            RunReport report = new ScalingRun(traffic, new LastValueForecaster(), new CapacityPolicy(), asg, publication, clock)
                    .run(ConfigLoader.parse("""
                            environments:
                              prod:
                                mode: act
                                defaults:
                                  metrics: {utilization: "servers.{service}.{instance}.cpu", step: 1m, lookback: 2h}
                                services:
                                  api: {auto_scaling_group: api-asg}
                            """, "faults.yaml").environment("prod").orElseThrow());

            assertTrue(report.services().get(0).applied(), "the decision does not depend on publication");
            assertEquals(1, report.publicationErrors().size(), report.publicationErrors().toString() + " connections " + carbon.connections() + " bytes " + carbon.bytes().length);
            assertTrue(report.publicationErrors().get(0).matches("Carbon 127\\.0\\.0\\.1:\\d+ \\(" + protocol.name().toLowerCase(java.util.Locale.ROOT)
                    + "\\) unreachable after 3 connection attempts: .* \\(\\d+ points not published\\)"), report.publicationErrors().get(0));
            assertTrue(report.toJson().contains("\"publication_errors\":[\"Carbon 127.0.0.1"), report.toJson());
        }
    }
}
