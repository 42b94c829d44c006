package dev.leptoid.faults;

import dev.leptoid.RunReport;
import dev.leptoid.ServiceOutcome;
import dev.leptoid.config.LeptoidConfig;
import dev.leptoid.decision.CapacityDecision;
import dev.leptoid.lambda.RunIncompleteException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Instances the group lists InService but whose metrics stopped (agent crash, relay drop) or never
 * came: their load is unknown, never zero, so nothing is removed; a scale-out the seen load
 * already needs still happens.
 */
@Tag("graphite")
class UnseenInstancesFaultsTest {

    private final FaultRig rig = new FaultRig();

    UnseenInstancesFaultsTest() throws Exception {}

    @AfterEach
    void close() { rig.close(); }

    /** Three instances at 0.2 Erlangs each for two hours; the group wants 10, far more than the load needs. */
    private void threeInstancesWhereTwoStop(boolean vanish) {
        rig.group("api", 10, 1, 20, "i-a", "i-b", "i-c");
        rig.instance("api", "i-a", 10, 20, 120, 1);
        if (!vanish) {
            rig.instance("api", "i-b", 10, 20, 120, 21); // no data in the last 20 minutes
            rig.instance("api", "i-c", 10, 20, 120, 21);
        }
        rig.publish();
    }

    private static CapacityDecision.Hold heldForUnseen(ServiceOutcome api) {
        CapacityDecision.Hold hold = assertInstanceOf(CapacityDecision.Hold.class, api.decision(), api.toString());
        assertEquals(CapacityDecision.HoldReason.INSTANCES_WITHOUT_DATA, hold.code());
        assertTrue(hold.detail().contains("2 of 3 InService instance(s) without fresh data (i-b, i-c)"), hold.detail());
        assertEquals(10, hold.current());
        return hold;
    }

    @Test
    void instances_that_stop_reporting_hold_the_group_instead_of_scaling_it_in() throws Exception {
        threeInstancesWhereTwoStop(false);
        RunReport report = rig.run(rig.config("api"));
        heldForUnseen(report.services().get(0));
        assertEquals(List.of(), rig.sets());
        assertEquals(RunReport.INCOMPLETE, report.exitCode());
    }

    @Test
    void instances_whose_series_vanished_from_graphite_hold_the_group_too() throws Exception {
        threeInstancesWhereTwoStop(true);
        RunReport report = rig.run(rig.config("api"));
        heldForUnseen(report.services().get(0));
        assertEquals(List.of(), rig.sets());
    }

    @Test
    void the_lambda_handler_holds_too_and_fails_the_invocation_so_the_error_alarm_sees_it() throws Exception {
        threeInstancesWhereTwoStop(false);
        LeptoidConfig config = rig.config("api");
        RunIncompleteException e = assertThrows(RunIncompleteException.class, () -> rig.handler(config)
                .handle(("{\"environment\": \"" + FaultRig.ENV + "\"}").getBytes(StandardCharsets.UTF_8), null));
        assertTrue(e.getMessage().contains("api held (instances-without-data)"), e.getMessage());
        assertEquals(List.of(), rig.sets());
    }

    @Test
    void a_scale_out_the_seen_instances_alone_need_still_happens() throws Exception {
        rig.group("api", 2, 1, 20, "i-a", "i-b");
        rig.instance("api", "i-a", 100, 20, 120, 1); // 2 Erlangs on the one instance still seen: needs 4 at 60 %
        rig.instance("api", "i-b", 100, 20, 120, 21);
        rig.publish();
        RunReport report = rig.run(rig.config("api"));
        CapacityDecision.ScaleTo t = assertInstanceOf(CapacityDecision.ScaleTo.class, report.services().get(0).decision());
        assertTrue(t.capacity() >= 4, t.toString());
        assertTrue(t.reasons().stream().anyMatch(r -> r.contains("1 of 2 InService instance(s) without fresh data (i-b)")
                && r.contains("lower bound")), t.reasons().toString());
        assertEquals(List.of("api-asg=" + t.capacity()), rig.sets());
    }
}
