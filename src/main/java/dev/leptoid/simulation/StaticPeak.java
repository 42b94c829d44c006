package dev.leptoid.simulation;

import dev.leptoid.actuation.ActuationException;
import dev.leptoid.actuation.CapacityActuator;
import dev.leptoid.actuation.GroupState;
import dev.leptoid.model.ServiceQueue;

/**
 * A group fixed at the capacity the replayed trace's peak needs at the target. It knows the
 * peak in advance: an oracle, the cost of not scaling at all, not a policy one could run.
 */
public final class StaticPeak implements ReplayPolicy {

    private final int capacity;

    public StaticPeak(double peakLoad, double target) {
        this.capacity = Math.max(1, ServiceQueue.capacityFor(peakLoad, target));
    }

    public int capacity() { return capacity; }

    @Override public String name() { return "static-peak"; }

    @Override
    public void endOfMinute(Past past, GroupState group, CapacityActuator actuator) throws ActuationException {
        int want = Math.max(group.min(), Math.min(group.max(), capacity));
        if (group.desired() != want) actuator.setDesiredCapacity(group.name(), want);
    }
}
