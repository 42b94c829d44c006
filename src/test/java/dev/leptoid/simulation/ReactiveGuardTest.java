package dev.leptoid.simulation;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ReactiveGuardTest {

    @Test
    void a_breach_minute_raises_the_group_at_once_to_what_its_load_needs_and_never_lowers_it() throws Exception {
        Backtest.Setup s = new Backtest.Setup(1, 100, Duration.ofMinutes(1), Duration.ZERO, 0.8, Duration.ZERO);
        // starts at ceil(1.6 / 0.8) = 2; minute 2 has 4.0 Erlangs on 2 instances: breach; the guard asks for 5
        double[] v = {1.6, 1.6, 4.0, 4.0, 1.0, 1.0};
        ReactiveGuard guard = new ReactiveGuard(new BacktestTest.Scripted(Map.of()), 0.8);
        Backtest.Outcome o = new Backtest().run(TargetTrackingTest.load(v), guard, 0.8, s);
        assertEquals("[2, 2, 2, 5, 5, 5]", Arrays.toString(o.desired()));
        assertEquals("[2, 2, 2, 2, 5, 5]", Arrays.toString(o.inService())); // one minute of launch
        assertEquals(2, o.breachMinutes());
        assertEquals("scripted+guard", guard.name());
    }

    @Test
    void without_a_breach_the_inner_policy_alone_decides() throws Exception {
        Backtest.Setup s = new Backtest.Setup(1, 100, Duration.ofMinutes(1), Duration.ZERO, 0.8, Duration.ZERO);
        Backtest.Outcome o = new Backtest().run(TargetTrackingTest.load(1.6, 1.6, 1.6, 1.6),
                new ReactiveGuard(new BacktestTest.Scripted(Map.of(0, 4, 2, 3)), 0.8), 0.8, s);
        assertEquals("[2, 4, 4, 3]", Arrays.toString(o.desired()));
    }
}
