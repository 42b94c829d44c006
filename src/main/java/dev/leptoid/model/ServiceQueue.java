package dev.leptoid.model;

import dev.leptoid.config.MetricsConfig;
import dev.leptoid.source.Series;

import java.util.List;

/**
 * The queueing view of a service: per instance, utilization U = arrival rate x service time
 * (Little's law); for the service, offered load A = sum of U in Erlangs; and the capacity a
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
     * Offered load of a service: the sum of its instances' utilization at each time. An instance
     * counts from its first to its last present point (it launched, it was terminated); at a time
     * where a counted instance has no value (a gap longer than {@code maxInterpolated} steps) the
     * sum is unknown (NaN), never a partial sum.
     */
    public static Series offeredLoad(List<Series> instances, int maxInterpolated, String name) {
        if (instances.isEmpty()) throw new IllegalArgumentException(name + ": no instances");
        long step = instances.get(0).step();
        long start = Long.MAX_VALUE, end = Long.MIN_VALUE;
        for (Series s : instances) {
            if (s.step() != step) throw new IllegalArgumentException(name + ": instances have different steps");
            start = Math.min(start, s.start());
            end = Math.max(end, s.end());
        }
        int n = (int) ((end - start) / step);
        double[] sum = new double[n];
        boolean[] anyAlive = new boolean[n];
        for (Series raw : instances) {
            Series s = Gaps.interpolate(raw, maxInterpolated);
            int first = s.firstPresentIndex(), last = s.lastPresentIndex();
            if (first < 0) continue;
            int offset = (int) ((s.start() - start) / step);
            for (int i = first; i <= last; i++) {
                int j = offset + i;
                sum[j] += s.valueAt(i); // NaN poisons the sum: unknown, not zero
                anyAlive[j] = true;
            }
        }
        for (int j = 0; j < n; j++) if (!anyAlive[j]) sum[j] = Double.NaN;
        return new Series(name, start, step, sum);
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
