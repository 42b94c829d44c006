package dev.leptoid.decision;

import dev.leptoid.actuation.GroupState;
import dev.leptoid.decision.CapacityDecision.Hold;
import dev.leptoid.decision.CapacityDecision.HoldReason;
import dev.leptoid.decision.CapacityDecision.ScaleTo;
import dev.leptoid.model.InstanceView;
import dev.leptoid.model.ServiceView;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Whether a service's data covers every instance its group says is InService. The group's own
 * instance list is the truth about which instances exist: an InService instance without fresh
 * data has unknown load, never zero, even when the reader saw its series stop and counted it as
 * terminated. The load leptoid sees is then a lower bound of the real one, so:
 * <ul>
 *   <li>a scale-out that the seen load already needs is kept (the real load needs at least that),
 *       and so is keeping the capacity as it is; both say which instances were not seen;</li>
 *   <li>a scale-in becomes {@code Hold instances-without-data} naming them.</li>
 * </ul>
 * Keeping is not turned into a hold: right after a scale-out, new instances are InService a
 * minute or two before their first points arrive, and that is no fault to alarm on.
 * Without an instance list (a group described without it) nothing shows the data covers the
 * group, and the same rule applies to every instance. InService instances the group marks Unhealthy are not
 * waited for: Auto Scaling is replacing them, and {@link GroupStates} holds every scale-in until it has (unless the
 * group's ReplaceUnhealthy process is suspended: nothing replaces them then, and they are waited for as any other).
 *
 * @param unseen InService instances without a data point in the last {@code maxStaleness}, or left out of the
 *               newest sums by the reader (stopped: its data ends well before the others')
 * @param inService how many instances the group lists InService (-1 when it does not list them)
 * @param why for the first unseen instances that have data: why they count as unseen (empty when none)
 */
public record Coverage(SortedSet<String> unseen, int inService, List<String> why) {

    /** At most this many ids are named in a reason; the count is always given. */
    static final int NAMED = 5;

    public Coverage {
        unseen = new TreeSet<>(unseen);
        why = List.copyOf(why);
    }

    public Coverage(SortedSet<String> unseen, int inService) { this(unseen, inService, List.of()); }

    /**
     * @param maxStaleness an instance whose newest utilization point ends longer ago than this has no fresh data
     *                     (an Unhealthy one is never counted as unseen: {@link GroupStates})
     */
    public static Coverage of(ServiceView view, GroupState group, Instant now, Duration maxStaleness) {
        if (group.inServiceIds() == null) return new Coverage(new TreeSet<>(), -1);
        SortedSet<String> unseen = new TreeSet<>(group.inServiceIds());
        // an Unhealthy instance is being replaced (usually silent): GroupStates holds every scale-in while there is one.
        // Not when the group's ReplaceUnhealthy is suspended: then it stays, and its silence is the fault it always was
        if (!group.flags().replacementSuspended()) unseen.removeAll(group.flags().unhealthy());
        // one the reader left out of the newest sums (its data ends more steps before the others' than a late reporter's)
        // is not covered either, however fresh: an agent clock a few minutes behind looks like that every run
        long newest = -1;
        for (InstanceView i : view.details()) newest = Math.max(newest, i.lastTime());
        for (InstanceView i : view.details()) {
            long age = i.ageSeconds(now.getEpochSecond());
            if (age >= 0 && age <= maxStaleness.toSeconds() && i.status() != InstanceView.Status.STOPPED) unseen.remove(i.id());
        }
        List<String> why = new ArrayList<>();
        for (String id : unseen) {
            if (why.size() == NAMED) break;
            for (InstanceView i : view.details()) {
                if (i.id().equals(id) && i.lastTime() >= 0 && newest > i.lastTime())
                    why.add(id + "'s newest point is " + minutes(newest - i.lastTime()) + " older than the service's newest"
                            + " (its agent stopped, a relay is late, or its clock runs that far behind)");
                else if (!i.id().equals(id) && i.id().equalsIgnoreCase(id))
                    why.add(id + " reports as " + i.id() + " (instance ids are compared exactly: the metric's instance node"
                            + " must be the id as the group lists it)");
            }
        }
        return new Coverage(unseen, group.inService(), why);
    }

    private static String minutes(long seconds) {
        return seconds % 60 == 0 ? seconds / 60 + " min" : seconds + " s";
    }

    /** Every InService instance has fresh data. */
    public boolean complete() { return inService >= 0 && unseen.isEmpty(); }

    /** {@code decision} when the data covers the group or nothing is removed (with a reason naming the unseen); else a hold. */
    public CapacityDecision guard(CapacityDecision decision) {
        if (complete() || decision instanceof Hold) return decision;
        ScaleTo t = (ScaleTo) decision;
        if (t.capacity() >= t.current()) {
            List<String> reasons = new ArrayList<>(t.reasons());
            reasons.add(describe() + ": the seen load is a lower bound" + (t.capacity() > t.current()
                    ? ", and it alone needs this scale-out" : "; no scale-in until they report"));
            return new ScaleTo(t.capacity(), t.current(), reasons, t.basis());
        }
        return new Hold(HoldReason.INSTANCES_WITHOUT_DATA, describe() + ": their load is unknown, so no scale-in (would scale in to "
                + t.capacity() + ")", t.current(), t.basis());
    }

    /** One line: how many InService instances have no fresh data, and which. */
    public String describe() {
        if (inService < 0) return "the group was described without its instance list: coverage of its instances unknown";
        return unseen.size() + " of " + inService + " InService instance(s) without fresh data (" + named(unseen) + ")"
                + (why.isEmpty() ? "" : "; " + String.join("; ", why));
    }

    /** {@code ids} for a reason line: at most {@link #NAMED} of them, then "...". */
    static String named(Collection<String> ids) {
        List<String> named = new ArrayList<>();
        for (String id : ids) {
            if (named.size() == NAMED) { named.add("..."); break; }
            named.add(id);
        }
        return String.join(", ", named);
    }
}
