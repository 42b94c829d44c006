package dev.leptoid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leptoid.actuation.ActuationException;
import dev.leptoid.actuation.CapacityActuator;
import dev.leptoid.actuation.GroupState;
import dev.leptoid.actuation.SimulatedAutoScaling;
import dev.leptoid.config.ConfigLoader;
import dev.leptoid.config.EnvironmentConfig;
import dev.leptoid.decision.CapacityDecision;
import dev.leptoid.decision.CapacityPolicy;
import dev.leptoid.forecast.LastValueForecaster;
import dev.leptoid.publication.CarbonListener;
import dev.leptoid.publication.CarbonPublisher;
import dev.leptoid.publication.CloudWatchPublisher;
import dev.leptoid.publication.DecisionLog;
import dev.leptoid.publication.Redactor;
import dev.leptoid.publication.DirectorySink;
import dev.leptoid.publication.MemorySource;
import dev.leptoid.publication.ObservedSockets;
import dev.leptoid.publication.Publication;
import dev.leptoid.source.MetricSource;
import dev.leptoid.source.Series;
import dev.leptoid.source.SourceException;
import dev.leptoid.testing.AwsQueryServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScalingRunPublicationTest {

    private static final Instant NOW = Instant.parse("2026-11-23T18:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path dir;

    private static EnvironmentConfig env() throws Exception {
        return ConfigLoader.parse("""
                environments:
                  prod:
                    mode: act
                    defaults:
                      metrics: {utilization: "servers.{service}.{instance}.cpu", step: 1m, lookback: 2h}
                      policy: {target_utilization: 0.6, max_capacity: 20}
                    services:
                      api: {auto_scaling_group: api-asg}
                      web: {auto_scaling_group: web-asg}
                """, "test.yaml").environment("prod").orElseThrow();
    }

    /** Three instances per service at 90 % for the last two hours: both services need to scale out. */
    private static MemorySource busyTraffic() {
        MemorySource source = new MemorySource();
        long start = NOW.getEpochSecond() - 7200;
        for (String svc : List.of("api", "web"))
            for (int i = 1; i <= 3; i++) {
                double[] v = new double[120];
                for (int k = 0; k < v.length; k++) v[k] = 88 + (k + i) % 5;
                source.add(new Series("servers." + svc + ".i-" + i + ".cpu", start, 60, v));
            }
        return source;
    }

    private static SimulatedAutoScaling groups() {
        SimulatedAutoScaling asg = new SimulatedAutoScaling(CLOCK, Duration.ofMinutes(2), Duration.ofMinutes(1));
        asg.addGroup("api-asg", 3, 1, 20);
        asg.addGroup("web-asg", 3, 1, 20);
        return asg;
    }

    /** An actuator that runs {@code fault} when the run first describes {@code group} (the fault is real; only its timing is staged). */
    private static CapacityActuator onDescribe(CapacityActuator inner, String group, Runnable fault) {
        return new CapacityActuator() {
            boolean done;

            @Override
            public GroupState describe(String name) throws ActuationException {
                if (name.equals(group) && !done) {
                    done = true;
                    fault.run();
                }
                return inner.describe(name);
            }

            @Override
            public void setDesiredCapacity(String name, int desired) throws ActuationException {
                inner.setDesiredCapacity(name, desired);
            }
        };
    }

    @Test
    void carbon_stopped_mid_run_still_decides_and_applies_and_the_report_says_what_was_not_published() throws Exception {
        SimulatedAutoScaling asg = groups();
        DirectorySink events = new DirectorySink(dir.resolve("events"));
        List<Duration> waits = new ArrayList<>();
        ObservedSockets sockets = new ObservedSockets();
        try (CarbonListener carbon = new CarbonListener(); AwsQueryServer aws = AwsQueryServer.cloudWatch();
             CloudWatchClient cw = cloudWatch(aws)) {
            aws.on("PutMetricData", r -> aws.empty("PutMetricData"));
            CarbonPublisher publisher = new CarbonPublisher("127.0.0.1", carbon.port(),
                    new CarbonPublisher.Settings(CarbonPublisher.Protocol.PICKLE, Duration.ofSeconds(1), 500, 10_000, 3,
                            Duration.ofMillis(100), Duration.ofMillis(400)),
                    sockets, waits::add);
            CapacityActuator actuator = onDescribe(asg, "web-asg", () -> {
                try {
                    // Carbon goes down between the two services, after it has received all that api's flush wrote,
                    // and the publisher's end has seen the connection close before web's flush
                    long written = sockets.written();
                    if (carbon.awaitBytes(Math.toIntExact(written)).length < written)
                        throw new IllegalStateException("Carbon did not receive the " + written + " bytes written before the outage");
                    carbon.close();
                    sockets.awaitPeerClosed();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            });
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            Publication publication = new Publication(publisher, events, "leptoid", null,
                    new CloudWatchPublisher(cw, "Leptoid"), new DecisionLog(new PrintStream(log, true, StandardCharsets.UTF_8), Redactor.PATTERNS_ONLY));
            RunReport report = new ScalingRun(busyTraffic(), new LastValueForecaster(), new CapacityPolicy(), actuator, publication, CLOCK)
                    .run(env());

            // the decisions were made and applied for both services
            for (ServiceOutcome o : report.services()) {
                assertInstanceOf(CapacityDecision.ScaleTo.class, o.decision(), o.service());
                assertTrue(o.applied(), o.service());
            }
            assertEquals(1, asg.actions("api-asg"));
            assertEquals(1, asg.actions("web-asg"));
            assertEquals(5, asg.describe("web-asg").desired());

            // the report says what was not published: web's points and the run health series
            assertEquals(1, report.publicationErrors().size(), report.publicationErrors() + " received " + carbon.connections() + " " + new String(carbon.bytes(), StandardCharsets.ISO_8859_1).replaceAll("[^ -~]", "."));
            String error = report.publicationErrors().get(0);
            assertTrue(error.startsWith("Carbon 127.0.0.1:" + carbon.port() + " (pickle) unreachable after 3 connection attempts"), error);
            assertTrue(error.matches(".*\\(\\d+ points not published\\)$"), error);
            assertEquals(List.of(Duration.ofMillis(100), Duration.ofMillis(200)), waits, "bounded backoff, once per run");
            assertTrue(report.toJson().contains("\"publication_errors\":[\"Carbon 127.0.0.1"), report.toJson());

            // what went out before the outage arrived: api's points, none of web's
            String received = new String(carbon.bytes(), StandardCharsets.ISO_8859_1);
            assertTrue(received.contains("leptoid.prod.api.decision.code"), "api was published before Carbon stopped");
            assertTrue(received.contains("leptoid.prod.api.forecast.h12.upper"));
            assertFalse(received.contains("leptoid.prod.web."), "web came after the outage");

            // nothing else is lost: both events, both log lines, CloudWatch run health counting the error
            List<String> ev = Files.readAllLines(events.eventsFile());
            assertEquals(2, ev.size());
            assertTrue(ev.get(1).contains("\"what\":\"leptoid scale-out web: 3 -> 5\""), ev.get(1));
            assertEquals(2, log.toString(StandardCharsets.UTF_8).lines().count());
            AwsQueryServer.Request put = aws.requests("PutMetricData").get(0);
            assertEquals("Errors", put.param("MetricData.member.4.MetricName"));
            assertEquals(1.0, Double.parseDouble(put.param("MetricData.member.4.Value")));
            assertEquals(2.0, Double.parseDouble(put.param("MetricData.member.3.Value")), "Actions");
        }
    }

    private static CloudWatchClient cloudWatch(AwsQueryServer aws) {
        return CloudWatchClient.builder().endpointOverride(aws.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret-key-never-logged")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @Test
    void one_json_line_per_decision_and_a_configured_credential_never_appears_in_it() throws Exception {
        String token = "glsa_Zx81kPq0Tt5RwQ";
        String accessKey = "AKIAIOSFODNN7EXAMPLE";
        MemorySource traffic = busyTraffic();
        // the api service's source fails with a message that echoes credentials (as a misbehaving proxy might)
        MetricSource source = (target, from, until) -> {
            if (target.startsWith("servers.api."))
                throw new SourceException("GET https://admin:" + token + "@graphite.internal/render failed; Authorization: Bearer " + token);
            return traffic.fetch(target, from, until);
        };
        CapacityActuator actuator = new CapacityActuator() {
            final SimulatedAutoScaling asg = groups();

            @Override public GroupState describe(String name) throws ActuationException { return asg.describe(name); }

            @Override public void setDesiredCapacity(String name, int desired) throws ActuationException {
                throw new ActuationException("AccessDenied for " + accessKey + " (token=" + token + ")");
            }
        };
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        DirectorySink sink = new DirectorySink(dir.resolve("out"));
        Publication publication = new Publication(sink, sink, "leptoid", null, null,
                new DecisionLog(new PrintStream(log, true, StandardCharsets.UTF_8), Redactor.of(List.of(token))));
        new ScalingRun(source, new LastValueForecaster(), new CapacityPolicy(), actuator, publication, CLOCK).run(env());

        String text = log.toString(StandardCharsets.UTF_8);
        List<String> lines = text.lines().toList();
        assertEquals(2, lines.size(), text);
        assertFalse(text.contains(token), text);
        assertFalse(text.contains(accessKey), text);
        assertFalse(text.contains("admin:"), text);
        JsonNode api = JSON.readTree(lines.get(0));
        assertEquals("prod", api.get("environment").asText());
        assertEquals("api", api.get("service").asText());
        assertEquals("hold", api.get("decision").asText());
        assertEquals("source-error", api.get("reason").asText());
        assertTrue(api.get("detail").asText().contains("[redacted]"), api.toString());
        JsonNode web = JSON.readTree(lines.get(1));
        assertEquals("scale-to", web.get("decision").asText());
        assertEquals(5, web.get("capacity").asInt());
        assertFalse(web.get("applied").asBoolean());
        assertEquals("WARN", web.get("level").asText());
        assertTrue(web.get("actuation_error").asText().startsWith("AccessDenied for [redacted]"), web.toString());
        assertEquals(NOW.getEpochSecond() - 60, web.get("forecast_origin").asLong());
    }
}
