package dev.leptoid.decision;

import dev.leptoid.actuation.GroupState;
import dev.leptoid.decision.CapacityDecision.Hold;
import dev.leptoid.decision.CapacityDecision.HoldReason;
import dev.leptoid.decision.CapacityDecision.ScaleTo;

import java.util.ArrayList;
import java.util.List;

/**
 * What the ordinary states of a group's instances, read with the group, mean for a scale-in (a scale-out is never
 * held here: more capacity is safe in each of them):
 * <ul>
 *   <li>InService instances that are Unhealthy: Auto Scaling is about to replace them, so the group serves with
 *       fewer healthy instances than it counts until the replacements are InService. No scale-in meanwhile
 *       ({@code instances-unhealthy}); their silence is no fault ({@link Coverage} does not wait for their data) unless
 *       the group's ReplaceUnhealthy process is suspended, so that nothing will replace them.</li>
 *   <li>Instances protected from scale-in: a desired capacity below their number removes none of them; the group
 *       stays above it, and loses them all at once, past any scale-in step, when the protection is lifted. A scale-in
 *       stops at their number, or holds when that is no scale-in ({@code scale-in-protected}).</li>
 * </ul>
 * Instances in other lifecycle states (Standby, Pending:Wait, Terminating:Wait, Detaching; warm pool instances are
 * not listed with the group at all) are never read as InService, so never as capacity or as needing data.
 * An instance refresh needs one more call and is checked only before a scale-in ({@link #refreshing}).
 */
public final class GroupStates {

    private GroupStates() {}

    /** {@code decision} unless it scales in past what the group's instance states allow. */
    public static CapacityDecision guard(GroupState group, CapacityDecision decision) {
        if (!(decision instanceof ScaleTo t) || t.capacity() >= t.current()) return decision;
        GroupState.Flags f = group.flags();
        if (!f.unhealthy().isEmpty())
            return new Hold(HoldReason.INSTANCES_UNHEALTHY, f.unhealthy().size() + " of " + group.inService()
                    + " InService instance(s) of " + group.name() + " Unhealthy (" + Coverage.named(f.unhealthy()) + "): "
                    + (f.replacementSuspended() ? "the group's ReplaceUnhealthy process is suspended, so nothing replaces them and"
                            + " the group has fewer healthy instances than it counts until someone does"
                            : "Auto Scaling replaces them, and until the replacements are InService the group has fewer healthy"
                            + " instances than it counts")
                    + ", so no scale-in (would scale in to " + t.capacity() + ")", t.current(), t.basis());
        int kept = f.scaleInProtected().size();
        if (t.capacity() >= kept) return decision;
        String why = kept + " instance(s) of " + group.name() + " protected from scale-in (" + Coverage.named(f.scaleInProtected()) + ")"
                + (f.newInstancesProtected() ? ", and the group protects every instance it launches (NewInstancesProtectedFromScaleIn)" : "")
                + ": a desired capacity below " + kept + " removes none of them, leaves the group above it and removes them"
                + " all at once when the protection is lifted";
        if (kept < t.current()) {
            List<String> reasons = new ArrayList<>(t.reasons());
            reasons.add("scale-in stops at " + kept + ": " + why + " (would scale in to " + t.capacity() + ")");
            return new ScaleTo(kept, t.current(), reasons, t.basis());
        }
        return new Hold(HoldReason.SCALE_IN_PROTECTED, why + " (would scale in to " + t.capacity() + "; the group has "
                + t.current() + ")", t.current(), t.basis());
    }

    /**
     * {@code t} (a scale-in) unless {@code refreshes} (the group's instance refreshes not over) is not empty: a refresh
     * holds the group below its capacity by a batch at a time, so a scale-in now would remove capacity on top of it.
     */
    public static CapacityDecision refreshing(GroupState group, ScaleTo t, List<String> refreshes) {
        if (refreshes.isEmpty() || t.capacity() >= t.current()) return t;
        return new Hold(HoldReason.INSTANCE_REFRESH, String.join(", ", refreshes) + " is replacing the instances of " + group.name()
                + ", a batch at a time below its capacity: no scale-in until it is over (would scale in to " + t.capacity()
                + "); scale-out is not held", t.current(), t.basis());
    }
}
