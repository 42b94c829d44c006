package dev.leptoid.actuation;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimulatedAutoScalingTest {

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        Instant now = Instant.ofEpochSecond(1_800_000_000L);
        void advance(Duration d) { now = now.plus(d); }
        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }

    private final ManualClock clock = new ManualClock();

    @Test
    void new_instances_serve_after_launch_delay_plus_warm_up() throws Exception {
        SimulatedAutoScaling asg = new SimulatedAutoScaling(clock, Duration.ofSeconds(90), Duration.ofSeconds(120));
        asg.addGroup("api", 2, 1, 10);
        asg.setDesiredCapacity("api", 5);
        assertEquals(5, asg.describe("api").desired());
        assertEquals(2, asg.describe("api").inService());
        clock.advance(Duration.ofSeconds(209));
        assertEquals(2, asg.describe("api").inService());
        clock.advance(Duration.ofSeconds(1));
        assertEquals(5, asg.describe("api").inService());
    }

    @Test
    void reports_launching_as_an_activity_in_progress_when_asked_to() throws Exception {
        SimulatedAutoScaling asg = new SimulatedAutoScaling(clock, Duration.ofSeconds(90), Duration.ZERO, Duration.ZERO, true);
        asg.addGroup("api", 2, 1, 10);
        assertFalse(asg.describe("api").busy());
        asg.setDesiredCapacity("api", 3);
        assertTrue(asg.describe("api").busy());
        clock.advance(Duration.ofSeconds(90));
        assertFalse(asg.describe("api").busy());
    }

    @Test
    void refuses_a_desired_capacity_outside_min_and_max_like_aws() throws Exception {
        SimulatedAutoScaling asg = new SimulatedAutoScaling(clock, Duration.ZERO, Duration.ZERO);
        asg.addGroup("api", 2, 1, 4);
        ActuationException e = assertThrows(ActuationException.class, () -> asg.setDesiredCapacity("api", 5));
        assertEquals(ActuationException.Kind.INVALID, e.kind());
        assertEquals(2, asg.describe("api").desired());
        assertEquals(0, asg.actions("api"));
    }

    @Test
    void scale_in_leaves_service_at_once_and_is_billed_until_termination_completes() throws Exception {
        SimulatedAutoScaling asg = new SimulatedAutoScaling(clock, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(60), false);
        asg.addGroup("api", 4, 1, 10);
        clock.advance(Duration.ofSeconds(100));
        asg.setDesiredCapacity("api", 1);
        assertEquals(1, asg.describe("api").inService());
        assertEquals(400, asg.instanceSeconds("api"));
        clock.advance(Duration.ofSeconds(100));
        assertEquals(400 + 3 * 60 + 100, asg.instanceSeconds("api"));
        assertEquals(List.of(new SimulatedAutoScaling.Change(clock.instant().minusSeconds(100), 4, 1)), asg.history("api"));
    }

    @Test
    void setting_the_same_capacity_twice_changes_nothing() throws Exception {
        SimulatedAutoScaling asg = new SimulatedAutoScaling(clock, Duration.ofSeconds(30), Duration.ZERO);
        asg.addGroup("api", 2, 1, 10);
        asg.setDesiredCapacity("api", 4);
        asg.setDesiredCapacity("api", 4);
        assertEquals(4, asg.describe("api").desired());
        assertEquals(2, asg.actions("api"));
        assertEquals(1, asg.history("api").size());
        clock.advance(Duration.ofSeconds(30));
        assertEquals(4, asg.describe("api").inService());
    }

    @Test
    void a_suspended_process_records_the_capacity_but_does_not_act_until_resumed() throws Exception {
        SimulatedAutoScaling asg = new SimulatedAutoScaling(clock, Duration.ZERO, Duration.ZERO);
        asg.addGroup("api", 4, 1, 10);
        asg.suspend("api", GroupState.TERMINATE);
        assertEquals(Set.of("Terminate"), asg.describe("api").suspendedProcesses());
        asg.setDesiredCapacity("api", 2);
        assertEquals(4, asg.describe("api").inService());
        asg.suspend("api");
        assertEquals(2, asg.describe("api").inService());
    }

    @Test
    void the_cooldown_runs_from_the_end_of_the_last_activity() throws Exception {
        SimulatedAutoScaling asg = new SimulatedAutoScaling(clock, Duration.ofSeconds(60), Duration.ofSeconds(60));
        asg.addGroup("api", 2, 1, 10);
        asg.setCooldown("api", Duration.ofSeconds(300));
        assertFalse(asg.describe("api").inCooldown(clock.instant()));
        asg.setDesiredCapacity("api", 3);
        assertEquals(clock.instant().plusSeconds(360), asg.describe("api").cooldownUntil());
    }

    @Test
    void finds_a_group_by_its_leptoid_tags() throws Exception {
        SimulatedAutoScaling asg = new SimulatedAutoScaling(clock, Duration.ZERO, Duration.ZERO);
        asg.addGroup("prod-api-1", 2, 1, 10, "prod", "api");
        asg.addGroup("prod-web-1", 2, 1, 10, "prod", "web");
        assertEquals("prod-api-1", asg.find("prod", "api").name());
        ActuationException e = assertThrows(ActuationException.class, () -> asg.find("staging", "api"));
        assertEquals("no Auto Scaling group tagged leptoid:environment=staging, leptoid:service=api", e.getMessage());
    }

    @Test
    void billed_instances_are_the_launched_ones_and_those_still_draining() throws Exception {
        SimulatedAutoScaling asg = new SimulatedAutoScaling(clock, Duration.ofSeconds(60), Duration.ZERO, Duration.ofSeconds(300), false);
        asg.addGroup("api", 4, 0, 10);
        asg.setDesiredCapacity("api", 6); // 2 launching: billed from now
        assertEquals(6, asg.billed("api"));
        asg.setDesiredCapacity("api", 1); // 5 terminated, draining 300 s
        assertEquals(1, asg.describe("api").inService());
        assertEquals(6, asg.billed("api"));
        clock.advance(Duration.ofSeconds(299));
        assertEquals(6, asg.billed("api"));
        clock.advance(Duration.ofSeconds(1));
        assertEquals(1, asg.billed("api"));
    }

    @Test
    void instances_whose_billing_ended_are_dropped_and_their_cost_kept() throws Exception {
        SimulatedAutoScaling asg = new SimulatedAutoScaling(clock, Duration.ofSeconds(60), Duration.ZERO, Duration.ofSeconds(100), false);
        asg.addGroup("api", 1, 0, 1000);
        long expected = 0;
        for (int cycle = 0; cycle < 50; cycle++) { // 50 bursts of 999 instances for 10 minutes each
            asg.setDesiredCapacity("api", 1000);
            clock.advance(Duration.ofMinutes(10));
            asg.setDesiredCapacity("api", 1);
            clock.advance(Duration.ofMinutes(10));
            asg.describe("api");
            expected += 999L * (600 + 100) + 1200;
        }
        assertEquals(expected, asg.instanceSeconds("api"));
        assertEquals(1, asg.billed("api"));
        assertEquals(1, asg.describe("api").inService());
    }

    @Test
    void slot_ids_are_five_digits_zero_padded_and_longer_past_99999() {
        for (int k : new int[] {0, 7, 42, 999, 12_345, 99_999, 100_000, 1_234_567})
            assertEquals(String.format(Locale.ROOT, "i-%05d", k), SimulatedAutoScaling.slotId(k));
        assertThrows(IllegalArgumentException.class, () -> SimulatedAutoScaling.slotId(-1));
    }
}
