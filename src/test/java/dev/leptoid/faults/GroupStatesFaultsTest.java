package dev.leptoid.faults;

import dev.leptoid.RunReport;
import dev.leptoid.ServiceOutcome;
import dev.leptoid.decision.CapacityDecision;
import dev.leptoid.decision.CapacityDecision.Hold;
import dev.leptoid.decision.CapacityDecision.HoldReason;
import dev.leptoid.decision.CapacityDecision.ScaleTo;
import dev.leptoid.testing.AutoScalingXml;
import dev.leptoid.testing.AwsQueryServer;
import dev.leptoid.testing.FaultProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ordinary states of a real group that are not faults but change what "in service" and "capacity" mean: instances
 * in Standby, protected from scale-in, Unhealthy, replaced by an instance refresh, in a warm pool, waiting on a lifecycle
 * hook or detaching. Each group is described by the loopback Auto Scaling endpoint in DescribeAutoScalingGroups' own
 * shape, its traffic read from the real Graphite. The load is 0.2 Erlangs per serving instance, far less than the
 * group has: without the state, each run would scale in (the scale-in is the control where a test holds it).
 */
@Tag("graphite")
class GroupStatesFaultsTest {

    private final FaultRig rig = new FaultRig();

    GroupStatesFaultsTest() throws Exception {}

    @AfterEach
    void close() { rig.close(); }

    /** The group api-asg of {@code desired} whose instances are {@code members}. */
    private FaultRig.Group group(int desired, boolean newInstancesProtected, String... members) {
        FaultRig.Group g = rig.group("api", desired, 1, 20);
        g.instances = String.join("", members);
        g.newInstancesProtected = newInstancesProtected;
        return g;
    }

    /** Instances serving 10 requests/s of 20 ms (0.2 Erlangs each) for two hours, up to the minute before now. */
    private void serving(String... ids) {
        for (String id : ids) rig.instance("api", id, 10, 20, 120, 1);
    }

    private ServiceOutcome api(RunReport report) {
        return report.services().get(0);
    }

    private static Hold held(ServiceOutcome api, HoldReason code) {
        Hold h = assertInstanceOf(Hold.class, api.decision(), api.toString());
        assertEquals(code, h.code(), h.detail());
        return h;
    }

    @Test
    void instances_in_standby_are_neither_capacity_nor_waited_for_in_the_data() throws Exception {
        group(4, false, AutoScalingXml.instance("i-a", "InService"), AutoScalingXml.instance("i-b", "InService"), AutoScalingXml.instance("i-c", "InService"),
                AutoScalingXml.instance("i-s", "Standby"), AutoScalingXml.instance("i-e", "EnteringStandby"));
        serving("i-a", "i-b", "i-c");
        rig.instance("api", "i-s", 10, 20, 120, 31); // out of the load balancer for half an hour: silent since
        rig.series("api", "i-e", "rate", 120, 31, m -> 10).series("api", "i-e", "rate", 30, 1, m -> 0) // sends zeros
                .series("api", "i-e", "time", 120, 1, m -> 20);
        rig.publish();
        RunReport report = rig.run(rig.config("api"));
        ScaleTo t = assertInstanceOf(ScaleTo.class, api(report).decision(), api(report).toString());
        assertEquals(4, t.current()); // the desired capacity, which Standby instances are not part of
        assertEquals(2, t.capacity(), t.reasons().toString()); // 0.6 Erlangs of the three InService need 1: 4 -> 2 at most 2 a run
        assertFalse(t.reasons().stream().anyMatch(r -> r.contains("without fresh data")), t.reasons().toString());
        assertEquals(List.of("api-asg=2"), rig.sets());
        assertEquals(RunReport.OK, report.exitCode());
    }

    @Test
    void instances_protected_from_scale_in_stop_a_scale_in_at_their_number() throws Exception {
        group(6, false, AutoScalingXml.instance("i-a", "InService"), AutoScalingXml.instance("i-b", "InService", "Healthy", true),
                AutoScalingXml.instance("i-c", "InService", "Healthy", true), AutoScalingXml.instance("i-d", "InService", "Healthy", true),
                AutoScalingXml.instance("i-e", "InService", "Healthy", true), AutoScalingXml.instance("i-f", "InService", "Healthy", true));
        serving("i-a", "i-b", "i-c", "i-d", "i-e", "i-f");
        rig.publish();
        RunReport report = rig.run(rig.config("api"));
        ScaleTo t = assertInstanceOf(ScaleTo.class, api(report).decision(), api(report).toString());
        assertEquals(5, t.capacity(), t.reasons().toString());
        assertTrue(t.reasons().stream().anyMatch(r -> r.startsWith("scale-in stops at 5: 5 instance(s) of api-asg protected from"
                + " scale-in (i-b, i-c, i-d, i-e, i-f)") && r.contains("(would scale in to 4)")), t.reasons().toString());
        assertEquals(List.of("api-asg=5"), rig.sets());
        assertEquals(RunReport.OK, report.exitCode());
    }

