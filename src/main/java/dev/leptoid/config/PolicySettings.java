package dev.leptoid.config;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * How a service is sized.
 *
 * @param targetUtilization the utilization limit L the upper forecast quantile and the current load are sized
 *                          at (0 &lt; L &lt; 1); with an {@code slo} it is the SLO's utilization limit; also the
 *                          fallback of a latency objective whose service time is unknown
 * @param leadTime instance launch plus warm-up: capacity must be there this long before the load
 * @param runInterval how often leptoid runs; the sizing window is [now+lead, now+lead+interval)
 * @param quantile upper forecast quantile in percent used for sizing (50 &lt; q &lt; 100); with an {@code slo},
 *                 derived from its breach budget ({@link Slo#quantile})
 * @param stabilization scale-in only when the whole window agrees
 * @param maxScaleInStep most instances removed in one run as configured (a strict cap), or {@link #HALF_SURPLUS}
 *                       (the default): {@link #MIN_SCALE_IN_STEP}, or half the surplus the stabilization window
 *                       proves when that is more (see {@code CapacityPolicy.scaleInStep})
 * @param minCapacity lower clamp (also clamped to the group's own min)
 * @param maxCapacity upper clamp (also clamped to the group's own max)
 * @param maxStaleness data older than this at "now" means Hold
 * @param latencyObjective when present, size with Erlang C for this objective instead of the target utilization
 * @param slo when present, the objective the sizing is derived from: it sets {@code targetUtilization} to its
 *            limit, {@code quantile} from its breach budget, and may add a mean target
 */
public record PolicySettings(double targetUtilization, Duration leadTime, Duration runInterval, double quantile,
                             Duration stabilization, int maxScaleInStep, int minCapacity, int maxCapacity,
                             Duration maxStaleness, Optional<LatencyObjective> latencyObjective, Optional<Slo> slo) {

    /** {@code maxScaleInStep} when none is configured: {@link #MIN_SCALE_IN_STEP} or half the proven surplus. */
    public static final int HALF_SURPLUS = 0;
    /** The least a scale-in removes per run under {@link #HALF_SURPLUS} (when the window allows that much). */
    public static final int MIN_SCALE_IN_STEP = 2;

    public static final PolicySettings DEFAULTS = new PolicySettings(0.6, Duration.ofMinutes(5), Duration.ofMinutes(5),
            90, Duration.ofMinutes(15), HALF_SURPLUS, 1, 100, Duration.ofMinutes(10));

    public PolicySettings {
        if (slo == null) slo = Optional.empty();
        if (slo.isPresent() && runInterval != null) {
            targetUtilization = slo.get().utilizationLimit();
            quantile = slo.get().quantile(runInterval);
        }
        if (!(targetUtilization > 0 && targetUtilization < 1))
            throw new IllegalArgumentException("target utilization must be in (0, 1), got " + targetUtilization);
        if (!(quantile > 50 && quantile < 100))
            throw new IllegalArgumentException("quantile must be in (50, 100), got " + quantile);
        if (leadTime.isNegative()) throw new IllegalArgumentException("lead time must not be negative");
        if (runInterval.isNegative() || runInterval.isZero()) throw new IllegalArgumentException("run interval must be positive");
        if (stabilization.isNegative()) throw new IllegalArgumentException("stabilization must not be negative");
        if (maxStaleness.isNegative()) throw new IllegalArgumentException("max staleness must not be negative");
        if (minCapacity < 0) throw new IllegalArgumentException("min capacity must not be negative, got " + minCapacity);
        if (maxCapacity < minCapacity)
            throw new IllegalArgumentException("max capacity " + maxCapacity + " is below min capacity " + minCapacity);
        if (maxScaleInStep < 0) throw new IllegalArgumentException("max scale-in step must be at least 1, or HALF_SURPLUS");
        if (latencyObjective == null) latencyObjective = Optional.empty();
    }

    /** Without an SLO: sized at {@code quantile} and {@code targetUtilization} as configured. */
    public PolicySettings(double targetUtilization, Duration leadTime, Duration runInterval, double quantile,
                          Duration stabilization, int maxScaleInStep, int minCapacity, int maxCapacity,
                          Duration maxStaleness, Optional<LatencyObjective> latencyObjective) {
        this(targetUtilization, leadTime, runInterval, quantile, stabilization, maxScaleInStep, minCapacity, maxCapacity,
                maxStaleness, latencyObjective, Optional.empty());
    }

    /** Sized on the target utilization (no latency objective). */
    public PolicySettings(double targetUtilization, Duration leadTime, Duration runInterval, double quantile,
                          Duration stabilization, int maxScaleInStep, int minCapacity, int maxCapacity,
                          Duration maxStaleness) {
        this(targetUtilization, leadTime, runInterval, quantile, stabilization, maxScaleInStep, minCapacity, maxCapacity,
                maxStaleness, Optional.empty());
    }

    /** The central prediction-interval level whose upper bound is the {@code quantile}. */
    public double intervalLevel() { return 2 * quantile - 100; }

    /** The utilization the forecast mean peak is kept at or below, when an SLO states one. */
    public OptionalDouble meanTarget() {
        return slo.map(Slo::meanTarget).orElse(OptionalDouble.empty());
    }

    /** The same settings sized for {@code objective}. */
    public PolicySettings withSlo(Slo objective) {
        return new PolicySettings(targetUtilization, leadTime, runInterval, quantile, stabilization, maxScaleInStep,
                minCapacity, maxCapacity, maxStaleness, latencyObjective, Optional.of(objective));
    }

    /**
     * The same settings with the utilization limit the upper quantile is sized at set to {@code limit}
     * (the SLO's limit when there is an SLO, else the target utilization): what a backtest sweeps.
     */
    public PolicySettings withLimit(double limit) {
        return slo.map(o -> withSlo(o.withUtilizationLimit(limit))).orElseGet(() -> withTargetUtilization(limit));
    }

    /** The same settings with another lead time (launch + warm-up). */
    public PolicySettings withLeadTime(Duration lead) {
        return new PolicySettings(targetUtilization, lead, runInterval, quantile, stabilization, maxScaleInStep,
                minCapacity, maxCapacity, maxStaleness, latencyObjective, slo);
    }

    public PolicySettings withTargetUtilization(double u) {
        return new PolicySettings(u, leadTime, runInterval, quantile, stabilization, maxScaleInStep, minCapacity,
                maxCapacity, maxStaleness, latencyObjective, slo);
    }

    public PolicySettings withLatencyObjective(LatencyObjective objective) {
        return new PolicySettings(targetUtilization, leadTime, runInterval, quantile, stabilization, maxScaleInStep,
                minCapacity, maxCapacity, maxStaleness, Optional.of(objective), slo);
    }

    public PolicySettings withCapacity(int min, int max) {
        return new PolicySettings(targetUtilization, leadTime, runInterval, quantile, stabilization, maxScaleInStep, min,
                max, maxStaleness, latencyObjective, slo);
    }

    public PolicySettings withScaleIn(Duration window, int step) {
        return new PolicySettings(targetUtilization, leadTime, runInterval, quantile, window, step, minCapacity,
                maxCapacity, maxStaleness, latencyObjective, slo);
    }
}
