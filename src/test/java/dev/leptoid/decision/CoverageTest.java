package dev.leptoid.decision;

import dev.leptoid.actuation.GroupState;
import dev.leptoid.decision.CapacityDecision.Basis;
import dev.leptoid.decision.CapacityDecision.Hold;
import dev.leptoid.decision.CapacityDecision.HoldReason;
import dev.leptoid.decision.CapacityDecision.ScaleTo;
import dev.leptoid.model.InstanceView;
import dev.leptoid.model.ServiceView;
import dev.leptoid.source.Series;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CoverageTest {

    static final Instant NOW = Instant.ofEpochSecond(1_800_000_000L);
    static final Duration STALE = Duration.ofMinutes(10);

    /** Instances whose newest point is the given minutes before now (one-minute steps). */
    private static ServiceView seen(Map<String, Integer> minutesAgo) {
        List<InstanceView> details = new ArrayList<>();
        minutesAgo.forEach((id, m) -> {
            long last = NOW.getEpochSecond() - 60L * (m + 1);
            details.add(new InstanceView(id, new Series(id, last, 60, new double[] {0.5}), 1, 0, 0, last, last, 0.5,
                    InstanceView.Status.REPORTING));
        });
        return new ServiceView(Map.of(), new Series("load", NOW.getEpochSecond() - 60, 60, new double[] {1}), null, details, List.of());
    }

    private static GroupState group(String... ids) {
        return GroupState.listed("asg", 6, 1, 20, new TreeSet<>(Set.of(ids)), false, Set.of(), null);
    }

    private static ScaleTo scaleTo(int capacity) { return new ScaleTo(capacity, 6, List.of("forecast"), Basis.NONE); }

    @Test
    void data_for_every_in_service_instance_leaves_any_decision_alone() {
        Coverage c = Coverage.of(seen(Map.of("i-a", 0, "i-b", 10)), group("i-a", "i-b"), NOW, STALE);
        assertTrue(c.complete());
        ScaleTo in = scaleTo(4);
        assertSame(in, c.guard(in));
    }

    @Test
    void an_instance_whose_data_is_older_than_the_staleness_limit_blocks_scale_in_and_is_named() {
        Coverage c = Coverage.of(seen(Map.of("i-a", 0, "i-b", 11)), group("i-a", "i-b"), NOW, STALE);
        Hold h = assertInstanceOf(Hold.class, c.guard(scaleTo(4)));
        assertEquals(HoldReason.INSTANCES_WITHOUT_DATA, h.code());
        assertEquals("1 of 2 InService instance(s) without fresh data (i-b); i-b's newest point is 11 min older than the"
                + " service's newest (its agent stopped, a relay is late, or its clock runs that far behind): their load is"
                + " unknown, so no scale-in (would scale in to 4)", h.detail());
    }

    @Test
    void an_instance_the_reader_left_out_of_the_newest_sums_is_unseen_however_fresh_its_last_point() {
        // 7 minutes behind the others (an agent clock behind): within the staleness limit, yet not in the newest sums
        List<InstanceView> details = new ArrayList<>(seen(Map.of("i-a", 0)).details());
        long last = NOW.getEpochSecond() - 60L * 8;
        details.add(new InstanceView("i-b", new Series("i-b", last, 60, new double[] {0.5}), 1, 0, 0, last, last, 0.5,
                InstanceView.Status.STOPPED));
        ServiceView view = new ServiceView(Map.of(), new Series("load", NOW.getEpochSecond() - 60, 60, new double[] {1}), null,
                details, List.of());
        Coverage c = Coverage.of(view, group("i-a", "i-b"), NOW, STALE);
        assertEquals(new TreeSet<>(Set.of("i-b")), c.unseen());
        assertTrue(c.describe().endsWith("(i-b); i-b's newest point is 7 min older than the service's newest (its agent"
                + " stopped, a relay is late, or its clock runs that far behind)"), c.describe());
        assertInstanceOf(Hold.class, c.guard(scaleTo(4)));
    }

    @Test
    void an_instance_whose_series_carry_its_id_in_other_case_is_unseen_and_the_reason_says_so() {
        Coverage c = Coverage.of(seen(Map.of("i-a", 0, "I-B", 0)), group("i-a", "i-b"), NOW, STALE);
        assertEquals(new TreeSet<>(Set.of("i-b")), c.unseen());
        assertEquals("1 of 2 InService instance(s) without fresh data (i-b); i-b reports as I-B (instance ids are compared"
                + " exactly: the metric's instance node must be the id as the group lists it)", c.describe());
    }

    @Test
    void keeping_the_capacity_stays_a_decision_that_names_the_unseen_instances() {
        Coverage c = Coverage.of(seen(Map.of("i-a", 0)), group("i-a", "i-b"), NOW, STALE);
        ScaleTo keep = assertInstanceOf(ScaleTo.class, c.guard(scaleTo(6)));
        assertEquals(6, keep.capacity());
        assertEquals("1 of 2 InService instance(s) without fresh data (i-b): the seen load is a lower bound; no scale-in"
                + " until they report", keep.reasons().get(1));
    }

    @Test
    void a_scale_out_the_seen_load_needs_is_kept_with_its_reason() {
        Coverage c = Coverage.of(seen(Map.of("i-a", 0)), group("i-a", "i-b", "i-c"), NOW, STALE);
        ScaleTo out = assertInstanceOf(ScaleTo.class, c.guard(scaleTo(9)));
        assertEquals(9, out.capacity());
        assertTrue(out.reasons().get(1).startsWith("2 of 3 InService instance(s) without fresh data (i-b, i-c)"), out.reasons().toString());
    }

    @Test
    void instances_with_data_that_the_group_does_not_list_do_not_count_for_the_ones_it_does() {
        Coverage c = Coverage.of(seen(Map.of("host-1", 0, "host-2", 0)), group("i-a", "i-b"), NOW, STALE);
        assertEquals(new TreeSet<>(Set.of("i-a", "i-b")), c.unseen());
    }

    @Test
    void a_silent_instance_the_group_marks_unhealthy_is_not_waited_for() {
        GroupState g = group("i-a", "i-b").withFlags(new GroupState.Flags(new TreeSet<>(Set.of("i-b")), new TreeSet<>(), false, false));
        assertTrue(Coverage.of(seen(Map.of("i-a", 0)), g, NOW, STALE).complete()); // GroupStates holds the scale-in instead
        assertEquals(new TreeSet<>(Set.of("i-b")), Coverage.of(seen(Map.of("i-a", 0)), group("i-a", "i-b"), NOW, STALE).unseen());
        // with the group's ReplaceUnhealthy suspended nothing replaces it: it is waited for as any other
        GroupState stays = group("i-a", "i-b").withFlags(new GroupState.Flags(new TreeSet<>(Set.of("i-b")), new TreeSet<>(), false, true));
        assertEquals(new TreeSet<>(Set.of("i-b")), Coverage.of(seen(Map.of("i-a", 0)), stays, NOW, STALE).unseen());
    }

    @Test
    void a_group_described_without_its_instances_never_scales_in() {
        GroupState unlisted = new GroupState("asg", 6, 1, 20, 2, false, Set.of(), null);
        Coverage c = Coverage.of(seen(Map.of("i-a", 0)), unlisted, NOW, STALE);
        Hold h = assertInstanceOf(Hold.class, c.guard(scaleTo(4)));
        assertTrue(h.detail().startsWith("the group was described without its instance list"), h.detail());
    }

    @Test
    void more_than_five_unseen_instances_are_counted_and_the_first_five_named() {
        Coverage c = Coverage.of(seen(Map.of()), group("i-1", "i-2", "i-3", "i-4", "i-5", "i-6", "i-7"), NOW, STALE);
        assertEquals("7 of 7 InService instance(s) without fresh data (i-1, i-2, i-3, i-4, i-5, ...)", c.describe());
    }
}
