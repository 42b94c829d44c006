package dev.leptoid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.leptoid.actuation.AutoScalingGroupActuator;
import dev.leptoid.actuation.AwsClients;
import dev.leptoid.actuation.LeadTime;
import dev.leptoid.actuation.LeadTimeWatch;
import dev.leptoid.config.ConfigLoader;
import dev.leptoid.config.EnvironmentConfig;
import dev.leptoid.decision.CapacityDecision;
import dev.leptoid.decision.CapacityPolicy;
import dev.leptoid.forecast.LastValueForecaster;
import dev.leptoid.publication.DecisionLog;
import dev.leptoid.publication.Publication;
import dev.leptoid.publication.Redactor;
import dev.leptoid.simulation.MutableClock;
import dev.leptoid.source.MetricSource;
import dev.leptoid.source.Series;
import dev.leptoid.testing.AutoScalingXml;
import dev.leptoid.testing.AwsQueryServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A run measures each group's lead time from its scaling activities (the real SDK v2 client against the
 * loopback Auto Scaling endpoint) and reports it beside the configured one; the look never changes a decision.
 */
class ScalingRunLeadTimeTest {

    static final Instant NOW = Instant.ofEpochSecond(1_800_000_000L);
    static final String CONFIG = """
            environments:
              prod:
                mode: act
                defaults:
                  metrics: {utilization: "servers.{environment}.{service}.{instance}.cpu", step: 1m, lookback: 3h}
                  policy: {lead_time: 5m}
                services:
                  api: {auto_scaling_group: api-asg}
            """;
    /** The group's launches: launch start -> InService took 9, 10 and 11 minutes; warm-up 60 s. */
    static final String LAUNCHES = activity("Launching a new EC2 instance: i-1", "2026-11-23T18:00:00Z", "2026-11-23T18:09:00Z")
            + activity("Launching a new EC2 instance: i-2", "2026-11-23T17:00:00Z", "2026-11-23T17:10:00Z")
            + activity("Launching a new EC2 instance: i-3", "2026-11-23T16:00:00Z", "2026-11-23T16:11:00Z")
            + activity("Terminating EC2 instance: i-0", "2026-11-23T15:00:00Z", "2026-11-23T15:01:00Z");

    private AwsQueryServer aws;
    private AutoScalingClient client;
    private final MutableClock clock = new MutableClock(NOW);
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private final ScalingRunActuationTest.ListSink sink = new ScalingRunActuationTest.ListSink();

    static String activity(String description, String start, String end) {
        return "<member><ActivityId>" + start + "</ActivityId><AutoScalingGroupName>api-asg</AutoScalingGroupName>"
                + "<Description>" + description + "</Description><StatusCode>Successful</StatusCode><Progress>100</Progress>"
                + "<Cause>c</Cause><StartTime>" + start + "</StartTime><EndTime>" + end + "</EndTime></member>";
    }

    @BeforeEach
    void start() throws Exception {
        aws = AwsQueryServer.autoScaling();
        client = AwsClients.autoScaling(AwsClients.Settings.defaults(Region.US_EAST_1).withEndpoint(aws.endpoint())
                .withCredentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")))
                .withRetries(1, Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(50)));
        String group = AutoScalingXml.group("api-asg", 2, 1, 20, List.of("i-1", "i-2"), null)
                .replace("<DefaultCooldown>", "<DefaultInstanceWarmup>60</DefaultInstanceWarmup><DefaultCooldown>");
        aws.on("DescribeAutoScalingGroups", r -> aws.result("DescribeAutoScalingGroups", group));
        answerActivities(r -> aws.result("DescribeScalingActivities", "<Activities>" + LAUNCHES + "</Activities>"));
        aws.on("SetDesiredCapacity", r -> aws.empty("SetDesiredCapacity"));
    }

    /**
     * The group's state read (10 activities, are any in progress?) always sees finished ones; the lead-time look
     * (100 activities) gets {@code probe}'s answer.
     */
    private void answerActivities(java.util.function.Function<AwsQueryServer.Request, AwsQueryServer.Answer> probe) {
        aws.on("DescribeScalingActivities", r -> "100".equals(r.param("MaxRecords")) ? probe.apply(r)
                : aws.result("DescribeScalingActivities", "<Activities>" + LAUNCHES + "</Activities>"));
    }

