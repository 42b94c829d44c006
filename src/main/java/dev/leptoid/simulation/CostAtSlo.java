package dev.leptoid.simulation;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The headline of a sweep: for one trace and policy, the least instance-hours among the targets
 * whose breach minutes are at most {@link #MAX_BREACH_FRACTION} of the replayed minutes.
 */
public record CostAtSlo(String trace, String policy, Optional<Backtest.Outcome> best) {

    public static final double MAX_BREACH_FRACTION = 0.001;

    public static CostAtSlo of(String trace, String policy, List<Backtest.Outcome> outcomes) {
        return cheapest(trace, policy, outcomes, Integer.MAX_VALUE);
    }

    /**
     * This policy's cost at the SLO among the targets that also breach no more minutes than {@code other} does at
     * its own cost at the SLO: the same service or better, and what it costs (issue 17: "never more breach
     * minutes"). Not reachable when {@code other} is not, or when no target of this policy is within both.
     */
    public CostAtSlo withNoMoreBreachesThan(CostAtSlo other, List<Backtest.Outcome> outcomes) {
        if (!other.reachable()) return new CostAtSlo(trace, policy, Optional.empty());
        return cheapest(trace, policy, outcomes, other.best().get().breachMinutes());
    }

    private static CostAtSlo cheapest(String trace, String policy, List<Backtest.Outcome> outcomes, int maxBreachMinutes) {
        Backtest.Outcome best = null;
        for (Backtest.Outcome o : outcomes) {
            if (!o.trace().equals(trace) || !o.policy().equals(policy)) continue;
            if (o.breachMinutes() > MAX_BREACH_FRACTION * o.minutes() || o.breachMinutes() > maxBreachMinutes) continue;
            if (best == null || o.instanceHours() < best.instanceHours()) best = o;
        }
        return new CostAtSlo(trace, policy, Optional.ofNullable(best));
    }

    public boolean reachable() { return best.isPresent(); }

    /** Instance-hours at the SLO, or NaN when not reachable. */
    public double instanceHours() { return best.map(Backtest.Outcome::instanceHours).orElse(Double.NaN); }

    /** 1 - this / baseline: the share of the baseline's cost saved at the SLO; NaN when either cannot reach it. */
    public double savingAgainst(CostAtSlo baseline) { return 1 - instanceHours() / baseline.instanceHours(); }

    /**
     * (baseline - this) / (baseline - floor): the share of the possible saving captured, where the floor
     * is the perfect-foresight cost; NaN when any cannot reach the SLO or nothing can be saved.
     */
    public double shareOfPossible(CostAtSlo baseline, CostAtSlo floor) {
        double possible = baseline.instanceHours() - floor.instanceHours();
        return possible > 0 ? (baseline.instanceHours() - instanceHours()) / possible : Double.NaN;
    }

    /**
     * e.g. "12.3 % cheaper than target tracking, 64 % of the possible saving", or "" when this policy,
     * the baseline or the floor cannot say.
     */
    public String againstBaseline(CostAtSlo baseline, CostAtSlo floor) {
        if (baseline == null || !reachable() || !baseline.reachable() || baseline.policy().equals(policy)) return "";
        double saving = savingAgainst(baseline);
        String s = String.format(Locale.ROOT, "%.1f %% %s than %s", 100 * Math.abs(saving), saving >= 0 ? "cheaper" : "dearer",
                baseline.policy());
        double share = floor == null || floor.policy().equals(policy) ? Double.NaN : shareOfPossible(baseline, floor);
        return Double.isNaN(share) ? s : s + String.format(Locale.ROOT, ", %.0f %% of the possible saving", 100 * share);
    }
}
