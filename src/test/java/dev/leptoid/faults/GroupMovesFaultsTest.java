package dev.leptoid.faults;

import dev.leptoid.RunReport;
import dev.leptoid.ServiceOutcome;
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
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Auto Scaling's own moves around a leptoid run: Capacity Rebalancing and AZ rebalancing (launch before terminate, so
 * the group lists more InService instances than its desired capacity), someone changing the group's min or max between
 * runs, a group being deleted or gone between the describe and the set, and an instance replaced at its maximum
 * lifetime. Each group is described by the loopback Auto Scaling endpoint in DescribeAutoScalingGroups' own shape, its
 * traffic read from the real Graphite. The endpoint answers SetDesiredCapacity as AWS does: a value outside the group's
 * [min, max] is refused with ValidationError, so a set leptoid should not make fails the test.
 */
@Tag("graphite")
class GroupMovesFaultsTest {

    private final FaultRig rig = new FaultRig();

    GroupMovesFaultsTest() throws Exception {}

    @AfterEach
    void close() { rig.close(); }

    /** The group api-asg of {@code desired} in [min, max] whose instances are {@code members}; set as AWS sets it. */
    private FaultRig.Group group(int desired, int min, int max, String... members) {
        FaultRig.Group g = rig.group("api", desired, min, max);
        g.instances = String.join("", members);
        rig.aws.on("SetDesiredCapacity", r -> {
            int d = Integer.parseInt(r.param("DesiredCapacity"));
            if (d < g.min) return AwsQueryServer.error(400, "ValidationError", "New SetDesiredCapacity value " + d
                    + " is below min value " + g.min + " for the AutoScalingGroup.");
            if (d > g.max) return AwsQueryServer.error(400, "ValidationError", "New SetDesiredCapacity value " + d
                    + " is above max value " + g.max + " for the AutoScalingGroup.");
            g.desired = d;
            return rig.aws.empty("SetDesiredCapacity");
        });
        return g;
    }

    /** {@code ids} InService, as {@link #member}s. */
    private static String[] inService(String... ids) {
        String[] m = new String[ids.length];
        for (int i = 0; i < ids.length; i++) m[i] = AutoScalingXml.instance(ids[i], "InService");
        return m;
    }

    /** Instances serving {@code rate} requests/s of 20 ms each for two hours, up to the minute before now. */
    private void serving(double rate, String... ids) {
        for (String id : ids) rig.instance("api", id, rate, 20, 120, 1);
    }

    private static ServiceOutcome api(RunReport report) {
        return report.services().get(0);
    }

    private static Hold held(ServiceOutcome api, HoldReason code) {
        Hold h = assertInstanceOf(Hold.class, api.decision(), api.toString());
        assertEquals(code, h.code(), h.detail());
        return h;
    }

    /** Scaling activities in progress on api-asg, as DescribeScalingActivities answers them: {@code (instance, description, cause)}. */
    private void activitiesInProgress(String[]... activities) {
        StringBuilder xml = new StringBuilder("<Activities>");
        int n = 0;
        for (String[] a : activities)
            xml.append("<member><ActivityId>a-").append(++n).append("</ActivityId><AutoScalingGroupName>api-asg</AutoScalingGroupName>"
                    + "<Description>").append(a[0]).append("</Description><Cause>").append(a[1]).append("</Cause>"
                    + "<StartTime>2026-12-01T23:58:00Z</StartTime><StatusCode>InProgress</StatusCode><Progress>30</Progress></member>");
        rig.aws.on("DescribeScalingActivities", r -> rig.aws.result("DescribeScalingActivities", xml + "</Activities>"));
    }

    // 1. Capacity Rebalancing and AZ rebalancing: launch before terminate

