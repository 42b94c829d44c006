package dev.leptoid.simulation;

import dev.leptoid.actuation.ActuationException;
import dev.leptoid.actuation.CapacityActuator;
import dev.leptoid.actuation.GroupState;

/**
 * AWS target tracking on average utilization, as Auto Scaling runs it: the metric is the
 * one-minute average utilization of the in-service instances (instances launching or warming
 * up neither count nor trigger).
 * <ul>
 *   <li>Scale out: when 3 consecutive minutes are above the target, desired =
 *       ceil(in-service x latest minute / target), and this never lowers the desired capacity.</li>
 *   <li>Scale in: when 15 consecutive minutes are below 90 % of the target, desired =
 *       ceil(in-service x 15-minute average / target) (in-service x utilization taken minute by
 *       minute, which is the same while in-service stays constant); not while instances are warming up, and
 *       the next scale-in waits for 15 new minutes.</li>
 *   <li>A minute without a metric (unknown load, nothing in service) is INSUFFICIENT_DATA: both
 *       counts start again.</li>
 * </ul>
 */
public final class TargetTracking implements ReplayPolicy {

    public static final int HIGH_MINUTES = 3;
    public static final int LOW_MINUTES = 15;
    public static final double LOW_FRACTION = 0.9;

    private final double target;
    private int high, low;

    public TargetTracking(double target) {
        if (!(target > 0 && target < 1)) throw new IllegalArgumentException("target must be in (0, 1), got " + target);
        this.target = target;
    }

    @Override public String name() { return "target-tracking"; }

    @Override
    public void endOfMinute(Past past, GroupState group, CapacityActuator actuator) throws ActuationException {
        int now = past.now();
        double u = past.utilization(now);
        if (Double.isNaN(u)) {
            high = 0;
            low = 0;
            return;
        }
        high = u > target ? high + 1 : 0;
        low = u < LOW_FRACTION * target ? low + 1 : 0;
        int inService = past.inService(now);
        if (high >= HIGH_MINUTES) {
            int want = clamp(ceil(inService * u / target), group);
            if (want > group.desired()) actuator.setDesiredCapacity(group.name(), want);
        } else if (low >= LOW_MINUTES && group.inService() == group.desired()) {
            // in-service x utilization, minute by minute (= the load): the literal formula when in-service was constant
            double sum = 0;
            for (int i = now - LOW_MINUTES + 1; i <= now; i++) sum += past.inService(i) * past.utilization(i);
            int want = clamp(ceil(sum / LOW_MINUTES / target), group);
            if (want < group.desired()) {
                actuator.setDesiredCapacity(group.name(), want);
                low = 0;
            }
        }
    }

    private static int ceil(double x) { return (int) Math.ceil(x - 1e-9); }

    private static int clamp(int n, GroupState g) { return Math.max(g.min(), Math.min(g.max(), n)); }
}
