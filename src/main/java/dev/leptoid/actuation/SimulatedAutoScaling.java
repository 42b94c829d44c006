package dev.leptoid.actuation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * In-memory Auto Scaling groups for the demo, backtests and tests, behind the same interface as
 * the real one. Time comes from the injected clock.
 * <ul>
 *   <li>When the desired capacity rises, each new instance launches at once and is in service
 *       {@code launchDelay + warmUp} later; while any instance is still launching (the first
 *       {@code launchDelay}) the group reports a scaling activity in progress (busy), when
 *       {@link #reportActivities} is on.</li>
 *   <li>When it falls, instances leave service at once (newest launches first) and are billed
 *       until {@code terminationDelay} later.</li>
 *   <li>Desired capacity outside [min, max] is refused like AWS does (ValidationError).</li>
 *   <li>The group's cooldown ({@link #setCooldown}) runs from the end of its last activity.</li>
 *   <li>Processes can be suspended ({@link #suspend}); like AWS, a set desired capacity is then
 *       recorded but no instance is launched (Launch) or terminated (Terminate).</li>
 * </ul>
 */
public final class SimulatedAutoScaling implements CapacityActuator {

    /** One change of desired capacity. */
    public record Change(Instant at, int from, int to) {}

    private final Clock clock;
    private final Duration launchDelay;
    private final Duration warmUp;
    private final Duration terminationDelay;
    private final boolean reportActivities;
    private final Map<String, Group> groups = new LinkedHashMap<>();

    /** Instant termination, activities not reported (busy is always false). */
    public SimulatedAutoScaling(Clock clock, Duration launchDelay, Duration warmUp) {
        this(clock, launchDelay, warmUp, Duration.ZERO, false);
    }

    public SimulatedAutoScaling(Clock clock, Duration launchDelay, Duration warmUp, Duration terminationDelay,
                                boolean reportActivities) {
        if (launchDelay.isNegative() || warmUp.isNegative() || terminationDelay.isNegative())
            throw new IllegalArgumentException("simulated delays must not be negative");
        this.clock = clock;
        this.launchDelay = launchDelay;
        this.warmUp = warmUp;
        this.terminationDelay = terminationDelay;
        this.reportActivities = reportActivities;
    }

    /** Adds a group whose {@code desired} instances are already in service. */
    public void addGroup(String name, int desired, int min, int max) {
        if (min < 0 || max < min || desired < min || desired > max)
            throw new IllegalArgumentException("group " + name + ": need 0 <= min <= desired <= max, got min=" + min
                    + " desired=" + desired + " max=" + max);
        Group g = new Group(min, max);
        long now = now();
        for (int i = 0; i < desired; i++) g.instances.add(new Instance(now, now, now));
        g.desired = desired;
        groups.put(name, g);
    }

    /** Adds a group tagged {@code leptoid:environment} and {@code leptoid:service}, found by {@link #find}. */
    public void addGroup(String name, int desired, int min, int max, String environment, String service) {
        addGroup(name, desired, min, max);
        groups.get(name).tags = Map.of(ENVIRONMENT_TAG, environment, SERVICE_TAG, service);
    }

    public void setCooldown(String name, Duration cooldown) throws ActuationException { group(name).cooldown = cooldown; }

    /** Suspends processes ({@code Launch}, {@code Terminate}); {@code resume} with none clears them. */
    public void suspend(String name, String... processes) throws ActuationException {
        Group g = group(name);
        g.suspended.clear();
        g.suspended.addAll(List.of(processes));
        reconcile(g);
    }

    @Override
    public GroupState describe(String name) throws ActuationException {
        return state(name, group(name));
    }

    @Override
    public GroupState find(String environment, String service) throws ActuationException {
        List<String> found = new ArrayList<>();
        for (Map.Entry<String, Group> e : groups.entrySet())
            if (environment.equals(e.getValue().tags.get(ENVIRONMENT_TAG)) && service.equals(e.getValue().tags.get(SERVICE_TAG)))
                found.add(e.getKey());
        String tags = ENVIRONMENT_TAG + "=" + environment + ", " + SERVICE_TAG + "=" + service;
        if (found.isEmpty()) throw new ActuationException(ActuationException.Kind.NOT_FOUND, "no Auto Scaling group tagged " + tags, null);
        if (found.size() > 1)
            throw new ActuationException(ActuationException.Kind.NOT_FOUND, found.size() + " Auto Scaling groups tagged " + tags
                    + " (" + String.join(", ", new TreeSet<>(found)) + "): tag exactly one", null);
        return describe(found.get(0));
    }

    @Override
    public void setDesiredCapacity(String name, int desired) throws ActuationException {
        Group g = group(name);
        if (desired < g.min || desired > g.max)
            throw new ActuationException(ActuationException.Kind.INVALID, "set " + name + " to " + desired
                    + ": ValidationError (desired " + desired + " outside [" + g.min + ", " + g.max + "])", null);
        if (desired != g.desired) g.history.add(new Change(clock.instant(), g.desired, desired));
        g.desired = desired;
        g.actions++;
        reconcile(g);
    }

    /** How many times the desired capacity was set on {@code name}. */
    public int actions(String name) throws ActuationException { return group(name).actions; }

    /** Every change of desired capacity on {@code name}, oldest first. */
    public List<Change> history(String name) throws ActuationException { return List.copyOf(group(name).history); }

    /** Instance-seconds used by {@code name} so far (launch to termination plus the termination delay): the cost. */
    public long instanceSeconds(String name) throws ActuationException {
        Group g = group(name);
        long now = now(), total = g.settled;
        for (Instance i : g.instances) total += Math.max(0, Math.min(now, i.billedUntil()) - i.launchedAt);
        return total;
    }

    /**
     * Instances of {@code name} billed now: launched and not yet terminated, or terminated less than the
     * termination delay ago (e.g. draining from a load balancer).
     */
    public int billed(String name) throws ActuationException {
        Group g = group(name);
        long now = now();
        int n = 0;
        for (Instance i : g.instances) if (i.launchedAt <= now && i.billedUntil() > now) n++;
        return n;
    }

    private GroupState state(String name, Group g) {
        long now = now();
        settle(g, now);
        SortedSet<String> inService = new TreeSet<>(), listed = new TreeSet<>();
        boolean launching = false;
        for (Instance i : g.instances) {
            if (!i.alive()) continue;
            if (i.readyAt <= now) inService.add(slotId(inService.size()));
            if (i.launchedBy > now) launching = true;
        }
        // the alive instances take the slots from the first: the InService ones, then those still launching
        for (Instance i : g.instances) if (i.alive()) listed.add(slotId(listed.size()));
        Instant cooldownUntil = g.lastActivityEnd < 0 || g.cooldown.isZero() ? Instant.EPOCH
                : Instant.ofEpochSecond(g.lastActivityEnd).plus(g.cooldown);
        return GroupState.listed(name, g.desired, g.min, g.max, inService, listed, reportActivities && launching, g.suspended,
                cooldownUntil);
    }

    /** Launches or terminates instances towards the desired capacity, unless the process is suspended. */
    private void reconcile(Group g) {
        long now = now();
        List<Instance> alive = new ArrayList<>();
        for (Instance i : g.instances) if (i.alive()) alive.add(i);
        if (alive.size() < g.desired && !g.suspended.contains(GroupState.LAUNCH)) {
            for (int n = alive.size(); n < g.desired; n++)
                g.instances.add(new Instance(now, now + launchDelay.toSeconds(), now + launchDelay.toSeconds() + warmUp.toSeconds()));
            g.lastActivityEnd = now + launchDelay.toSeconds();
        }
        if (alive.size() > g.desired && !g.suspended.contains(GroupState.TERMINATE)) {
            for (int n = alive.size() - 1; n >= g.desired; n--) {
                Instance i = alive.get(n);
                i.terminatedAt = now;
                i.billedTo = now + terminationDelay.toSeconds();
                g.nextSettle = Math.min(g.nextSettle, i.billedTo);
            }
            g.lastActivityEnd = now + terminationDelay.toSeconds();
        }
    }

    /**
     * Moves the billed time of instances whose billing has ended into the group's settled total and drops
     * them, so each minute of a replay walks the instances alive or draining, not every one ever launched.
     */
    private static void settle(Group g, long now) {
        if (g.instances.isEmpty() || g.nextSettle > now) return;
        long next = Long.MAX_VALUE;
        List<Instance> kept = new ArrayList<>(g.instances.size());
        for (Instance i : g.instances) {
            if (i.billedUntil() <= now) g.settled += Math.max(0, i.billedUntil() - i.launchedAt);
            else {
                kept.add(i);
                next = Math.min(next, i.billedUntil());
            }
        }
        g.instances.clear();
        g.instances.addAll(kept);
        g.nextSettle = next;
    }

    private long now() { return clock.instant().getEpochSecond(); }

    /**
     * The id of the {@code k}-th instance in service ({@code i-00000}, {@code i-00001}, ...). In-service
     * instances are slots of a pool, as a replay writes their traffic: the first n serve it.
     */
    public static String slotId(int k) {
        if (k < 0) throw new IllegalArgumentException("slot must not be negative, got " + k);
        String digits = Integer.toString(k); // as "i-%05d", without a format parse per instance and minute
        return digits.length() >= 5 ? "i-" + digits : "i-" + "00000".substring(digits.length()) + digits;
    }

    private Group group(String name) throws ActuationException {
        Group g = groups.get(name);
        if (g == null) throw new ActuationException(ActuationException.Kind.NOT_FOUND, "Auto Scaling group '" + name + "' not found", null);
        return g;
    }

    private static final class Instance {
        final long launchedAt, launchedBy, readyAt;
        long terminatedAt = Long.MAX_VALUE, billedTo = Long.MAX_VALUE;
        Instance(long launchedAt, long launchedBy, long readyAt) {
            this.launchedAt = launchedAt;
            this.launchedBy = launchedBy;
            this.readyAt = readyAt;
        }
        boolean alive() { return terminatedAt == Long.MAX_VALUE; }
        long billedUntil() { return billedTo; }
    }

    private static final class Group {
        final int min, max;
        final List<Instance> instances = new ArrayList<>();
        final List<Change> history = new ArrayList<>();
        final Set<String> suspended = new TreeSet<>();
        Map<String, String> tags = Map.of();
        Duration cooldown = Duration.ZERO;
        long lastActivityEnd = -1;
        /** Billed seconds of the instances dropped from {@link #instances}; the earliest time one may be dropped. */
        long settled, nextSettle = Long.MAX_VALUE;
        int desired, actions;
        Group(int min, int max) { this.min = min; this.max = max; }
    }
}