    @Test
    void rebalancing_lists_more_in_service_than_desired_and_a_scale_in_waits_for_the_new_instance_s_data() throws Exception {
        // a Spot instance (i-c) at elevated risk: its replacement i-r is InService, the old one still serves and reports
        group(3, 1, 20, inService("i-a", "i-b", "i-c", "i-r"));
        serving(10, "i-a", "i-b", "i-c"); // 0.6 Erlangs seen: would scale in; i-r has sent nothing yet
        rig.publish();
        RunReport report = rig.run(rig.config("api"));
        Hold h = held(api(report), HoldReason.INSTANCES_WITHOUT_DATA);
        assertTrue(h.detail().startsWith("1 of 4 InService instance(s) without fresh data (i-r)"), h.detail());
        assertEquals(3, h.current()); // the desired capacity, not the four listed
        assertEquals(List.of(), rig.sets());
    }

    @Test
    void rebalancing_with_every_instance_reporting_sizes_from_the_desired_capacity_and_counts_each_load_once() throws Exception {
        // AZ rebalancing may exceed the max (by 10 % or one instance): four InService in a group of max 3
        group(3, 1, 3, inService("i-a", "i-b", "i-c", "i-r"));
        // 0.6 Erlangs throughout: 0.2 on each of three, then spread over four (0.15 each) once i-r is in the load balancer
        for (String id : List.of("i-a", "i-b", "i-c"))
            rig.series("api", id, "rate", 120, 1, m -> m > 6 ? 10 : 7.5).series("api", id, "time", 120, 1, m -> 20);
        rig.instance("api", "i-r", 7.5, 20, 6, 1);
        rig.publish();
        RunReport report = rig.run(rig.config("api"));
        ScaleTo t = assertInstanceOf(ScaleTo.class, api(report).decision(), api(report).toString());
        assertEquals(0.6, t.basis().offeredLoad(), 1e-6); // each instance's load once (0.75 if the old one counted twice)
        assertEquals(3, t.current()); // from the desired capacity, not the four InService
        assertTrue(t.capacity() < 3, t.toString());
        assertEquals(List.of("api-asg=" + t.capacity()), rig.sets()); // within [1, 3]: accepted
        assertEquals(RunReport.OK, report.exitCode());
    }

    // 2. Someone changes min or max between runs

    @Test
    void a_min_raised_above_leptoid_s_last_target_is_kept_and_said() throws Exception {
        // leptoid set 3; an operator raised the min to 6 and Auto Scaling raised the desired capacity with it
        group(6, 6, 20, inService("i-a", "i-b", "i-c", "i-d", "i-e", "i-f"));
        serving(10, "i-a", "i-b", "i-c", "i-d", "i-e", "i-f"); // 1.2 Erlangs need 2
        rig.publish();
        RunReport report = rig.run(rig.config("api"));
        ScaleTo t = assertInstanceOf(ScaleTo.class, api(report).decision(), api(report).toString());
        assertEquals(6, t.capacity());
        assertEquals(6, t.current());
        assertEquals(6, t.basis().min());
        assertTrue(t.reasons().contains("clamped to min 6"), t.reasons().toString());
        assertTrue(t.reasons().contains("min 6 is api-asg's MinSize (the configuration's min_capacity is 1)"), t.reasons().toString());
        assertEquals(List.of(), rig.sets());
        assertEquals(RunReport.OK, report.exitCode());
    }

    @Test
    void a_max_lowered_below_what_the_load_needs_stops_the_scale_out_at_it() throws Exception {
        // an operator lowered the max from 20 to 8; the desired 5 was within it, so Auto Scaling left it
        group(5, 1, 8, inService("i-a", "i-b", "i-c", "i-d", "i-e"));
        serving(100, "i-a", "i-b", "i-c", "i-d", "i-e"); // 10 Erlangs need 17 at 60 %
        rig.publish();
        RunReport report = rig.run(rig.config("api"));
        ScaleTo t = assertInstanceOf(ScaleTo.class, api(report).decision(), api(report).toString());
        assertEquals(8, t.capacity());
        assertTrue(t.reasons().contains("clamped to max 8"), t.reasons().toString());
        assertTrue(t.reasons().contains("max 8 is api-asg's MaxSize (the configuration's max_capacity is 20)"), t.reasons().toString());
        assertEquals(List.of("api-asg=8"), rig.sets()); // accepted: within the new bounds
        assertEquals(RunReport.OK, report.exitCode());
    }