    @Test
    void a_group_that_protects_every_instance_holds_each_scale_in_and_says_why() throws Exception {
        group(3, true, AutoScalingXml.instance("i-a", "InService", "Healthy", true),
                AutoScalingXml.instance("i-b", "InService", "Healthy", true), AutoScalingXml.instance("i-c", "InService", "Healthy", true));
        serving("i-a", "i-b", "i-c");
        rig.publish();
        RunReport report = rig.run(rig.config("api"));
        Hold h = held(api(report), HoldReason.SCALE_IN_PROTECTED);
        assertTrue(h.detail().startsWith("3 instance(s) of api-asg protected from scale-in (i-a, i-b, i-c), and the group protects"
                + " every instance it launches (NewInstancesProtectedFromScaleIn): a desired capacity below 3 removes none of them"),
                h.detail());
        assertTrue(h.detail().endsWith("(would scale in to 1; the group has 3)"), h.detail());
        assertEquals(List.of(), rig.sets());
        assertEquals(RunReport.OK, report.exitCode()); // the group's own state, not a fault
    }

    @Test
    void unhealthy_in_service_instances_hold_a_scale_in_until_they_are_replaced() throws Exception {
        group(4, false, AutoScalingXml.instance("i-a", "InService"), AutoScalingXml.instance("i-b", "InService"),
                AutoScalingXml.instance("i-c", "InService", "Unhealthy", false));
        serving("i-a", "i-b");
        rig.instance("api", "i-c", 10, 20, 120, 21); // failed 20 minutes ago: silent since
        rig.publish();
        RunReport report = rig.run(rig.config("api"));
        Hold h = held(api(report), HoldReason.INSTANCES_UNHEALTHY);
        assertTrue(h.detail().startsWith("1 of 3 InService instance(s) of api-asg Unhealthy (i-c): Auto Scaling replaces them"),
                h.detail());
        assertTrue(h.detail().contains("(would scale in to 2)"), h.detail());
        assertEquals(List.of(), rig.sets());
        assertEquals(RunReport.OK, report.exitCode()); // before: instances-without-data, a fault (exit 3, an alarm) on a replacement
    }

    @Test
    void a_silent_unhealthy_instance_that_nothing_replaces_is_the_fault_it_always_was() throws Exception {
        FaultRig.Group g = group(4, false, AutoScalingXml.instance("i-a", "InService"), AutoScalingXml.instance("i-b", "InService"),
                AutoScalingXml.instance("i-c", "InService", "Unhealthy", false));
        g.suspended = "ReplaceUnhealthy"; // an operator stopped replacements: i-c stays
        serving("i-a", "i-b");
        rig.instance("api", "i-c", 10, 20, 120, 21);
        rig.publish();
        RunReport report = rig.run(rig.config("api"));
        Hold h = held(api(report), HoldReason.INSTANCES_WITHOUT_DATA);
        assertTrue(h.detail().contains("i-c"), h.detail());
        assertEquals(List.of(), rig.sets());
        assertEquals(RunReport.INCOMPLETE, report.exitCode()); // an alarm: nothing will end this hold by itself
    }

