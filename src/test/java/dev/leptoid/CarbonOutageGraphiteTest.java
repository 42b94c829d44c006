package dev.leptoid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leptoid.actuation.ActuationException;
import dev.leptoid.actuation.CapacityActuator;
import dev.leptoid.actuation.GroupState;
import dev.leptoid.actuation.SimulatedAutoScaling;
import dev.leptoid.config.ConfigLoader;
import dev.leptoid.decision.CapacityDecision;
import dev.leptoid.decision.CapacityPolicy;
import dev.leptoid.forecast.LastValueForecaster;
import dev.leptoid.publication.CarbonPublisher;
import dev.leptoid.publication.ObservedSockets;
import dev.leptoid.publication.DecisionLog;
import dev.leptoid.publication.GraphiteEvents;
import dev.leptoid.publication.Publication;
import dev.leptoid.source.GraphiteRenderSource;
import dev.leptoid.source.Series;
import dev.leptoid.testing.LocalGraphite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** carbon-cache of a private Graphite is stopped between two services of one run. */
@Tag("graphite")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CarbonOutageGraphiteTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Duration WAIT = Duration.ofSeconds(60);
    private LocalGraphite g;

    @BeforeAll
    void start() { g = LocalGraphite.startNew(); }

    @AfterAll
    void stop() { g.stop(); }

    @Test
    void carbon_stopped_mid_run_the_decisions_are_applied_the_events_posted_and_the_report_names_the_lost_points() throws Exception {
        long now = Instant.now().getEpochSecond() / 60 * 60;
        List<String> lines = new ArrayList<>();
        for (String svc : List.of("api", "web"))
            for (int i = 1; i <= 3; i++)
                for (long t = now - 3600; t < now; t += 60) lines.add("servers." + svc + ".i-" + i + ".cpu " + (88 + (t / 60 + i) % 5) + " " + t);
        g.writePlaintext(lines);
        for (String svc : List.of("api", "web"))
            for (int i = 1; i <= 3; i++) g.awaitSeries("servers." + svc + ".i-" + i + ".cpu", now - 3660, now, 60, WAIT);

        Clock clock = Clock.fixed(Instant.ofEpochSecond(now), ZoneOffset.UTC);
        SimulatedAutoScaling asg = new SimulatedAutoScaling(clock, Duration.ZERO, Duration.ZERO);
        ObservedSockets sockets = new ObservedSockets();
        asg.addGroup("api-asg", 3, 1, 20);
        asg.addGroup("web-asg", 3, 1, 20);
        CapacityActuator actuator = new CapacityActuator() {
            boolean stopped;

            @Override
            public GroupState describe(String name) throws ActuationException {
                if (name.equals("web-asg") && !stopped) {
                    stopped = true;
                    // api was decided and its points published before the outage
                    Series code = g.awaitSeries("leptoid.prod.api.decision.code", now - 120, now, 1, WAIT);
                    if (code.valueAt(code.size() - 1) != 1.0) throw new IllegalStateException("api decision.code " + code);
                    g.stopCarbon(); // the outage: carbon-cache goes away after api was decided and published
                    try {
                        sockets.awaitPeerClosed(); // and the publisher's end has seen it go
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
                return asg.describe(name);
            }

            @Override
            public void setDesiredCapacity(String name, int desired) throws ActuationException { asg.setDesiredCapacity(name, desired); }
        };
        CarbonPublisher carbon = new CarbonPublisher(g.carbonHost(), g.carbonPort(),
                new CarbonPublisher.Settings(CarbonPublisher.Protocol.PLAINTEXT, Duration.ofSeconds(1), 500, 10_000, 3,
                        Duration.ofMillis(100), Duration.ofMillis(400)), sockets, d -> Thread.sleep(d.toMillis()));
        Publication publication = new Publication(carbon, new GraphiteEvents(HTTP, g.baseUri(), Duration.ofSeconds(5)), "leptoid",
                null, null, DecisionLog.NONE);
        RunReport report = new ScalingRun(GraphiteRenderSource.create(g.baseUri(), Duration.ofSeconds(10)), new LastValueForecaster(),
                new CapacityPolicy(), actuator, publication, clock)
                .run(ConfigLoader.parse("""
                        environments:
                          prod:
                            mode: act
                            defaults:
                              metrics: {utilization: "servers.{service}.{instance}.cpu", step: 1m, lookback: 1h}
                            services:
                              api: {auto_scaling_group: api-asg}
                              web: {auto_scaling_group: web-asg}
                        """, "outage.yaml").environment("prod").orElseThrow());

        for (ServiceOutcome o : report.services()) {
            assertInstanceOf(CapacityDecision.ScaleTo.class, o.decision(), o.service());
            assertTrue(o.applied(), o.service());
        }
        assertEquals(1, asg.actions("web-asg"));
        assertEquals(1, report.publicationErrors().size(), report.publicationErrors().toString());
        assertTrue(report.publicationErrors().get(0).matches("Carbon 127\\.0\\.0\\.1:\\d+ \\(plaintext\\) unreachable after 3 connection attempts: .*\\(\\d+ points not published\\)"),
                report.publicationErrors().get(0));
        assertEquals(1, report.errors());

        // graphite-web stayed up: both events are there
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(g.baseUri() + "events/get_data?tags=leptoid&from="
                + (now - 600) + "&until=" + (now + 600))).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode events = new ObjectMapper().readTree(r.body());
        assertEquals(2, events.size(), r.body());
        g.startCarbon();
    }
}
