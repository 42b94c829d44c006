package dev.leptoid.actuation;

import java.time.Instant;
import java.util.Collections;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * An Auto Scaling group as leptoid needs to see it.
 *
 * @param inService instances InService (launched and healthy)
 * @param busy a scaling activity is in progress
 * @param suspendedProcesses suspended Auto Scaling processes that matter to leptoid ({@code Launch}, {@code Terminate})
 * @param cooldownUntil the end of the group's cooldown after its last finished activity ({@link Instant#EPOCH} when none)
 * @param inServiceIds the ids of the instances InService, as the group lists them; null when the group was
 *                     described without its instances (then no decision may remove capacity: nothing shows
 *                     that the data covers every instance)
 * @param listedIds the ids of every instance the group lists, in any lifecycle state (pending, InService,
 *                  terminating, ...); null when unknown. An instance it no longer lists has left the group, so
 *                  the end of its data is final, not late.
 * @param pausedBy the value of the group's {@value #PAUSE_TAG} tag when an operator paused leptoid on it (leptoid
 *                 then changes nothing on the group), null when not paused
 * @param flags what the group says of its instances' health and scale-in protection ({@link Flags#NONE} when unknown)
 */
public record GroupState(String name, int desired, int min, int max, int inService, boolean busy,
                         Set<String> suspendedProcesses, Instant cooldownUntil, SortedSet<String> inServiceIds,
                         SortedSet<String> listedIds, String pausedBy, Flags flags) {

    /**
     * What the group says of its instances beyond their lifecycle state.
     *
     * @param unhealthy InService instances whose HealthStatus is Unhealthy: Auto Scaling is about to replace them
     * @param scaleInProtected instances counted in the desired capacity (InService or Pending, any sub-state) that are
     *                         ProtectedFromScaleIn: a lower desired capacity cannot remove them
     * @param newInstancesProtected the group's NewInstancesProtectedFromScaleIn: every instance it launches is protected
     * @param replacementSuspended the group's ReplaceUnhealthy process is suspended: nothing replaces its Unhealthy instances
     * @param activity the newest scaling activity in progress, one printable line ("MidLifecycleAction: Launching a new EC2
     *                 instance: i-0abc, since T"); null when none is, or when not known
     */
    public record Flags(SortedSet<String> unhealthy, SortedSet<String> scaleInProtected, boolean newInstancesProtected,
                        boolean replacementSuspended, String activity) {
        public static final Flags NONE = new Flags(new TreeSet<>(), new TreeSet<>(), false, false);

        public Flags {
            unhealthy = Collections.unmodifiableSortedSet(new TreeSet<>(unhealthy));
            scaleInProtected = Collections.unmodifiableSortedSet(new TreeSet<>(scaleInProtected));
        }

        /** No activity named. */
        public Flags(SortedSet<String> unhealthy, SortedSet<String> scaleInProtected, boolean newInstancesProtected,
                     boolean replacementSuspended) {
            this(unhealthy, scaleInProtected, newInstancesProtected, replacementSuspended, null);
        }
    }

    public static final String LAUNCH = "Launch", TERMINATE = "Terminate";
    /** A group tag that pauses leptoid on the group, whatever its value (e.g. "INC-1234 alice") unless it is "false". */
    public static final String PAUSE_TAG = "leptoid:pause";

    public GroupState {
        if (flags == null) flags = Flags.NONE;
        suspendedProcesses = Set.copyOf(suspendedProcesses);
        if (cooldownUntil == null) cooldownUntil = Instant.EPOCH;
        if (inServiceIds != null) {
            inServiceIds = Collections.unmodifiableSortedSet(new TreeSet<>(inServiceIds));
            if (inServiceIds.size() != inService)
                throw new IllegalArgumentException("group " + name + ": " + inService + " in service but "
                        + inServiceIds.size() + " instance ids listed");
        }
        if (listedIds != null) {
            listedIds = Collections.unmodifiableSortedSet(new TreeSet<>(listedIds));
            if (inServiceIds == null || !listedIds.containsAll(inServiceIds))
                throw new IllegalArgumentException("group " + name + ": every InService instance must be among the listed ones");
        }
    }

    /** Health and scale-in protection unknown ({@link Flags#NONE}). */
    public GroupState(String name, int desired, int min, int max, int inService, boolean busy,
                      Set<String> suspendedProcesses, Instant cooldownUntil, SortedSet<String> inServiceIds,
                      SortedSet<String> listedIds, String pausedBy) {
        this(name, desired, min, max, inService, busy, suspendedProcesses, cooldownUntil, inServiceIds, listedIds, pausedBy, null);
    }

    /** Not paused. */
    public GroupState(String name, int desired, int min, int max, int inService, boolean busy,
                      Set<String> suspendedProcesses, Instant cooldownUntil, SortedSet<String> inServiceIds,
                      SortedSet<String> listedIds) {
        this(name, desired, min, max, inService, busy, suspendedProcesses, cooldownUntil, inServiceIds, listedIds, null);
    }

    /** A group whose InService instances are {@code inServiceIds} (null: not listed), other instances unknown. */
    public GroupState(String name, int desired, int min, int max, int inService, boolean busy,
                      Set<String> suspendedProcesses, Instant cooldownUntil, SortedSet<String> inServiceIds) {
        this(name, desired, min, max, inService, busy, suspendedProcesses, cooldownUntil, inServiceIds, null);
    }

    /** This group, paused by an operator's {@value #PAUSE_TAG} tag of value {@code by} (null: not paused). */
    public GroupState withPause(String by) {
        return new GroupState(name, desired, min, max, inService, busy, suspendedProcesses, cooldownUntil, inServiceIds, listedIds, by,
                flags);
    }

    /** This group, whose instances' health and scale-in protection are {@code f}. */
    public GroupState withFlags(Flags f) {
        return new GroupState(name, desired, min, max, inService, busy, suspendedProcesses, cooldownUntil, inServiceIds, listedIds,
                pausedBy, f);
    }

    public boolean paused() { return pausedBy != null; }

    /** A group described without its instance list. */
    public GroupState(String name, int desired, int min, int max, int inService, boolean busy,
                      Set<String> suspendedProcesses, Instant cooldownUntil) {
        this(name, desired, min, max, inService, busy, suspendedProcesses, cooldownUntil, null, null);
    }

    /** A group whose InService instances are {@code ids}. */
    public static GroupState listed(String name, int desired, int min, int max, SortedSet<String> ids, boolean busy,
                                    Set<String> suspendedProcesses, Instant cooldownUntil) {
        return new GroupState(name, desired, min, max, ids.size(), busy, suspendedProcesses, cooldownUntil, ids);
    }

    /** A group whose InService instances are {@code ids} and that lists {@code all} instances in any state. */
    public static GroupState listed(String name, int desired, int min, int max, SortedSet<String> ids, SortedSet<String> all,
                                    boolean busy, Set<String> suspendedProcesses, Instant cooldownUntil) {
        return new GroupState(name, desired, min, max, ids.size(), busy, suspendedProcesses, cooldownUntil, ids, all);
    }

    /**
     * Whether desired, min, max or the pause differ from {@code earlier}: someone (a person, another scaler)
     * changed the group since it was described.
     */
    public boolean changedSince(GroupState earlier) {
        return desired != earlier.desired || min != earlier.min || max != earlier.max || paused() != earlier.paused();
    }

    /** A group without cooldown; {@code scalingSuspended} means both Launch and Terminate are suspended. */
    public GroupState(String name, int desired, int min, int max, int inService, boolean busy, boolean scalingSuspended) {
        this(name, desired, min, max, inService, busy, scalingSuspended ? Set.of(LAUNCH, TERMINATE) : Set.of(), Instant.EPOCH);
    }

    /** Launch or Terminate is suspended. */
    public boolean scalingSuspended() { return !suspendedProcesses.isEmpty(); }

    public boolean launchSuspended() { return suspendedProcesses.contains(LAUNCH); }

    public boolean terminateSuspended() { return suspendedProcesses.contains(TERMINATE); }

    public boolean inCooldown(Instant now) { return now.isBefore(cooldownUntil); }
}
