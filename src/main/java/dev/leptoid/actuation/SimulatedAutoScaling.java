package dev.leptoid.actuation;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * In-memory Auto Scaling groups for the demo, backtests and tests: a new instance is in
 * service {@code launchDelay + warmUp} after the desired capacity rises; scale-in terminates
 * at once (newest launches first). Time comes from the injected clock.
 */
public final class SimulatedAutoScaling implements CapacityActuator {

    private final Clock clock;
    private final Duration launchDelay;
    private final Duration warmUp;
    private final Map<String, Group> groups = new LinkedHashMap<>();

    public SimulatedAutoScaling(Clock clock, Duration launchDelay, Duration warmUp) {
        this.clock = clock;
        this.launchDelay = launchDelay;
        this.warmUp = warmUp;
    }

    public void addGroup(String name, int desired, int min, int max) {
        Group g = new Group(min, max);
        long now = clock.instant().getEpochSecond();
        for (int i = 0; i < desired; i++) g.readyAt.add(now);
        groups.put(name, g);
    }

    @Override
    public GroupState describe(String name) throws ActuationException {
        Group g = group(name);
        long now = clock.instant().getEpochSecond();
        int inService = (int) g.readyAt.stream().filter(t -> t <= now).count();
        return new GroupState(name, g.readyAt.size(), g.min, g.max, inService, false, false);
    }

    @Override
    public void setDesiredCapacity(String name, int desired) throws ActuationException {
        Group g = group(name);
        if (desired < g.min || desired > g.max)
            throw new ActuationException("ValidationError: desired " + desired + " outside [" + g.min + ", " + g.max + "] of " + name);
        long now = clock.instant().getEpochSecond();
        while (g.readyAt.size() < desired) g.readyAt.add(now + launchDelay.toSeconds() + warmUp.toSeconds());
        while (g.readyAt.size() > desired) g.readyAt.remove(g.readyAt.size() - 1);
        g.actions++;
    }

    /** How many times the desired capacity was set on {@code name}. */
    public int actions(String name) throws ActuationException { return group(name).actions; }

    private Group group(String name) throws ActuationException {
        Group g = groups.get(name);
        if (g == null) throw new ActuationException("Auto Scaling group '" + name + "' not found");
        return g;
    }

    private static final class Group {
        final int min, max;
        final List<Long> readyAt = new ArrayList<>();
        int actions;
        Group(int min, int max) { this.min = min; this.max = max; }
    }
}
