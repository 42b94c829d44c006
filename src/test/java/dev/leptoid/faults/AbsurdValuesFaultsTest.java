package dev.leptoid.faults;

import dev.leptoid.RunReport;
import dev.leptoid.ServiceOutcome;
import dev.leptoid.decision.CapacityDecision;
import dev.leptoid.testing.FaultProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Values no real service produces (a unit bug, a counter reset, an overflow, a broken series
 * name): leptoid distrusts them instead of buying the group's max, and one service's bad data
 * never stops the others.
 */
@Tag("graphite")
class AbsurdValuesFaultsTest {

    private final FaultRig rig = new FaultRig();

    AbsurdValuesFaultsTest() throws Exception {}

    @AfterEach
    void close() { rig.close(); }

    /** Three instances at 0.2 Erlangs each for two hours (0.6 in all: one instance at 60 %), one rate point replaced. */
    private void apiWithOneRatePoint(int minutesAgo, double rate) {
        rig.group("api", 3, 1, 20, "i-a", "i-b", "i-c");
        rig.series("api", "i-a", "rate", 120, 1, m -> m == minutesAgo ? rate : 10);
        rig.series("api", "i-a", "time", 120, 1, m -> 20);
        for (String i : List.of("i-b", "i-c")) rig.instance("api", i, 10, 20, 120, 1);
    }

    private static CapacityDecision.ScaleTo notToTheMax(ServiceOutcome api) {
        CapacityDecision.ScaleTo t = assertInstanceOf(CapacityDecision.ScaleTo.class, api.decision(), api.toString());
        assertTrue(t.capacity() <= 3, t.toString());
        assertTrue(t.reasons().stream().anyMatch(r -> r.startsWith("distrusted 1 offered-load point(s)")), t.reasons().toString());
        return t;
    }

    @Test
    void one_absurd_arrival_rate_in_the_newest_minute_is_distrusted_not_bought() throws Exception {
        apiWithOneRatePoint(1, 1e12);
        rig.publish();
        RunReport report = rig.run(rig.config("api"));
        notToTheMax(report.services().get(0));
        assertTrue(rig.sets().stream().noneMatch(s -> s.equals("api-asg=20")), rig.sets().toString());
    }

    @Test
    void one_absurd_arrival_rate_half_an_hour_old_is_distrusted_too() throws Exception {
        apiWithOneRatePoint(30, 1e12);
        rig.publish();
        RunReport report = rig.run(rig.config("api"));
        CapacityDecision.ScaleTo t = notToTheMax(report.services().get(0));
        assertTrue(t.reasons().stream().anyMatch(r -> r.contains(java.time.Instant.ofEpochSecond(rig.now - 30 * 60).toString())),
                t.reasons().toString());
    }

    @Test
    void a_rate_times_time_that_overflows_to_infinity_holds_nothing_else_and_the_next_service_is_decided() throws Exception {
        apiWithOneRatePoint(1, 1e300);
        rig.series("api", "i-a", "time", 1, 1, m -> 1e300); // the same minute: 1e300/s x 1e297 s = Infinity
        rig.group("web", 2, 1, 20, "w-1");
        rig.instance("web", "w-1", 50, 20, 120, 1);
        rig.publish();
        RunReport report = rig.run(rig.config("api", "web"));
        assertEquals(2, report.services().size());
        CapacityDecision.ScaleTo api = assertInstanceOf(CapacityDecision.ScaleTo.class, report.services().get(0).decision());
        assertTrue(api.capacity() <= 3, api.toString());
        assertTrue(api.reasons().stream().anyMatch(r -> r.startsWith("distrusted")), api.reasons().toString());
        assertInstanceOf(CapacityDecision.ScaleTo.class, report.services().get(1).decision());
    }

    @Test
    void a_series_name_with_an_empty_node_holds_that_service_with_a_clear_reason_and_the_next_is_decided() throws Exception {
        apiWithOneRatePoint(1, 10);
        rig.group("web", 2, 1, 20, "w-1");
        rig.instance("web", "w-1", 50, 20, 120, 1);
        rig.publish();
        try (FaultProxy graphite = FaultProxy.start(rig.graphite.baseUri())) {
            graphite.always(new FaultProxy.Fault.Rewrite("an empty node where the instance id was",
                    body -> body.replace(".api.i-b.", ".api..")));
            RunReport report = rig.run(rig.config(graphite.uri(), "api", "web"));
            CapacityDecision.Hold api = assertInstanceOf(CapacityDecision.Hold.class, report.services().get(0).decision());
            assertEquals(CapacityDecision.HoldReason.SOURCE_ERROR, api.code());
            assertTrue(api.detail().contains(".api..rate has no usable instance id at node 3"), api.detail());
            assertInstanceOf(CapacityDecision.ScaleTo.class, report.services().get(1).decision());
            assertEquals(RunReport.INCOMPLETE, report.exitCode());
        }
    }
}
