package dev.leptoid.faults;

import dev.leptoid.RunReport;
import dev.leptoid.decision.CapacityDecision;
import dev.leptoid.testing.AwsQueryServer;
import dev.leptoid.testing.FaultProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Auto Scaling API throttles or is mid-activity, Graphite answers 200 with nothing: each ends
 * in that service's hold or error with a reason, the other service is decided, and the exit
 * status says whether the run did its whole job.
 */
@Tag("graphite")
class DependencyFaultsTest {

    private final FaultRig rig = new FaultRig();

    DependencyFaultsTest() throws Exception {}

    /** api and web at 2 Erlangs on one instance each: both need 4 at 60 %, and have 1. */
    @BeforeEach
    void twoServicesThatNeedScaleOut() {
        for (String s : List.of("api", "web")) {
            rig.group(s, 1, 1, 20, s + "-1");
            rig.instance(s, s + "-1", 100, 20, 120, 1);
        }
        rig.publish();
    }

    @AfterEach
    void close() { rig.close(); }

    private RunReport run() throws Exception {
        return rig.run(rig.config("api", "web"));
    }

    @Test
    void throttled_describe_calls_hold_that_group_after_the_sdk_retries_and_the_other_is_set() throws Exception {
        rig.aws.on("DescribeScalingActivities", r -> "api-asg".equals(r.param("AutoScalingGroupName"))
                ? AwsQueryServer.error(400, "Throttling", "Rate exceeded")
                : rig.aws.result("DescribeScalingActivities", "<Activities/>"));
        RunReport report = run();
        CapacityDecision.Hold api = assertInstanceOf(CapacityDecision.Hold.class, report.services().get(0).decision());
        assertEquals(CapacityDecision.HoldReason.GROUP_UNKNOWN, api.code());
        assertTrue(api.detail().contains("Throttling"), api.detail());
        assertEquals(List.of("web-asg=4"), rig.sets());
        assertEquals(RunReport.INCOMPLETE, report.exitCode());
    }

    @Test
    void a_throttled_set_desired_capacity_is_an_error_with_exit_status_1() throws Exception {
        rig.aws.on("SetDesiredCapacity", r -> AwsQueryServer.error(400, "Throttling", "Rate exceeded"));
        RunReport report = run();
        assertTrue(report.services().get(0).actuationError().contains("Throttling"), report.toJson());
        assertEquals(RunReport.NOT_APPLIED, report.exitCode());
    }

    @Test
    void scaling_activity_in_progress_is_a_hold_for_the_next_run_not_an_error() throws Exception {
        rig.aws.on("SetDesiredCapacity", r -> AwsQueryServer.error(400, "ScalingActivityInProgress",
                "Scaling activity is in progress and blocks this action"));
        RunReport report = run();
        CapacityDecision.Hold api = assertInstanceOf(CapacityDecision.Hold.class, report.services().get(0).decision());
        assertEquals(CapacityDecision.HoldReason.GROUP_BUSY, api.code());
        assertTrue(api.detail().contains("would set 4"), api.detail());
        assertEquals(RunReport.OK, report.exitCode());
    }

    @Test
    void graphite_answering_200_with_an_empty_list_holds_and_the_exit_status_says_the_run_was_blind() throws Exception {
        try (FaultProxy graphite = FaultProxy.start(rig.graphite.baseUri())) {
            graphite.always(FaultProxy.emptyList());
            RunReport report = rig.run(rig.config(graphite.uri(), "api", "web"));
            for (var s : report.services()) {
                CapacityDecision.Hold h = assertInstanceOf(CapacityDecision.Hold.class, s.decision());
                assertEquals(CapacityDecision.HoldReason.INSUFFICIENT_DATA, h.code());
                assertTrue(h.detail().contains("no instances found"), h.detail());
            }
            assertEquals(List.of(), rig.sets());
            assertEquals(RunReport.INCOMPLETE, report.exitCode());
        }
    }
}
