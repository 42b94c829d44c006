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
}