    @Test
    void a_max_lowered_below_the_desired_capacity_is_read_as_the_group_now_is() throws Exception {
        // the max lowered from 20 to 4 below the desired 7: Auto Scaling set the desired capacity to 4 and terminates three
        group(4, 1, 4, AutoScalingXml.instance("i-a", "InService"), AutoScalingXml.instance("i-b", "InService"), AutoScalingXml.instance("i-c", "InService"),
                AutoScalingXml.instance("i-d", "InService"), AutoScalingXml.instance("i-e", "Terminating"), AutoScalingXml.instance("i-f", "Terminating"), AutoScalingXml.instance("i-g", "Terminating"));
        serving(60, "i-a", "i-b", "i-c", "i-d", "i-e", "i-f", "i-g"); // 8.4 Erlangs need 14
        rig.publish();
        activitiesInProgress(new String[]{"Terminating EC2 instance: i-e", "an instance was taken out of service in response"
                + " to a difference between desired and actual capacity, shrinking the capacity from 7 to 4"});
        RunReport report = rig.run(rig.config("api"));
        ScaleTo t = assertInstanceOf(ScaleTo.class, api(report).decision(), api(report).toString());
        assertEquals(4, t.capacity());
        assertEquals(4, t.current());
        assertEquals(8.4, t.basis().offeredLoad(), 1e-6); // the Terminating instances' load, while they drain, counts
        assertTrue(t.reasons().contains("max 4 is api-asg's MaxSize (the configuration's max_capacity is 20)"), t.reasons().toString());
        assertEquals(List.of(), rig.sets()); // nothing to set: never above the max, which AWS would refuse
        assertEquals(RunReport.OK, report.exitCode());
    }

    /** api-asg switched off by an operator (min = max = desired = 0), its answer with {@code tags} (XML members) added. */
    private void switchedOff(String tags) {
        group(0, 0, 0);
        rig.aws.on("DescribeAutoScalingGroups", r -> rig.aws.result("DescribeAutoScalingGroups", AutoScalingXml.group("api-asg", 0, 0,
                0, "", null, false).replace("</member></AutoScalingGroups>", "<Tags>" + tags + "</Tags></member></AutoScalingGroups>")));
        serving(10, "i-a", "i-b"); // terminated a few minutes ago, say: their data is what the run reads
        rig.publish();
    }

    @Test
    void a_group_switched_off_below_the_configured_min_holds_bad_config_and_sets_nothing() throws Exception {
        switchedOff("");
        RunReport report = rig.run(rig.config("api"));
        Hold h = held(api(report), HoldReason.BAD_CONFIG);
        assertEquals("configured capacity [1, 20] and the bounds [0, 0] of api-asg do not overlap", h.detail());
        assertEquals(List.of(), rig.aws.requests("SetDesiredCapacity"));
        assertEquals(RunReport.INCOMPLETE, report.exitCode()); // the configuration cannot be met: the operator is told
    }

    @Test
    void a_group_switched_off_and_paused_holds_paused_without_an_alarm() throws Exception {
        switchedOff("<member><ResourceId>api-asg</ResourceId><ResourceType>auto-scaling-group</ResourceType>"
                + "<Key>leptoid:pause</Key><Value>off for the night</Value><PropagateAtLaunch>false</PropagateAtLaunch></member>");
        RunReport report = rig.run(rig.config("api"));
        Hold h = held(api(report), HoldReason.PAUSED);
        assertEquals("api-asg is paused by its tag leptoid:pause=off for the night (its bounds [0, 0] are outside the configured"
                + " capacity [1, 20]; remove the tag to resume)", h.detail());
        assertEquals(List.of(), rig.aws.requests("SetDesiredCapacity"));
        assertEquals(RunReport.OK, report.exitCode()); // before: bad-config, exit 3 every run although the operator paused it
    }

