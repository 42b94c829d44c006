package dev.leptoid.faults;

import dev.leptoid.RunReport;
import dev.leptoid.config.LeptoidConfig;
import dev.leptoid.decision.CapacityDecision;
import dev.leptoid.testing.FaultProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Someone changes the group while the run reads Graphite (a person raising it for an incident,
 * another scaler): the group is read again right before acting, and a decision made on the old
 * state is not applied.
 */
@Tag("graphite")
class GroupChangedFaultsTest {

    private final FaultRig rig = new FaultRig();

    GroupChangedFaultsTest() throws Exception {}

    @AfterEach
    void close() { rig.close(); }

    /** Three instances at 0.2 Erlangs each: a group at 10 would be scaled in (by at most 2). */
    private FaultRig.Group lightlyLoadedGroupAt10() {
        FaultRig.Group g = rig.group("api", 10, 1, 40, "i-a", "i-b", "i-c");
        for (String i : List.of("i-a", "i-b", "i-c")) rig.instance("api", i, 10, 20, 120, 1);
        rig.publish();
        return g;
    }

    @Test
    void a_desired_capacity_raised_during_the_graphite_read_is_not_overwritten() throws Exception {
        FaultRig.Group g = lightlyLoadedGroupAt10();
        try (FaultProxy graphite = rig.graphiteWhile("someone raises the group to 30 while leptoid reads", () -> g.desired = 30)) {
            RunReport report = rig.run(rig.config(graphite.uri(), "api"));
            CapacityDecision.Hold hold = assertInstanceOf(CapacityDecision.Hold.class, report.services().get(0).decision());
            assertEquals(CapacityDecision.HoldReason.GROUP_CHANGED, hold.code());
            assertTrue(hold.detail().contains("desired 10 -> 30") && hold.detail().contains("not setting 6"), hold.detail());
            assertEquals(30, hold.current());
        }
        assertEquals(List.of(), rig.sets());
        assertEquals(30, g.desired);
    }

    @Test
    void a_max_lowered_during_the_read_is_respected_by_the_lambda_handler_too() throws Exception {
        FaultRig.Group g = lightlyLoadedGroupAt10();
        try (FaultProxy graphite = rig.graphiteWhile("someone lowers the max to 9 while leptoid reads", () -> {
            g.max = 9;
            g.desired = 9;
        })) {
            LeptoidConfig config = rig.config(graphite.uri(), "api");
            String report = rig.handler(config).handle(("{\"environment\": \"" + FaultRig.ENV + "\"}")
                    .getBytes(StandardCharsets.UTF_8), null);
            assertTrue(report.contains("\"reason\":\"group-changed\""), report);
        }
        assertEquals(List.of(), rig.sets());
    }

    @Test
    void an_unchanged_group_is_read_twice_and_set_once() throws Exception {
        lightlyLoadedGroupAt10();
        RunReport report = rig.run(rig.config("api"));
        CapacityDecision.ScaleTo t = assertInstanceOf(CapacityDecision.ScaleTo.class, report.services().get(0).decision());
        assertEquals(6, t.capacity()); // scale-in limited to half the surplus of what the group has (10 -> 2)
        assertEquals(List.of("api-asg=6"), rig.sets());
        assertEquals(2, rig.aws.requests("DescribeAutoScalingGroups").size());
    }
}
