package dev.leptoid.decision;

import java.time.Duration;

/**
 * How a service is sized.
 *
 * @param targetUtilization utilization each in-service instance should run at (0 &lt; u &lt; 1)
 * @param leadTime instance launch plus warm-up: capacity must be there this long before the load
 * @param runInterval how often leptoid runs; the sizing window is [now+lead, now+lead+interval]
 * @param quantile upper forecast quantile in percent used for sizing (50 &lt; q &lt; 100)
 * @param stabilization scale-in only when the whole window agrees
 * @param maxScaleInStep most instances removed in one run
 * @param minCapacity lower clamp (also clamped to the group's own min)
 * @param maxCapacity upper clamp (also clamped to the group's own max)
 * @param maxStaleness data older than this at "now" means Hold
 */
public record PolicySettings(double targetUtilization, Duration leadTime, Duration runInterval, double quantile,
                             Duration stabilization, int maxScaleInStep, int minCapacity, int maxCapacity,
                             Duration maxStaleness) {

    public static final PolicySettings DEFAULTS = new PolicySettings(0.6, Duration.ofMinutes(5), Duration.ofMinutes(5),
            90, Duration.ofMinutes(15), 2, 1, 100, Duration.ofMinutes(10));

    public PolicySettings {
        if (!(targetUtilization > 0 && targetUtilization < 1))
            throw new IllegalArgumentException("target utilization must be in (0, 1), got " + targetUtilization);
        if (!(quantile > 50 && quantile < 100))
            throw new IllegalArgumentException("quantile must be in (50, 100), got " + quantile);
        if (leadTime.isNegative()) throw new IllegalArgumentException("lead time must not be negative");
        if (runInterval.isNegative() || runInterval.isZero()) throw new IllegalArgumentException("run interval must be positive");
        if (minCapacity < 0) throw new IllegalArgumentException("min capacity must not be negative, got " + minCapacity);
        if (maxCapacity < minCapacity)
            throw new IllegalArgumentException("max capacity " + maxCapacity + " is below min capacity " + minCapacity);
        if (maxScaleInStep < 1) throw new IllegalArgumentException("max scale-in step must be at least 1");
    }

    /** The central prediction-interval level whose upper bound is the {@code quantile}. */
    public double intervalLevel() { return 2 * quantile - 100; }

    public PolicySettings withTargetUtilization(double u) {
        return new PolicySettings(u, leadTime, runInterval, quantile, stabilization, maxScaleInStep, minCapacity,
                maxCapacity, maxStaleness);
    }
}
