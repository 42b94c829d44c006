package dev.leptoid.simulation;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The perfect-foresight floor against hand-computed capacities. */
class PerfectForesightTest {

    @Test
    void each_minute_has_exactly_the_capacity_its_load_needs_at_the_limit_with_no_lead() {
        Backtest.Setup s = new Backtest.Setup(1, 100, Duration.ofMinutes(3), Duration.ofMinutes(2), 0.8, Duration.ofMinutes(2));
        double[] v = {9.0, 1.0, 1.6, 4.0, Double.NaN, 0.1, 8.1};
        Backtest.Outcome o = PerfectForesight.replay(TargetTrackingTest.load(v), 0.8, s);
        // measured from minute 2: ceil(1.6/0.8)=2, ceil(4.0/0.8)=5, unknown keeps 5, ceil(0.1/0.8)=1, ceil(8.1/0.8)=11
        assertEquals("[2, 5, 5, 1, 11]", Arrays.toString(o.inService()));
        assertEquals("[2, 5, 5, 1, 11]", Arrays.toString(o.desired()));
        assertEquals((2 + 5 + 5 + 1 + 11) / 60.0, o.instanceHours(), 1e-12);
        assertEquals(0, o.breachMinutes());
        assertEquals(3, o.actions());
        assertEquals(5, o.minutes());
        assertEquals(PerfectForesight.NAME, o.policy());
    }

    @Test
    void above_the_max_the_clamped_minutes_breach() {
        Backtest.Setup s = new Backtest.Setup(1, 3, Duration.ofMinutes(3), Duration.ofMinutes(2), 0.8, Duration.ZERO);
        Backtest.Outcome o = PerfectForesight.replay(TargetTrackingTest.load(1.0, 4.0, 2.0), 0.8, s);
        assertEquals("[2, 3, 3]", Arrays.toString(o.inService()));
        assertEquals(1, o.breachMinutes()); // 4.0 / 3 > 0.8
    }
}