    @AfterEach
    void stop() {
        client.close();
        aws.close();
    }

    /** Two instances at 90 % CPU, one point a minute up to the clock's now. */
    private final MetricSource source = (target, from, until) -> {
        String[] nodes = target.split("\\.");
        if (nodes.length != 5 || !nodes[0].equals("servers")) return List.of();
        int n = (int) ((until.getEpochSecond() - from.getEpochSecond()) / 60);
        List<Series> out = new ArrayList<>();
        for (String id : List.of("i-1", "i-2")) {
            double[] v = new double[n];
            Arrays.fill(v, 90.0);
            for (int i = 0; i < n; i++) if (from.getEpochSecond() + 60L * i > clock.instant().getEpochSecond()) v[i] = Double.NaN;
            out.add(new Series("servers.prod.api." + id + ".cpu", from.getEpochSecond(), 60, v));
        }
        return out;
    };

    private ScalingRun scalingRun() {
        return new ScalingRun(source, new LastValueForecaster(), new CapacityPolicy(), new AutoScalingGroupActuator(client),
                new Publication(sink, (what, tags, data, t, within) -> null, "leptoid", null, null,
                        new DecisionLog(new PrintStream(log, true, StandardCharsets.UTF_8), Redactor.PATTERNS_ONLY)), clock);
    }

    private static EnvironmentConfig env() throws Exception {
        return ConfigLoader.parse(CONFIG, "test.yaml").environment("prod").orElseThrow();
    }

    private List<AwsQueryServer.Request> looks() {
        return aws.requests("DescribeScalingActivities").stream().filter(r -> "100".equals(r.param("MaxRecords"))).toList();
    }

    @Test
    void the_measured_lead_time_is_reported_beside_the_configured_one_and_a_disagreement_warns() throws Exception {
        RunReport report = scalingRun().run(env());
        ServiceOutcome api = report.services().get(0);
        CapacityDecision.ScaleTo t = assertInstanceOf(CapacityDecision.ScaleTo.class, api.decision());
        assertEquals(3, t.capacity()); // 1.8 Erlangs at 60 %: the look changes nothing
        assertTrue(api.applied());
        LeadTime.Measured m = assertInstanceOf(LeadTime.Measured.class, api.leadTime());
        assertEquals(Duration.ofMinutes(11), m.measured().leadTime()); // median 10 min + 60 s warm-up
        assertEquals(Duration.ofMinutes(5), m.configured());

        JsonNode lt = new ObjectMapper().readTree(report.toJson()).get("services").get(0).get("lead_time");
        assertEquals(300, lt.get("configured_s").asInt());
        assertEquals(660, lt.get("measured_s").asInt());
        assertEquals(3, lt.get("launches").asInt());
        assertEquals(60, lt.get("warm_up_s").asInt());
        assertTrue(lt.get("warning").asText().startsWith("api-asg: configured lead_time 5 min but its last 3 launches took 11 min"),
                lt.toString());
        assertEquals(0, report.errors());

        JsonNode line = new ObjectMapper().readTree(log.toString(StandardCharsets.UTF_8).lines().findFirst().orElseThrow());
        assertEquals("WARN", line.get("level").asText());
        assertEquals(660, line.get("lead_time").get("measured_s").asInt());
        assertTrue(sink.lines.contains("leptoid.prod.api.lead_time.measured 660.0 " + NOW.getEpochSecond()), sink.lines.toString());
        assertTrue(sink.lines.contains("leptoid.prod.api.lead_time.configured 300.0 " + NOW.getEpochSecond()), sink.lines.toString());
    }

