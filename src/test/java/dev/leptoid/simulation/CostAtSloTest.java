package dev.leptoid.simulation;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CostAtSloTest {

    static Backtest.Outcome outcome(String policy, double target, double hours, int breaches) {
        return new Backtest.Outcome("t", policy, target, hours, breaches, 10_000, 0, Double.NaN, 0, new double[0], new int[0],
                new int[0], List.of());
    }

    static final List<Backtest.Outcome> RUNS = List.of(
            outcome("target-tracking", 0.6, 120, 0), outcome("target-tracking", 0.7, 100, 10),
            outcome("target-tracking", 0.8, 90, 11), // 11 > 0.1 % of 10,000 minutes: not at the SLO
            outcome("leptoid", 0.8, 88, 3), outcome("leptoid", 0.85, 85, 30),
            outcome("perfect", 0.85, 80, 0), outcome("static-peak", 0.6, 150, 0));

    @Test
    void the_cost_at_the_slo_is_the_cheapest_target_within_the_breach_budget() {
        assertEquals(100, CostAtSlo.of("t", "target-tracking", RUNS).instanceHours(), 1e-12);
        assertEquals(88, CostAtSlo.of("t", "leptoid", RUNS).instanceHours(), 1e-12);
    }

    @Test
    void the_share_of_the_possible_saving_is_measured_from_target_tracking_to_perfect_foresight() {
        CostAtSlo tt = CostAtSlo.of("t", "target-tracking", RUNS), l = CostAtSlo.of("t", "leptoid", RUNS),
                p = CostAtSlo.of("t", "perfect", RUNS), sp = CostAtSlo.of("t", "static-peak", RUNS);
        assertEquals(0.12, l.savingAgainst(tt), 1e-12);
        assertEquals(0.6, l.shareOfPossible(tt, p), 1e-12); // (100 - 88) / (100 - 80)
        assertEquals(-2.5, sp.shareOfPossible(tt, p), 1e-12);
        assertEquals("12.0 % cheaper than target-tracking, 60 % of the possible saving", l.againstBaseline(tt, p));
        assertEquals("50.0 % dearer than target-tracking, -250 % of the possible saving", sp.againstBaseline(tt, p));
        assertEquals("20.0 % cheaper than target-tracking", p.againstBaseline(tt, p));
        assertEquals("", tt.againstBaseline(tt, p));
        assertEquals("12.0 % cheaper than target-tracking", l.againstBaseline(tt, null));
    }

    @Test
    void nothing_is_said_against_a_baseline_that_cannot_reach_the_slo() {
        List<Backtest.Outcome> runs = List.of(outcome("target-tracking", 0.7, 100, 50), outcome("leptoid", 0.8, 88, 3));
        CostAtSlo tt = CostAtSlo.of("t", "target-tracking", runs), l = CostAtSlo.of("t", "leptoid", runs);
        assertTrue(Double.isNaN(l.savingAgainst(tt)));
        assertEquals("", l.againstBaseline(tt, null));
    }

    @Test
    void with_no_more_breach_minutes_than_another_policy_the_cheapest_target_within_both_is_taken() {
        List<Backtest.Outcome> runs = List.of(outcome("target-tracking", 0.7, 100, 2), outcome("target-tracking", 0.8, 104, 1),
                outcome("leptoid", 0.85, 85, 8), outcome("leptoid", 0.8, 88, 2), outcome("leptoid", 0.75, 95, 0));
        CostAtSlo tt = CostAtSlo.of("t", "target-tracking", runs), l = CostAtSlo.of("t", "leptoid", runs);
        assertEquals(85, l.instanceHours(), 1e-12); // 8 breach minutes fit the SLO's 10
        CostAtSlo same = l.withNoMoreBreachesThan(tt, runs); // target tracking's 2 at its 100 h
        assertEquals(88, same.instanceHours(), 1e-12);
        assertEquals(0.12, same.savingAgainst(tt), 1e-12);
        assertEquals(100, tt.withNoMoreBreachesThan(l, runs).instanceHours(), 1e-12); // within 8: its own cost at the SLO
        List<Backtest.Outcome> strict = List.of(outcome("target-tracking", 0.5, 300, 0), outcome("leptoid", 0.85, 85, 8));
        CostAtSlo none = CostAtSlo.of("t", "leptoid", strict).withNoMoreBreachesThan(CostAtSlo.of("t", "target-tracking", strict), strict);
        assertTrue(!none.reachable() && Double.isNaN(none.instanceHours()));
        assertTrue(!l.withNoMoreBreachesThan(CostAtSlo.of("t", "none", runs), runs).reachable());
    }
}
