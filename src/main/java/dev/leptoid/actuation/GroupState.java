package dev.leptoid.actuation;

import java.time.Instant;
import java.util.Set;

/**
 * An Auto Scaling group as leptoid needs to see it.
 *
 * @param inService instances InService (launched and healthy)
 * @param busy a scaling activity is in progress
 * @param suspendedProcesses suspended Auto Scaling processes that matter to leptoid ({@code Launch}, {@code Terminate})
 * @param cooldownUntil the end of the group's cooldown after its last finished activity ({@link Instant#EPOCH} when none)
 */
public record GroupState(String name, int desired, int min, int max, int inService, boolean busy,
                         Set<String> suspendedProcesses, Instant cooldownUntil) {

    public static final String LAUNCH = "Launch", TERMINATE = "Terminate";

    public GroupState {
        suspendedProcesses = Set.copyOf(suspendedProcesses);
        if (cooldownUntil == null) cooldownUntil = Instant.EPOCH;
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
