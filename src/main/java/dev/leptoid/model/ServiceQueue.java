package dev.leptoid.model;

import dev.leptoid.config.MetricsConfig;
import dev.leptoid.source.Series;

/**
 * The queueing arithmetic of a service, one home for it: per instance, utilization U = arrival rate x
 * service time (Little's law), or a direct utilization metric as a fraction; and the capacity a target
 * utilization needs. {@link ServiceLoadReader} applies it to each instance's series on one time grid
 * and sums the instances into the service's offered load in Erlangs.
 */
public final class ServiceQueue {

    private ServiceQueue() {}

    /**
     * One instance's utilization at one step, U = arrival rate x service time (Little's law): no requests
     * means idle (0, even without a service time, as nothing was timed); otherwise NaN if either is unknown.
     *
     * @param perSecond requests per second
     * @param seconds mean service time in seconds
     */
    public static double utilization(double perSecond, double seconds) {
        return perSecond == 0 ? 0 : perSecond * seconds;
    }

    /** Per-instance utilization from a direct metric (e.g. CPU percent). */
    public static Series utilization(Series direct, MetricsConfig.UtilizationUnit unit, String name) {
        double[] v = direct.values();
        for (int i = 0; i < v.length; i++) v[i] = unit.fraction(v[i]);
        return new Series(name, direct.start(), direct.step(), v);
    }

    /**
     * Instances needed so that offered load {@code a} (Erlangs) runs at {@code target} utilization
     * per instance: ceil(a / target). Zero load needs zero instances (clamps apply later).
     */
    public static int capacityFor(double a, double target) {
        if (!(a >= 0) || Double.isInfinite(a)) throw new IllegalArgumentException("offered load must be a finite number >= 0, got " + a);
        if (!(target > 0 && target <= 1)) throw new IllegalArgumentException("target utilization must be in (0, 1], got " + target);
        return (int) Math.ceil(a / target - 1e-9);
    }
}
