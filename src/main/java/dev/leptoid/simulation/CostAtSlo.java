package dev.leptoid.simulation;

import java.util.List;
import java.util.Optional;

/**
 * The headline of a sweep: for one trace and policy, the least instance-hours among the targets
 * whose breach minutes are at most {@link #MAX_BREACH_FRACTION} of the replayed minutes.
 */
public record CostAtSlo(String trace, String policy, Optional<Backtest.Outcome> best) {

    public static final double MAX_BREACH_FRACTION = 0.001;

    public static CostAtSlo of(String trace, String policy, List<Backtest.Outcome> outcomes) {
        Backtest.Outcome best = null;
        for (Backtest.Outcome o : outcomes) {
            if (!o.trace().equals(trace) || !o.policy().equals(policy)) continue;
            if (o.breachMinutes() > MAX_BREACH_FRACTION * o.minutes()) continue;
            if (best == null || o.instanceHours() < best.instanceHours()) best = o;
        }
        return new CostAtSlo(trace, policy, Optional.ofNullable(best));
    }

    public boolean reachable() { return best.isPresent(); }

    /** Instance-hours at the SLO, or NaN when not reachable. */
    public double instanceHours() { return best.map(Backtest.Outcome::instanceHours).orElse(Double.NaN); }
}