    // 3. A group being deleted, or gone between the describe and the set

    @Test
    void a_group_being_deleted_holds_once_and_nothing_else_is_asked_or_set() throws Exception {
        // ForceDelete: the group answers with Status "Delete in progress" while its instances are terminated
        group(3, 1, 20, inService("i-a", "i-b", "i-c"));
        rig.group("web", 4, 1, 20, "w-a", "w-b"); // another service, lightly loaded: scaled in as ever
        Function<AwsQueryServer.Request, AwsQueryServer.Answer> others = rig.aws.handler("DescribeAutoScalingGroups");
        rig.aws.on("DescribeAutoScalingGroups", r -> !"api-asg".equals(r.param("AutoScalingGroupNames.member.1")) ? others.apply(r)
                : rig.aws.result("DescribeAutoScalingGroups", AutoScalingXml.group("api-asg", 3, 1, 20,
                        String.join("", inService("i-a", "i-b", "i-c")), null, false)
                        .replace("</member></AutoScalingGroups>", "<Status>Delete in progress</Status></member></AutoScalingGroups>")));
        Function<AwsQueryServer.Request, AwsQueryServer.Answer> set = rig.aws.handler("SetDesiredCapacity");
        rig.aws.on("SetDesiredCapacity", r -> !"api-asg".equals(r.param("AutoScalingGroupName")) ? set.apply(r)
                : AwsQueryServer.error(400, "ValidationError", "The AutoScaling group may not be modified while it is pending delete"));
        serving(100, "i-a", "i-b", "i-c"); // 6 Erlangs need 10: a scale-out
        rig.instance("web", "w-a", 10, 20, 120, 1).instance("web", "w-b", 10, 20, 120, 1);
        rig.publish();
        RunReport report = rig.run(rig.config("api", "web"));
        Hold h = held(api(report), HoldReason.GROUP_UNKNOWN);
        assertEquals("Auto Scaling group 'api-asg' is being deleted (Status 'Delete in progress'): nothing is sized or set on it"
                + " (take the service out of leptoid's configuration, or name the group that replaces it)", h.detail());
        assertNull(api(report).actuationError());
        // nothing else is asked of api-asg: no activities, policies, second describe or set
        for (String action : List.of("DescribeScalingActivities", "DescribePolicies", "DescribeScheduledActions", "SetDesiredCapacity"))
            assertTrue(rig.aws.requests(action).stream().noneMatch(r -> "api-asg".equals(r.param("AutoScalingGroupName"))), action);
        assertEquals(1, rig.aws.requests("DescribeAutoScalingGroups").stream()
                .filter(r -> "api-asg".equals(r.param("AutoScalingGroupNames.member.1"))).count());
        ServiceOutcome web = report.services().get(1); // the other service goes on
        assertInstanceOf(ScaleTo.class, web.decision(), web.toString());
        assertEquals(List.of("web-asg=2"), rig.sets());
        assertEquals(RunReport.INCOMPLETE, report.exitCode());
    }

    @Test
    void a_group_deleted_while_the_run_reads_graphite_holds_at_the_second_describe() throws Exception {
        group(3, 1, 20, inService("i-a", "i-b", "i-c"));
        serving(100, "i-a", "i-b", "i-c"); // a scale-out
        rig.publish();
        try (FaultProxy graphite = rig.graphiteWhile("someone deletes api-asg while leptoid reads", () ->
                rig.aws.on("DescribeAutoScalingGroups", r -> rig.aws.result("DescribeAutoScalingGroups", "<AutoScalingGroups/>")))) {
            RunReport report = rig.run(rig.config(graphite.uri(), "api"));
            Hold h = held(api(report), HoldReason.GROUP_UNKNOWN);
            assertTrue(h.detail().startsWith("could not read api-asg again before setting it to "), h.detail());
            assertTrue(h.detail().endsWith(": Auto Scaling group 'api-asg' not found"), h.detail());
            assertNull(api(report).actuationError());
        }
        assertEquals(List.of(), rig.sets());
    }

