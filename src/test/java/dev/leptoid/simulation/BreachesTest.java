package dev.leptoid.simulation;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BreachesTest {

    @Test
    void each_breach_minute_says_whether_it_was_an_isolated_spike_and_whether_the_forecast_saw_it() {
        double[] load = {1.0, 3.0, 1.0, 1.0, 2.0, 2.0, Double.NaN, 1.0};
        int[] inService = {2, 2, 2, 2, 2, 2, 2, 2};
        long start = 1_800_000_000L;
        // forecasts for minute 1 (missed the spike) and minute 5 (covered it)
        List<ReplayPolicy.Prediction> predictions = List.of(new ReplayPolicy.Prediction(start + 60, 300, 1.0, 0.8, 1.2),
                new ReplayPolicy.Prediction(start + 5 * 60, 300, 1.8, 1.5, 2.1));
        Backtest.Outcome o = new Backtest.Outcome("t", "leptoid", 0.8, 1, 3, 8, 0, Double.NaN, start, load, inService, inService,
                predictions);
        Breaches b = Breaches.of(o, 0.8); // 3.0 / 2 and 2.0 / 2 breach; 1.0 / 2 does not
        assertEquals(3, b.minutes().size());
        Breaches.Minute spike = b.minutes().get(0), first = b.minutes().get(1), second = b.minutes().get(2);
        assertEquals(start + 60, spike.time());
        assertTrue(spike.isolated());
        assertFalse(spike.foreseen());
        assertFalse(first.isolated()); // minute 5 breaches too
        assertTrue(Double.isNaN(first.forecastUpper()));
        assertFalse(first.foreseen());
        assertTrue(second.foreseen());
        assertEquals("3 breach minutes: 1 isolated (the minutes around fit), 1 foreseen by the forecast a lead time earlier",
                b.summary());
    }

    @Test
    void a_minute_inside_a_runs_sizing_window_is_judged_by_that_windows_upper_bound() {
        double[] load = {1.0, 1.0, 2.0, 2.2, 1.0, 1.0, 1.0, 2.5, 1.0};
        int[] inService = {2, 2, 2, 2, 2, 2, 2, 2, 2};
        long start = 1_800_000_000L;
        // one run sized minutes 1-3 by an upper bound of 2.1 (its first minute alone said 1.5); nothing sized minute 7
        List<ReplayPolicy.Prediction> predictions = List.of(
                new ReplayPolicy.Prediction(start + 60, 300, 1.2, 0.9, 1.5, 180, 2.1));
        Backtest.Outcome o = new Backtest.Outcome("t", "leptoid", 0.8, 1, 3, 9, 0, Double.NaN, start, load, inService, inService,
                predictions);
        Breaches b = Breaches.of(o, 0.8);
        assertEquals(List.of(start + 120, start + 180, start + 420), b.minutes().stream().map(Breaches.Minute::time).toList());
        assertEquals(2.1, b.minutes().get(0).forecastUpper());
        assertTrue(b.minutes().get(0).foreseen()); // 2.0 <= 2.1: the window's bound covered it, the sizing did not
        assertFalse(b.minutes().get(1).foreseen()); // 2.2 > 2.1
        assertTrue(Double.isNaN(b.minutes().get(2).forecastUpper()), "minute 7 is past the window (minutes 1-3)");
        assertEquals(1, b.foreseen());
    }
}