    @Test
    void an_activity_or_an_instance_that_turns_unhealthy_or_protected_while_leptoid_reads_holds_the_scale_in_decided_before() throws Exception {
        // decided on the first describe (three healthy instances, a scale-in to 2); the second, right before the set, sees
        // what changed while Graphite was read
        FaultRig.Group g = group(4, false, AutoScalingXml.instance("i-a", "InService"), AutoScalingXml.instance("i-b", "InService"),
                AutoScalingXml.instance("i-c", "InService"));
        serving("i-a", "i-b", "i-c");
        rig.publish();
        try (FaultProxy graphite = rig.graphiteWhile("i-c turns Unhealthy while leptoid reads", () -> g.instances =
                AutoScalingXml.instance("i-a", "InService") + AutoScalingXml.instance("i-b", "InService")
                        + AutoScalingXml.instance("i-c", "InService", "Unhealthy", false))) {
            Hold h = held(api(rig.run(rig.config(graphite.uri(), "api"))), HoldReason.INSTANCES_UNHEALTHY);
            assertTrue(h.detail().contains("(i-c)") && h.detail().endsWith("(would scale in to 2)"), h.detail());
        }
        g.instances = AutoScalingXml.instance("i-a", "InService") + AutoScalingXml.instance("i-b", "InService")
                + AutoScalingXml.instance("i-c", "InService");
        try (FaultProxy graphite = rig.graphiteWhile("three instances are protected from scale-in while leptoid reads", () ->
                g.instances = AutoScalingXml.instance("i-a", "InService", "Healthy", true)
                        + AutoScalingXml.instance("i-b", "InService", "Healthy", true) + AutoScalingXml.instance("i-c", "InService", "Healthy", true))) {
            Hold h = held(api(rig.run(rig.config(graphite.uri(), "api"))), HoldReason.GROUP_CHANGED);
            assertTrue(h.detail().startsWith("while leptoid was reading, scale-in stops at 3: 3 instance(s) of api-asg protected from"
                    + " scale-in (i-a, i-b, i-c)"), h.detail());
            assertTrue(h.detail().endsWith(": not setting 2; the next run decides on the new state"), h.detail());
        }
        g.instances = AutoScalingXml.instance("i-a", "InService") + AutoScalingXml.instance("i-b", "InService")
                + AutoScalingXml.instance("i-c", "InService");
        try (FaultProxy graphite = rig.graphiteWhile("a launch waiting on a hook begins while leptoid reads", this::aLaunchWaitingOnAHook)) {
            Hold h = held(api(rig.run(rig.config(graphite.uri(), "api"))), HoldReason.GROUP_BUSY);
            assertEquals("a scaling activity began on api-asg while leptoid was reading (MidLifecycleAction: Launching a new EC2"
                    + " instance: i-p, since 2026-12-01T23:58:00Z): not scaling in to 2; the next run decides on the new state", h.detail());
        }
        assertEquals(List.of(), rig.sets());
    }

    @Test
    void unhealthy_in_service_instances_do_not_hold_a_scale_out() throws Exception {
        group(2, false, AutoScalingXml.instance("i-a", "InService"), AutoScalingXml.instance("i-b", "InService", "Unhealthy", false));
        rig.instance("api", "i-a", 100, 20, 120, 1); // 2 Erlangs: needs 4 at 60 %
        rig.instance("api", "i-b", 100, 20, 120, 21);
        rig.publish();
        RunReport report = rig.run(rig.config("api"));
        ScaleTo t = assertInstanceOf(ScaleTo.class, api(report).decision(), api(report).toString());
        assertTrue(t.capacity() >= 4, t.toString());
        assertEquals(List.of("api-asg=" + t.capacity()), rig.sets());
    }

    /** A run of api-asg, 4 with three InService instances far from busy (a scale-in to 2), while Auto Scaling answers
     *  DescribeInstanceRefreshes with {@code refreshes}. */
    private RunReport threeServingWhileRefreshesAre(Function<AwsQueryServer.Request, AwsQueryServer.Answer> refreshes) throws Exception {
        group(4, false, AutoScalingXml.instance("i-a", "InService"), AutoScalingXml.instance("i-b", "InService"), AutoScalingXml.instance("i-c", "InService"));
        serving("i-a", "i-b", "i-c");
        rig.publish();
        rig.aws.on("DescribeInstanceRefreshes", refreshes);
        return rig.run(rig.config("api"));
    }

    @Test
    void an_instance_refresh_in_progress_holds_a_scale_in() throws Exception {
        RunReport report = threeServingWhileRefreshesAre(r -> rig.aws.result("DescribeInstanceRefreshes",
                AutoScalingXml.refresh("api-asg", "08b91cf7-8fa6-48af-b6a6-d227f40f1b9b", "InProgress", 40)));
        Hold h = held(api(report), HoldReason.INSTANCE_REFRESH);
        assertEquals("instance refresh '08b91cf7-8fa6-48af-b6a6-d227f40f1b9b' (InProgress, 40% done, started 2026-12-01T23:40:00Z)"
                + " is replacing the instances of api-asg, a batch at a time below its capacity: no scale-in until it is over (would"
                + " scale in to 2); scale-out is not held", h.detail());
        assertEquals("api-asg", rig.aws.requests("DescribeInstanceRefreshes").get(0).param("AutoScalingGroupName"));
        assertEquals(List.of(), rig.sets());
        assertEquals(RunReport.OK, report.exitCode());
    }

    @Test
    void a_finished_instance_refresh_holds_nothing() throws Exception {
        RunReport report = threeServingWhileRefreshesAre(r -> rig.aws.result("DescribeInstanceRefreshes",
                AutoScalingXml.refresh("api-asg", "r-1", "Successful", 100)));
        assertInstanceOf(ScaleTo.class, api(report).decision(), api(report).toString());
        assertEquals(List.of("api-asg=2"), rig.sets());
    }