    @Test
    void a_group_deleted_between_the_second_describe_and_the_set_is_one_actuation_error() throws Exception {
        group(3, 1, 20, inService("i-a", "i-b", "i-c"));
        serving(100, "i-a", "i-b", "i-c");
        rig.publish();
        rig.aws.on("SetDesiredCapacity", r -> AwsQueryServer.error(400, "ValidationError", "AutoScalingGroup name not found -"
                + " AutoScalingGroup 'api-asg' not found"));
        RunReport report = rig.run(rig.config("api"));
        String error = api(report).actuationError();
        assertTrue(error != null && error.startsWith("set api-asg to ") && error.endsWith(": ValidationError (AutoScalingGroup name not"
                + " found - AutoScalingGroup 'api-asg' not found)"), String.valueOf(error));
        assertEquals(1, rig.aws.requests("SetDesiredCapacity").size()); // not retried: the next run finds it gone (group-unknown)
        assertEquals(RunReport.NOT_APPLIED, report.exitCode());
    }

    // 4. Replacement at the maximum instance lifetime (and scheduled maintenance)

    @Test
    void an_instance_replaced_at_its_maximum_lifetime_holds_a_scale_in_while_its_replacement_launches() throws Exception {
        // the default order (no instance maintenance policy): terminate, and launch while it terminates
        group(3, 1, 20, AutoScalingXml.instance("i-a", "InService"), AutoScalingXml.instance("i-b", "InService"), AutoScalingXml.instance("i-c", "Terminating"),
                AutoScalingXml.instance("i-n", "Pending"));
        serving(10, "i-a", "i-b", "i-c"); // i-c reports while it drains; 0.6 Erlangs: would scale in
        rig.publish();
        activitiesInProgress(
                new String[]{"Terminating EC2 instance: i-c", "an instance was taken out of service in response to the instance"
                        + " reaching its maximum instance lifetime"},
                new String[]{"Launching a new EC2 instance: i-n", "an instance was started in response to a difference between"
                        + " desired and actual capacity, increasing the capacity from 2 to 3"});
        RunReport report = rig.run(rig.config("api"));
        Hold h = held(api(report), HoldReason.GROUP_BUSY);
        assertTrue(h.detail().startsWith("a scaling activity is in progress on api-asg (would scale in to "), h.detail());
        assertEquals(3, h.current());
        assertEquals(List.of(), rig.sets());
        assertEquals(RunReport.OK, report.exitCode());
    }

    @Test
    void a_scale_out_is_not_held_by_a_replacement_at_the_maximum_lifetime() throws Exception {
        group(3, 1, 20, AutoScalingXml.instance("i-a", "InService"), AutoScalingXml.instance("i-b", "InService"), AutoScalingXml.instance("i-c", "Terminating"),
                AutoScalingXml.instance("i-n", "Pending"));
        serving(100, "i-a", "i-b", "i-c"); // 6 Erlangs need 10
        rig.publish();
        activitiesInProgress(new String[]{"Terminating EC2 instance: i-c", "an instance was taken out of service in response to"
                + " the instance reaching its maximum instance lifetime"});
        RunReport report = rig.run(rig.config("api"));
        ScaleTo t = assertInstanceOf(ScaleTo.class, api(report).decision(), api(report).toString());
        assertTrue(t.capacity() >= 10, t.toString());
        assertEquals(List.of("api-asg=" + t.capacity()), rig.sets());
    }
}
