package dev.leptoid.config;

import java.time.Duration;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * The service-level objective a service is sized for, stated the way an SRE states it: in-service
 * utilization stays at or below {@code utilizationLimit} in all but {@code breachBudget} of the
 * minutes. leptoid derives the sizing from it (see {@link dev.leptoid.decision.CapacityPolicy}): the upper forecast
 * quantile q over each sizing window, and the capacity that keeps that quantile at the limit.
 *
 * @param utilizationLimit L, e.g. 0.85: the utilization above which a minute breaches
 * @param breachBudget share of minutes allowed to breach, e.g. 0.001 (0.1 %)
 * @param meanTarget u, optional: also keep the forecast mean peak at or below this utilization, for
 *                   headroom beyond what the SLO needs
 */
public record Slo(double utilizationLimit, double breachBudget, OptionalDouble meanTarget) {

    /**
     * Highest quantile leptoid sizes on. The forecaster's upper bound is an empirical quantile of its
     * past k-step errors at the decision's resolution, from at most 1,000 origins per horizon (a week of
     * 5-minute buckets has about 2,000): p97 leaves 30 of them beyond it, the fewest from which a tail
     * quantile is an estimate rather than a handful of one-off events (a holiday, an outage). Up to the
     * cap the budget is spent where the forecast is unsure (margin in proportion to its error), beyond
     * it by the limit (margin in proportion to the load). Measured on seven days (docs/backtest.md,
     * "Reachability"): 97 instead of 95 lowered the cost at the SLO on NYC taxi at 5 and 10 minutes'
     * lead (0.2 % dearer at 15) and on the ELB trace at every lead; p99 cost 2-3 % more on taxi.
     */
    public static final double MAX_QUANTILE = 97;
    /** Lowest quantile: below it the upper bound is no margin at all. */
    public static final double MIN_QUANTILE = 60;

    public Slo {
        if (!(utilizationLimit > 0 && utilizationLimit < 1))
            throw new IllegalArgumentException("utilization limit must be in (0, 1), got " + utilizationLimit);
        if (!(breachBudget > 0 && breachBudget < 1))
            throw new IllegalArgumentException("breach budget must be in (0, 1), got " + breachBudget);
        if (meanTarget == null) meanTarget = OptionalDouble.empty();
        // A mean target above the limit never binds (the quantile is above the mean): allowed, and the
        // configuration reports it as a mistake.
        if (meanTarget.isPresent() && !(meanTarget.getAsDouble() > 0 && meanTarget.getAsDouble() < 1))
            throw new IllegalArgumentException("mean target must be in (0, 1), got " + meanTarget.getAsDouble());
    }

    public Slo(double utilizationLimit, double breachBudget) { this(utilizationLimit, breachBudget, OptionalDouble.empty()); }

    /**
     * The upper forecast quantile, in percent, that spends the breach budget: each run sizes one
     * window of {@code runInterval}; when its peak exceeds the quantile the window breaches, for one
     * minute when the miss is an isolated peak. So a window may miss with probability
     * breachBudget x (minutes per window): q = 100 (1 - b m), within [{@link #MIN_QUANTILE},
     * {@link #MAX_QUANTILE}]. E.g. 1 % of minutes and 5-minute runs: q = 95; 0.1 % would give 99.5, beyond {@link #MAX_QUANTILE} (97).
     */
    public double quantile(Duration runInterval) {
        double minutes = Math.max(1, runInterval.toSeconds() / 60.0);
        return Math.max(MIN_QUANTILE, Math.min(MAX_QUANTILE, 100 * (1 - breachBudget * minutes)));
    }

    public Slo withUtilizationLimit(double limit) { return new Slo(limit, breachBudget, meanTarget); }

    /** e.g. {@code utilization <= 85% in 99.9% of minutes}. */
    public String describe() {
        return String.format(Locale.ROOT, "utilization <= %.0f%% in %s%% of minutes", 100 * utilizationLimit,
                new java.math.BigDecimal(100 * (1 - breachBudget)).round(new java.math.MathContext(4)).stripTrailingZeros()
                        .toPlainString());
    }
}