    @Test
    void a_lead_time_that_agrees_is_no_warning() throws Exception {
        answerActivities(r -> aws.result("DescribeScalingActivities", "<Activities>"
                + activity("Launching a new EC2 instance: i-9", "2026-11-23T18:00:00Z", "2026-11-23T18:04:30Z") + "</Activities>"));
        ServiceOutcome api = scalingRun().run(env()).services().get(0);
        LeadTime.Measured m = assertInstanceOf(LeadTime.Measured.class, api.leadTime());
        assertEquals(Duration.ofSeconds(330), m.measured().leadTime()); // 4.5 min + 60 s: within 25 % of 5 min
        assertTrue(m.warning().isEmpty());
        assertEquals("INFO", new ObjectMapper().readTree(log.toString(StandardCharsets.UTF_8).lines().findFirst().orElseThrow())
                .get("level").asText());
    }

    @Test
    void a_group_is_looked_at_once_an_hour_and_the_runs_between_report_that_look() throws Exception {
        ScalingRun run = scalingRun(); // one container: one assembly, one actuator
        run.run(env());
        clock.set(NOW.plus(Duration.ofMinutes(30)));
        ServiceOutcome later = run.run(env()).services().get(0);
        assertEquals(1, looks().size());
        assertEquals(NOW, later.leadTime().lookedAt());
        assertEquals(Duration.ofMinutes(11), assertInstanceOf(LeadTime.Measured.class, later.leadTime()).measured().leadTime());
        clock.set(NOW.plus(LeadTimeWatch.EVERY));
        run.run(env());
        assertEquals(2, looks().size());
    }

    @Test
    void a_refused_look_is_unmeasured_with_the_reason_and_changes_neither_the_decision_nor_the_run() throws Exception {
        answerActivities(r -> AwsQueryServer.error(403, "AccessDenied", "not authorized to perform DescribeScalingActivities"));
        RunReport report = scalingRun().run(env());
        ServiceOutcome api = report.services().get(0);
        assertEquals(3, assertInstanceOf(CapacityDecision.ScaleTo.class, api.decision()).capacity());
        assertTrue(api.applied());
        assertEquals(0, report.errors());
        assertEquals(RunReport.OK, report.exitCode());
        LeadTime.Unmeasured u = assertInstanceOf(LeadTime.Unmeasured.class, api.leadTime());
        assertTrue(u.reason().startsWith("measure the lead time of api-asg: AccessDenied"), u.reason());
        JsonNode lt = new ObjectMapper().readTree(report.toJson()).get("services").get(0).get("lead_time");
        assertEquals(u.reason(), lt.get("unmeasured").asText());
        assertNull(lt.get("measured_s"));
        assertFalse(sink.lines.stream().anyMatch(l -> l.contains("lead_time.measured")), "unmeasured is a gap, never 0");
        assertTrue(sink.lines.stream().anyMatch(l -> l.startsWith("leptoid.prod.api.lead_time.configured 300.0")));
    }

    @Test
    void a_group_without_completed_launches_is_unmeasured_and_says_so() throws Exception {
        answerActivities(r -> aws.result("DescribeScalingActivities", "<Activities/>"));
        LeadTime.Unmeasured u = assertInstanceOf(LeadTime.Unmeasured.class, scalingRun().run(env()).services().get(0).leadTime());
        assertEquals("no completed launch among the group's last 100 scaling activities", u.reason());
    }

    @Test
    void a_look_that_outlasts_the_run_time_limit_is_unmeasured_and_the_decision_stands() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        answerActivities(r -> {
            try {
                release.await(20, TimeUnit.SECONDS); // the endpoint hangs until the test ends
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return aws.result("DescribeScalingActivities", "<Activities/>");
        });
        try {
            RunReport report = scalingRun().run(env(), EnvironmentConfig.Mode.ACT, Duration.ofSeconds(3));
            ServiceOutcome api = report.services().get(0);
            assertTrue(api.applied());
            assertEquals(3, assertInstanceOf(CapacityDecision.ScaleTo.class, api.decision()).capacity());
            LeadTime.Unmeasured u = assertInstanceOf(LeadTime.Unmeasured.class, api.leadTime());
            assertTrue(u.reason().startsWith("looking at the group's launches did not finish within this service's share"),
                    u.reason());
            assertEquals(0, report.errors());
        } finally {
            release.countDown();
        }
    }
}