    @Test
    void instance_refreshes_that_cannot_be_read_hold_a_scale_in() throws Exception {
        RunReport report = threeServingWhileRefreshesAre(r -> AwsQueryServer.error(403, "AccessDenied",
                "User is not authorized to perform: autoscaling:DescribeInstanceRefreshes"));
        Hold h = held(api(report), HoldReason.GROUP_UNKNOWN);
        assertTrue(h.detail().startsWith("could not read the instance refreshes of api-asg before scaling it in to 2: describe the"
                + " instance refreshes of api-asg: AccessDenied"), h.detail());
        assertEquals(List.of(), rig.sets());
        assertEquals(RunReport.INCOMPLETE, report.exitCode());
    }

    @Test
    void warm_pool_instances_are_not_capacity_even_when_they_report() throws Exception {
        // DescribeAutoScalingGroups does not list warm pool instances (DescribeWarmPool does); one kept Warmed:Running
        // runs its agent and reports idle zeros under the service's path
        group(4, false, AutoScalingXml.instance("i-a", "InService"), AutoScalingXml.instance("i-b", "InService"), AutoScalingXml.instance("i-c", "InService"));
        serving("i-a", "i-b", "i-c");
        rig.series("api", "i-warm", "rate", 120, 1, m -> 0).series("api", "i-warm", "time", 120, 1, m -> 20);
        rig.publish();
        RunReport report = rig.run(rig.config("api"));
        ScaleTo t = assertInstanceOf(ScaleTo.class, api(report).decision(), api(report).toString());
        assertEquals(4, t.current());
        assertEquals(List.of("api-asg=2"), rig.sets());
        assertEquals(List.of(), rig.aws.requests("DescribeWarmPool"));
    }

    /** The activity of a launch waiting on a lifecycle hook, as DescribeScalingActivities answers it. */
    private void aLaunchWaitingOnAHook() {
        rig.aws.on("DescribeScalingActivities", r -> rig.aws.result("DescribeScalingActivities", "<Activities><member>"
                + "<ActivityId>a-1</ActivityId><AutoScalingGroupName>api-asg</AutoScalingGroupName><Description>Launching a new"
                + " EC2 instance: i-p</Description><Cause>an instance was started in response to a difference between desired"
                + " and actual capacity</Cause><StartTime>2026-12-01T23:58:00Z</StartTime><StatusCode>MidLifecycleAction"
                + "</StatusCode><Progress>40</Progress></member></Activities>"));
    }

    @Test
    void a_scale_out_does_not_wait_for_a_lifecycle_hook_in_progress() throws Exception {
        group(3, false, AutoScalingXml.instance("i-a", "InService"), AutoScalingXml.instance("i-b", "InService"), AutoScalingXml.instance("i-p", "Pending:Wait"));
        rig.instance("api", "i-a", 100, 20, 120, 1); // 2 Erlangs each: 4 Erlangs need 7 at 60 %
        rig.instance("api", "i-b", 100, 20, 120, 1);
        rig.publish();
        aLaunchWaitingOnAHook(); // before: group-busy, the rise unanswered for as long as the hook waits
        RunReport report = rig.run(rig.config("api"));
        ScaleTo t = assertInstanceOf(ScaleTo.class, api(report).decision(), api(report).toString());
        assertTrue(t.capacity() >= 7, t.toString());
        assertTrue(t.reasons().contains("a scaling activity is in progress on api-asg (MidLifecycleAction: Launching a new EC2"
                + " instance: i-p, since 2026-12-01T23:58:00Z): a scale-out does not wait for it, a scale-in would"), t.reasons().toString());
        assertEquals(List.of("api-asg=" + t.capacity()), rig.sets());
        assertEquals(RunReport.OK, report.exitCode());
    }

    @Test
    void instances_waiting_on_lifecycle_hooks_or_detaching_hold_a_scale_in_while_their_activity_is_in_progress() throws Exception {
        group(5, false, AutoScalingXml.instance("i-a", "InService"), AutoScalingXml.instance("i-b", "InService"), AutoScalingXml.instance("i-c", "InService"),
                AutoScalingXml.instance("i-p", "Pending:Wait"), AutoScalingXml.instance("i-t", "Terminating:Wait"), AutoScalingXml.instance("i-d", "Detaching"));
        serving("i-a", "i-b", "i-c", "i-t");
        rig.instance("api", "i-d", 10, 20, 120, 3);
        rig.publish();
        aLaunchWaitingOnAHook();
        RunReport report = rig.run(rig.config("api"));
        Hold h = held(api(report), HoldReason.GROUP_BUSY);
        assertTrue(h.detail().startsWith("a scaling activity is in progress on api-asg (would scale in to "), h.detail());
        assertTrue(h.detail().endsWith("): MidLifecycleAction: Launching a new EC2 instance: i-p, since 2026-12-01T23:58:00Z"),
                h.detail()); // which activity, so an operator can find the hook it waits on
        assertEquals(5, h.current());
        assertEquals(List.of(), rig.sets());
        assertEquals(RunReport.OK, report.exitCode());
    }
}
