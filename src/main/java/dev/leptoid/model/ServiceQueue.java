package dev.leptoid.model;

import dev.leptoid.config.MetricsConfig;
import dev.leptoid.source.Series;

/**
 * The queueing view of a service: per instance, utilization U = arrival rate x service time
 * (Little's law), whose sum over a service is its offered load in Erlangs ({@link ServiceLoadReader}
 * sums it on one time grid); and the capacity a
 * target utilization needs.
 */
public final class ServiceQueue {

    private ServiceQueue() {}

    /** Per-instance utilization from arrival rate and service time on the same grid. NaN stays NaN. */
    public static Series utilization(Series rate, Series serviceTime, MetricsConfig.RateUnit rateUnit,
                                     MetricsConfig.TimeUnit timeUnit, String name) {
        if (rate.step() != serviceTime.step())
            throw new IllegalArgumentException(name + ": arrival rate step " + rate.step()
                    + "s differs from service time step " + serviceTime.step() + "s");
        long start = Math.max(rate.start(), serviceTime.start());
        long end = Math.min(rate.end(), serviceTime.end());
        int n = (int) Math.max(0, (end - start) / rate.step());
        double[] u = new double[n];
        int ro = (int) ((start - rate.start()) / rate.step());
        int so = (int) ((start - serviceTime.start()) / rate.step());
        for (int i = 0; i < n; i++) {
            double lambda = rateUnit.perSecond(rate.valueAt(ro + i), rate.step());
            double s = timeUnit.seconds(serviceTime.valueAt(so + i));
            u[i] = lambda == 0 ? 0 : lambda * s; // no requests: idle; otherwise NaN if either is missing
        }
        return new Series(name, start, rate.step(), u);
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
