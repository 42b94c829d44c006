package dev.leptoid.faults;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import dev.leptoid.RunReport;
import dev.leptoid.ScalingRun;
import dev.leptoid.ServiceOutcome;
import dev.leptoid.config.LeptoidConfig;
import dev.leptoid.decision.CapacityDecision;
import dev.leptoid.lambda.RunIncompleteException;
import dev.leptoid.testing.AwsQueryServer;
import dev.leptoid.testing.FaultProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Graphite never answers for two services: the run keeps to its time limit, those two hold
 * ({@code deadline}) and the healthy service after them is still decided and set.
 */
@Tag("graphite")
class DeadlineFaultsTest {

    private final FaultRig rig = new FaultRig();

    DeadlineFaultsTest() throws Exception {}

    @AfterEach
    void close() { rig.close(); }

    /** api and web read through a Graphite that never answers for them; db's answers pass. */
    private FaultProxy threeServicesTwoUnanswered() throws Exception {
        eachNeedingFour("api", "web", "db");
        FaultProxy graphite = FaultProxy.start(rig.graphite.baseUri());
        graphite.always(new FaultProxy.Fault.Rewrite("no answer for api and web", body -> {
            if (body.contains("." + FaultRig.ENV + ".api.") || body.contains("." + FaultRig.ENV + ".web.")) {
                try {
                    Thread.sleep(Duration.ofMinutes(3).toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return body;
        }));
        return graphite;
    }

    private static void assertCut(CapacityDecision d) {
        CapacityDecision.Hold h = assertInstanceOf(CapacityDecision.Hold.class, d);
        assertEquals(CapacityDecision.HoldReason.DEADLINE, h.code(), h.detail());
    }

    @Test
    void services_that_cannot_be_read_in_time_hold_and_the_healthy_one_after_them_is_decided() throws Exception {
        try (FaultProxy graphite = threeServicesTwoUnanswered()) {
            LeptoidConfig config = rig.config(graphite.uri(), "api", "web", "db");
            RunReport report = rig.scalingRun(config).run(config.environment(FaultRig.ENV).orElseThrow(),
                    config.environment(FaultRig.ENV).orElseThrow().mode(), Duration.ofSeconds(20));
            assertCut(report.services().get(0).decision());
            assertCut(report.services().get(1).decision());
            CapacityDecision.ScaleTo db = assertInstanceOf(CapacityDecision.ScaleTo.class, report.services().get(2).decision());
            assertEquals(List.of("db-asg=" + db.capacity()), rig.sets());
            assertEquals(2, report.cut());
            assertEquals(RunReport.INCOMPLETE, report.exitCode());
            assertTrue(report.toJson().contains("\"cut\":2"), report.toJson());
        }
        // the run-health series says how many were cut
        assertEquals(2.0, rig.graphite.awaitSeries(rig.prefix + "pub." + FaultRig.ENV + ".run.cut", rig.now - 60, rig.now,
                1, Duration.ofSeconds(60)).valueAt(0), 0.0);
    }

    @Test
    void a_graphite_that_stops_answering_after_the_data_was_read_costs_lines_in_the_report_not_the_runs_time_limit() throws Exception {
        eachNeedingFour("api", "web");
        try (FaultProxy graphite = FaultProxy.start(rig.graphite.baseUri())) {
            // the reads a decision needs pass; the forecast error's read-back and the events never answer
            graphite.when(r -> r.path().startsWith("/events") || (r.query() + " " + r.body()).contains(".forecast.h"))
                    .always(FaultProxy.slow(Duration.ofMinutes(3)));
            LeptoidConfig config = rig.config(graphite.uri(), "api", "web");
            RunReport report = rig.scalingRun(config).run(config.environment(FaultRig.ENV).orElseThrow(),
                    config.environment(FaultRig.ENV).orElseThrow().mode(), Duration.ofSeconds(16));
            for (int i = 0; i < 2; i++)
                assertInstanceOf(CapacityDecision.ScaleTo.class, report.services().get(i).decision(), report.toJson());
            assertEquals(2, rig.sets().size(), rig.sets().toString());
            assertEquals(0, report.cut());
            List<String> errors = report.publicationErrors();
            for (String s : List.of("api", "web"))
                assertTrue(errors.stream().anyMatch(e -> e.startsWith("forecast error for " + FaultRig.ENV + "." + s + " not computed:"
                        + " earlier forecasts not read within the time left of its share of the run's time")), errors.toString());
            assertTrue(errors.contains("Graphite event for " + FaultRig.ENV + ".api not posted: no time left of its share of the"
                    + " run's time"), errors.toString());
            assertEquals(RunReport.INCOMPLETE, report.exitCode());
            // graphite.timeout is 60 s in the rig: without the run's limit on them, the two read-backs and the
            // first event alone would each have waited that long
            assertTrue(report.durationMillis() < 60_000, report.durationMillis() + " ms");
        }
    }

    /** One instance and a group of 1-20 per service, each instance carrying 2 Erlangs (4 needed at 60 %), published. */
    private void eachNeedingFour(String... services) {
        for (String s : services) {
            rig.group(s, 1, 1, 20, s + "-1");
            rig.instance(s, s + "-1", 100, 20, 120, 1);
        }
        rig.publish();
    }

    /**
     * From the second describe of api-asg on (the one right before a set, and the client's retries of it), Auto Scaling
     * answers after {@code wait} (asked per request); returns how many times api-asg was described.
     */
    private AtomicInteger delayApiDescribesFromTheSecond(Supplier<Duration> wait) {
        Function<AwsQueryServer.Request, AwsQueryServer.Answer> describe = rig.aws.handler("DescribeAutoScalingGroups");
        AtomicInteger apiDescribes = new AtomicInteger();
        rig.aws.on("DescribeAutoScalingGroups", r -> {
            if ("api-asg".equals(r.param("AutoScalingGroupNames.member.1")) && apiDescribes.incrementAndGet() >= 2) {
                try {
                    Thread.sleep(wait.get());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return describe.apply(r);
        });
        return apiDescribes;
    }

    /** api and db, each needing 4 instances; Auto Scaling never answers {@code action} for api's group. */
    private void twoServicesAndAnAutoScalingThatHangsOn(String action) {
        eachNeedingFour("api", "db");
        rig.neverAnswers(action, "api-asg");
    }

    @Test
    void a_set_that_never_answers_ends_within_the_services_share_says_its_outcome_is_unknown_and_the_next_service_is_set()
            throws Exception {
        twoServicesAndAnAutoScalingThatHangsOn("SetDesiredCapacity");
        LeptoidConfig config = rig.config("api", "db");
        // the rig's client gives up on a call after 2 attempts of 6 s: without the share's limit on the set,
        // api's set alone takes 12 s and db is cut
        RunReport report = rig.scalingRun(config).run(config.environment(FaultRig.ENV).orElseThrow(),
                config.environment(FaultRig.ENV).orElseThrow().mode(), Duration.ofSeconds(10));
        ServiceOutcome api = report.services().get(0);
        assertInstanceOf(CapacityDecision.ScaleTo.class, api.decision(), report.toJson());
        assertFalse(api.applied());
        assertTrue(api.actuationError() != null && api.actuationError().startsWith("setting api-asg to 4 did not answer within"
                + " this service's share of the run's time") && api.actuationError().contains("whether it was applied is unknown"),
                String.valueOf(api.actuationError()));
        assertInstanceOf(CapacityDecision.ScaleTo.class, report.services().get(1).decision(), report.toJson());
        List<String> sets = rig.sets(); // api's once or twice: the client retries an attempt that timed out, within the share
        assertEquals("db-asg=4", sets.get(sets.size() - 1), sets.toString());
        assertTrue(sets.subList(0, sets.size() - 1).stream().allMatch("api-asg=4"::equals), sets.toString());
        assertEquals(0, report.cut());
        assertEquals(RunReport.NOT_APPLIED, report.exitCode());
        assertTrue(report.durationMillis() < 10_000 + ScalingRun.SERVICE_RESERVE.toMillis(), report.durationMillis() + " ms");
    }

    @Test
    void scaling_policies_that_cannot_be_read_in_the_services_share_hold_it_and_the_next_service_is_set() throws Exception {
        twoServicesAndAnAutoScalingThatHangsOn("DescribePolicies");
        LeptoidConfig config = rig.config("api", "db");
        RunReport report = rig.scalingRun(config).run(config.environment(FaultRig.ENV).orElseThrow(),
                config.environment(FaultRig.ENV).orElseThrow().mode(), Duration.ofSeconds(10));
        CapacityDecision.Hold api = assertInstanceOf(CapacityDecision.Hold.class, report.services().get(0).decision());
        assertEquals(CapacityDecision.HoldReason.DEADLINE, api.code(), api.detail());
        assertTrue(api.detail().startsWith("the scaling policies and scheduled actions of api-asg were not"
                + " read within this service's share of the run's time"), api.detail());
        assertTrue(api.detail().endsWith("not setting 4; nothing changed"), api.detail());
        assertEquals(List.of("db-asg=4"), rig.sets());
        assertEquals(1, report.cut());
        assertTrue(report.durationMillis() < 10_000 + ScalingRun.SERVICE_RESERVE.toMillis(), report.durationMillis() + " ms");
    }

    @Test
    void instance_refreshes_that_cannot_be_read_in_the_services_share_hold_the_scale_in_and_the_next_service_is_set()
            throws Exception {
        rig.group("api", 10, 1, 20, "api-1");
        rig.instance("api", "api-1", 10, 20, 120, 1); // 0.2 Erlangs on a group of 10: a scale-in, asked about refreshes first
        rig.group("db", 1, 1, 20, "db-1");
        rig.instance("db", "db-1", 100, 20, 120, 1); // 2 Erlangs: 4 needed at 60 %
        rig.publish();
        rig.neverAnswers("DescribeInstanceRefreshes", "api-asg");
        LeptoidConfig config = rig.config("api", "db");
        RunReport report = rig.scalingRun(config).run(config.environment(FaultRig.ENV).orElseThrow(),
                config.environment(FaultRig.ENV).orElseThrow().mode(), Duration.ofSeconds(10));
        CapacityDecision.Hold api = assertInstanceOf(CapacityDecision.Hold.class, report.services().get(0).decision(), report.toJson());
        assertEquals(CapacityDecision.HoldReason.DEADLINE, api.code(), api.detail());
        assertTrue(api.detail().startsWith("the instance refreshes of api-asg were not read within this service's share of the"
                + " run's time"), api.detail());
        assertTrue(api.detail().endsWith("; nothing changed"), api.detail());
        assertEquals(List.of("db-asg=4"), rig.sets());
        assertTrue(report.durationMillis() < 10_000 + ScalingRun.SERVICE_RESERVE.toMillis(), report.durationMillis() + " ms");
    }

    @Test
    void a_group_that_cannot_be_read_again_before_it_is_set_holds_within_the_share_and_the_next_service_is_set()
            throws Exception {
        eachNeedingFour("api", "db");
        // api-asg is described once to decide; from the second describe on, right before the set (and the client's
        // retry of it), Auto Scaling never answers
        AtomicInteger apiDescribes = delayApiDescribesFromTheSecond(() -> Duration.ofMinutes(3));
        LeptoidConfig config = rig.config("api", "db");
        RunReport report = rig.scalingRun(config).run(config.environment(FaultRig.ENV).orElseThrow(),
                config.environment(FaultRig.ENV).orElseThrow().mode(), Duration.ofSeconds(10));
        CapacityDecision.Hold api = assertInstanceOf(CapacityDecision.Hold.class, report.services().get(0).decision());
        assertEquals(CapacityDecision.HoldReason.DEADLINE, api.code(), api.detail());
        assertTrue(api.detail().startsWith("api-asg was not read again within this service's share of the run's time"), api.detail());
        assertTrue(api.detail().endsWith("not setting 4; nothing changed"), api.detail());
        assertTrue(apiDescribes.get() >= 2, apiDescribes + " describes of api-asg");
        assertEquals(List.of("db-asg=4"), rig.sets());
        assertTrue(report.durationMillis() < 10_000 + ScalingRun.SERVICE_RESERVE.toMillis(), report.durationMillis() + " ms");
    }

    @Test
    void a_group_read_again_with_too_little_of_the_share_left_to_set_it_holds_and_nothing_is_set() throws Exception {
        eachNeedingFour("api", "db");
        // a 10 s run of two services gives api the time up to 8 s after the start (2 s are kept for db); its second
        // describe, right before the set, answers at 7.5 s: read in time, but with half a second of the share left,
        // under the second a set needs to answer and be known
        long[] started = new long[1];
        AtomicInteger apiDescribes = delayApiDescribesFromTheSecond(
                () -> Duration.ofNanos(Math.max(0, started[0] + Duration.ofMillis(7_500).toNanos() - System.nanoTime())));
        LeptoidConfig config = rig.config("api", "db");
        started[0] = System.nanoTime();
        RunReport report = rig.scalingRun(config).run(config.environment(FaultRig.ENV).orElseThrow(),
                config.environment(FaultRig.ENV).orElseThrow().mode(), Duration.ofSeconds(10));
        CapacityDecision.Hold api = assertInstanceOf(CapacityDecision.Hold.class, report.services().get(0).decision(),
                report.toJson());
        assertEquals(CapacityDecision.HoldReason.DEADLINE, api.code(), api.detail());
        assertTrue(api.detail().startsWith("this service's share of the run's time left ")
                && api.detail().endsWith(" ms, too little to set api-asg to 4 and know that it was set: nothing changed"),
                api.detail());
        assertTrue(apiDescribes.get() >= 2, apiDescribes + " describes of api-asg");
        assertEquals(List.of("db-asg=4"), rig.sets()); // api-asg never set; db decided and set after it
        assertInstanceOf(CapacityDecision.ScaleTo.class, report.services().get(1).decision(), report.toJson());
        assertTrue(report.durationMillis() < 10_000 + ScalingRun.SERVICE_RESERVE.toMillis(), report.durationMillis() + " ms");
    }

    @Test
    void the_lambda_handler_takes_its_limit_from_the_invocations_remaining_time() throws Exception {
        try (FaultProxy graphite = threeServicesTwoUnanswered()) {
            LeptoidConfig config = rig.config(graphite.uri(), "api", "web", "db");
            List<String> log = new ArrayList<>();
            RunIncompleteException e = assertThrows(RunIncompleteException.class, () -> rig.handler(config).handle(
                    ("{\"environment\": \"" + FaultRig.ENV + "\"}").getBytes(StandardCharsets.UTF_8), new Invocation(30_000, log)));
            assertTrue(e.getMessage().contains("2 cut"), e.getMessage());
            assertTrue(e.getMessage().contains("api held (deadline)"), e.getMessage());
            assertEquals(1, rig.sets().size(), rig.sets().toString());
            assertTrue(rig.sets().get(0).startsWith("db-asg="), rig.sets().toString());
            assertTrue(log.stream().anyMatch(l -> l.contains("\"reason\":\"deadline\"")), log.toString());
        }
    }

    /** The Lambda runtime's view of one invocation: its remaining time, and a logger that keeps the lines. */
    private record Invocation(int remainingMillisAtStart, List<String> log, long started) implements Context {
        Invocation(int remainingMillis, List<String> log) { this(remainingMillis, log, System.nanoTime()); }
        @Override public int getRemainingTimeInMillis() {
            return (int) (remainingMillisAtStart - (System.nanoTime() - started) / 1_000_000);
        }
        @Override public LambdaLogger getLogger() {
            return new LambdaLogger() {
                @Override public void log(String message) { log.add(message); }
                @Override public void log(byte[] message) { log.add(new String(message, StandardCharsets.UTF_8)); }
            };
        }
        @Override public String getAwsRequestId() { return "req-1"; }
        @Override public String getLogGroupName() { return "/aws/lambda/leptoid"; }
        @Override public String getLogStreamName() { return "stream"; }
        @Override public String getFunctionName() { return "leptoid"; }
        @Override public String getFunctionVersion() { return "1"; }
        @Override public String getInvokedFunctionArn() { return "arn:aws:lambda:us-east-1:123456789012:function:leptoid"; }
        @Override public CognitoIdentity getIdentity() { return null; }
        @Override public ClientContext getClientContext() { return null; }
        @Override public int getMemoryLimitInMB() { return 1024; }
    }
}
