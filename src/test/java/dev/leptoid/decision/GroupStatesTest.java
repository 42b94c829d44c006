package dev.leptoid.decision;

import dev.leptoid.actuation.GroupState;
import dev.leptoid.decision.CapacityDecision.Basis;
import dev.leptoid.decision.CapacityDecision.Hold;
import dev.leptoid.decision.CapacityDecision.HoldReason;
import dev.leptoid.decision.CapacityDecision.ScaleTo;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GroupStatesTest {

    private static final Set<String> SIX = Set.of("i-1", "i-2", "i-3", "i-4", "i-5", "i-6");

    private static GroupState group(Set<String> unhealthy, Set<String> protectedIds, boolean newProtected) {
        return group(unhealthy, protectedIds, newProtected, false);
    }

    private static GroupState group(Set<String> unhealthy, Set<String> protectedIds, boolean newProtected, boolean replacementSuspended) {
        return GroupState.listed("asg", 6, 1, 20, new TreeSet<>(SIX), false, Set.of(), null)
                .withFlags(new GroupState.Flags(new TreeSet<>(unhealthy), new TreeSet<>(protectedIds), newProtected, replacementSuspended));
    }

    private static ScaleTo to(int capacity) { return new ScaleTo(capacity, 6, List.of("forecast"), Basis.NONE); }

    @Test
    void a_group_without_unhealthy_or_protected_instances_leaves_every_decision_alone() {
        GroupState g = group(Set.of(), Set.of(), false);
        for (CapacityDecision d : List.of(to(2), to(6), to(9), new Hold(HoldReason.COOLDOWN, "x", 6, Basis.NONE)))
            assertSame(d, GroupStates.guard(g, d));
    }

    @Test
    void an_unhealthy_instance_holds_a_scale_in_but_not_a_scale_out_or_keeping() {
        GroupState g = group(Set.of("i-4"), Set.of(), false);
        Hold h = assertInstanceOf(Hold.class, GroupStates.guard(g, to(4)));
        assertEquals(HoldReason.INSTANCES_UNHEALTHY, h.code());
        assertTrue(h.detail().startsWith("1 of 6 InService instance(s) of asg Unhealthy (i-4): Auto Scaling replaces them"), h.detail());
        assertTrue(h.detail().endsWith("(would scale in to 4)"), h.detail());
        Hold stays = assertInstanceOf(Hold.class, GroupStates.guard(group(Set.of("i-4"), Set.of(), false, true), to(4)));
        assertEquals(HoldReason.INSTANCES_UNHEALTHY, stays.code());
        assertTrue(stays.detail().contains("the group's ReplaceUnhealthy process is suspended, so nothing replaces them"), stays.detail());
        assertEquals(6, h.current());
        ScaleTo out = to(9), keep = to(6);
        assertSame(out, GroupStates.guard(g, out));
        assertSame(keep, GroupStates.guard(g, keep));
    }

    @Test
    void a_scale_in_stops_at_the_instances_protected_from_it_and_holds_when_that_removes_nothing() {
        ScaleTo in = to(2);
        ScaleTo stopped = assertInstanceOf(ScaleTo.class, GroupStates.guard(group(Set.of(), Set.of("i-1", "i-2", "i-3"), false), in));
        assertEquals(3, stopped.capacity());
        assertEquals(6, stopped.current());
        assertTrue(stopped.reasons().getLast().startsWith("scale-in stops at 3: 3 instance(s) of asg protected from scale-in"
                + " (i-1, i-2, i-3): a desired capacity below 3"), stopped.reasons().toString());
        ScaleTo above = to(4); // no lower than the protected ones: untouched
        assertSame(above, GroupStates.guard(group(Set.of(), Set.of("i-1", "i-2", "i-3"), false), above));
        Hold h = assertInstanceOf(Hold.class, GroupStates.guard(group(Set.of(), SIX, true), in));
        assertEquals(HoldReason.SCALE_IN_PROTECTED, h.code());
        assertTrue(h.detail().contains("(i-1, i-2, i-3, i-4, i-5, ...), and the group protects every instance it launches"), h.detail());
        assertTrue(h.detail().endsWith("(would scale in to 2; the group has 6)"), h.detail());
    }

    @Test
    void an_instance_refresh_not_over_holds_a_scale_in_and_none_holds_nothing() {
        GroupState g = group(Set.of(), Set.of(), false);
        Hold h = assertInstanceOf(Hold.class, GroupStates.refreshing(g, to(4), List.of("instance refresh 'r-1' (InProgress)")));
        assertEquals(HoldReason.INSTANCE_REFRESH, h.code());
        assertTrue(h.detail().startsWith("instance refresh 'r-1' (InProgress) is replacing the instances of asg"), h.detail());
        ScaleTo in = to(4), out = to(8);
        assertSame(in, GroupStates.refreshing(g, in, List.of()));
        assertSame(out, GroupStates.refreshing(g, out, List.of("instance refresh 'r-1' (InProgress)")));
    }

    @Test
    void holds_of_the_group_s_own_states_are_not_faults() {
        for (HoldReason r : List.of(HoldReason.INSTANCES_UNHEALTHY, HoldReason.SCALE_IN_PROTECTED, HoldReason.INSTANCE_REFRESH))
            assertTrue(!r.fault(), r.code());
        assertEquals("scale-in-protected", HoldReason.SCALE_IN_PROTECTED.code());
    }
}
