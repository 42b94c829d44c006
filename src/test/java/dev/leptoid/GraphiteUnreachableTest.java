package dev.leptoid;

import dev.leptoid.actuation.AutoScalingGroupActuator;
import dev.leptoid.config.EnvironmentConfig;
import dev.leptoid.decision.CapacityDecision;
import dev.leptoid.decision.CapacityPolicy;
import dev.leptoid.forecast.LastValueForecaster;
import dev.leptoid.publication.DirectorySink;
import dev.leptoid.source.GraphiteRenderSource;
import dev.leptoid.testing.AwsQueryServer;
import dev.leptoid.testing.LocalGraphite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real pipeline against a real Graphite and the loopback Auto Scaling endpoint; then graphite-web is stopped. */
@Tag("graphite")
class GraphiteUnreachableTest {

    static LocalGraphite graphite;
    static AwsQueryServer aws;
    static AutoScalingClient client;

    @BeforeAll
    static void start() throws Exception {
        graphite = LocalGraphite.startNew();
        aws = AwsQueryServer.autoScaling();
        aws.on("DescribeAutoScalingGroups", r -> aws.result("DescribeAutoScalingGroups",
                dev.leptoid.testing.AutoScalingXml.group(r.param("AutoScalingGroupNames.member.1"), 6, 1, 20, 6, null)));
        aws.on("DescribeScalingActivities", r -> aws.result("DescribeScalingActivities", "<Activities/>"));
        aws.on("SetDesiredCapacity", r -> aws.empty("SetDesiredCapacity"));
        client = AutoScalingClient.builder().endpointOverride(aws.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterAll
    static void stop() {
        client.close();
        aws.close();
        graphite.stop();
    }

    @Test
    void a_run_that_cannot_reach_graphite_holds_every_group_and_sends_no_change(@TempDir Path dir) throws Exception {
        long now = Instant.now().getEpochSecond() / 60 * 60;
        List<String> lines = new ArrayList<>();
        for (String service : List.of("api", "web"))
            for (int k = 0; k < 6; k++)
                for (int i = 60; i >= 1; i--) {
                    String base = "nginx.prod." + service + ".i-" + k;
                    lines.add(base + ".rps 1 " + (now - i * 60)); // nearly idle: 6 instances would scale in
                    lines.add(base + ".time_ms 20 " + (now - i * 60));
                }
        graphite.writePlaintext(lines);
        // Carbon creates the files in no fixed order: wait for every series, not just the last one written
        for (String service : List.of("api", "web"))
            for (int k = 0; k < 6; k++)
                for (String metric : List.of("rps", "time_ms"))
                    graphite.awaitSeries("nginx.prod." + service + ".i-" + k + "." + metric, now - 3601, now, 60, Duration.ofSeconds(60));

        EnvironmentConfig env = new EnvironmentConfig("prod", EnvironmentConfig.Mode.ACT,
                List.of(ScalingRunTest.service("api", "prod-api"), ScalingRunTest.service("web", "prod-web")));
        DirectorySink sink = new DirectorySink(dir);
        ScalingRun run = new ScalingRun(GraphiteRenderSource.create(graphite.baseUri(), Duration.ofSeconds(5)),
                new LastValueForecaster(), new CapacityPolicy(), new AutoScalingGroupActuator(client), sink, sink, "leptoid",
                Clock.fixed(Instant.ofEpochSecond(now), java.time.ZoneOffset.UTC));

        RunReport seen = run.run(env);
        for (ServiceOutcome o : seen.services())
            assertInstanceOf(CapacityDecision.ScaleTo.class, o.decision(), "with Graphite up the data is seen: " + o);

        graphite.stopWeb();
        int setsBefore = aws.requests("SetDesiredCapacity").size();
        RunReport blind = run.run(env);
        for (ServiceOutcome o : blind.services()) {
            var hold = assertInstanceOf(CapacityDecision.Hold.class, o.decision());
            assertEquals(CapacityDecision.HoldReason.SOURCE_ERROR, hold.code());
            assertTrue(hold.detail().contains("unreachable"), hold.detail());
            assertFalse(hold.detail().contains("\n"));
            assertEquals(6, hold.current());
            assertFalse(o.applied());
        }
        assertEquals(setsBefore, aws.requests("SetDesiredCapacity").size(), "no capacity change while blind");
        assertTrue(blind.toJson().contains("\"reason\":\"source-error\""), blind.toJson());
        graphite.startWeb();
    }
}
