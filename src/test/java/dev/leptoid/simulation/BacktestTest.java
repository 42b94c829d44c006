package dev.leptoid.simulation;

import dev.leptoid.actuation.ActuationException;
import dev.leptoid.actuation.CapacityActuator;
import dev.leptoid.actuation.GroupState;
import dev.leptoid.source.Series;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The replay's group and measures against hand-computed timelines. */
class BacktestTest {

    static final long T0 = TargetTrackingTest.T0;

    /** Sets the desired capacity at the end of the given minutes. */
    record Scripted(Map<Integer, Integer> at) implements ReplayPolicy {
        @Override public String name() { return "scripted"; }
        @Override public void endOfMinute(Past past, GroupState group, CapacityActuator actuator) throws ActuationException {
            Integer n = at.get(past.now());
            if (n != null) actuator.setDesiredCapacity(group.name(), n);
        }
    }

    static Workload constant(double erlangs, int minutes) {
        double[] v = new double[minutes];
        Arrays.fill(v, erlangs);
        return TargetTrackingTest.load(v);
    }

    @Test
    void a_new_instance_serves_after_launch_delay_plus_warm_up_and_is_paid_for_from_launch() throws Exception {
        Backtest.Setup s = new Backtest.Setup(1, 10, Duration.ofMinutes(3), Duration.ofMinutes(2), 0.85, Duration.ZERO);
        // 1.6 Erlangs at target 0.5 -> starts at 4; at the end of minute 1 raise to 6, at the end of minute 11 lower to 3
        Backtest.Outcome o = new Backtest().run(constant(1.6, 20), new Scripted(Map.of(1, 6, 11, 3)), 0.5, s);
        int[] desired = {4, 4, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 3, 3, 3, 3, 3, 3, 3, 3};
        int[] inService = {4, 4, 4, 4, 4, 4, 4, 6, 6, 6, 6, 6, 3, 3, 3, 3, 3, 3, 3, 3};
        assertEquals(Arrays.toString(desired), Arrays.toString(o.desired()));
        assertEquals(Arrays.toString(inService), Arrays.toString(o.inService()));
        assertEquals((2 * 4 + 10 * 6 + 8 * 3) / 60.0, o.instanceHours(), 1e-9);
        assertEquals(2, o.actions());
        // 1.6 / 3 = 0.533 and 1.6 / 4 = 0.4: no breach
        assertEquals(0, o.breachMinutes());
        assertEquals(20, o.minutes());
    }

    @Test
    void a_minute_breaches_when_in_service_utilization_is_above_the_limit() throws Exception {
        Backtest.Setup s = new Backtest.Setup(1, 10, Duration.ofMinutes(3), Duration.ofMinutes(2), 0.85, Duration.ZERO);
        double[] v = {1.6, 1.6, 3.5, 3.5, 3.4, 3.41, 1.0, Double.NaN};
        // starts at 4 (1.6 / 0.5 = 3.2); 3.5 / 4 = 0.875 > 0.85 twice; 3.4 / 4 = 0.85 is not above; 3.41 / 4 is
        Backtest.Outcome o = new Backtest().run(TargetTrackingTest.load(v), new Scripted(Map.of()), 0.5, s);
        assertEquals(3, o.breachMinutes());
    }

    @Test
    void the_history_is_replayed_but_not_measured() throws Exception {
        Backtest.Setup s = new Backtest.Setup(1, 10, Duration.ofMinutes(3), Duration.ofMinutes(2), 0.85, Duration.ofMinutes(5));
        Backtest.Outcome o = new Backtest().run(constant(1.6, 20), new Scripted(Map.of(0, 8)), 0.5, s);
        assertEquals(15, o.minutes());
        assertEquals(T0 + 300, o.start());
        assertEquals(8, o.desired()[0]);
        assertEquals(4, o.inService()[0], "raised at the end of minute 0, in service 5 minutes later: minute 6");
        assertEquals(8, o.inService()[1]);
        assertEquals(15 * 8 / 60.0, o.instanceHours(), 1e-9);
        assertEquals(0, o.actions(), "the action was in the history");
    }

    @Test
    void capacity_outside_the_group_min_and_max_is_refused() {
        Backtest.Setup s = new Backtest.Setup(2, 5, Duration.ofMinutes(3), Duration.ofMinutes(2), 0.85, Duration.ZERO);
        assertThrows(ActuationException.class, () -> new Backtest().run(constant(1.6, 5), new Scripted(Map.of(0, 6)), 0.5, s));
        assertThrows(ActuationException.class, () -> new Backtest().run(constant(1.6, 5), new Scripted(Map.of(0, 1)), 0.5, s));
    }

    @Test
    void the_starting_capacity_is_clamped_too() throws Exception {
        Backtest.Setup s = new Backtest.Setup(2, 3, Duration.ofMinutes(3), Duration.ofMinutes(2), 0.85, Duration.ZERO);
        assertEquals(3, new Backtest().run(constant(1.6, 2), new Scripted(Map.of()), 0.5, s).desired()[0]);
        assertEquals(2, new Backtest().run(constant(0.1, 2), new Scripted(Map.of()), 0.5, s).desired()[0]);
    }

    @Test
    void static_peak_holds_the_capacity_the_peak_needs_at_the_target() throws Exception {
        Backtest.Setup s = new Backtest.Setup(1, 100, Duration.ofMinutes(3), Duration.ofMinutes(2), 0.85, Duration.ZERO);
        double[] v = {1.0, 2.0, 4.9, 1.0, 1.0, 1.0, 1.0, 1.0};
        Workload w = TargetTrackingTest.load(v);
        StaticPeak p = new StaticPeak(Policies.peak(w), 0.5);
        assertEquals(10, p.capacity(), "ceil(4.9 / 0.5)");
        Backtest.Outcome o = new Backtest().run(w, p, 0.5, s);
        assertEquals(2, o.desired()[0]);
        for (int i = 1; i < v.length; i++) assertEquals(10, o.desired()[i]);
    }

    @Test
    void leptoid_2012_adds_one_instance_when_the_forecast_per_instance_is_above_its_up_limit() throws Exception {
        Backtest.Setup s = new Backtest.Setup(1, 100, Duration.ofMinutes(3), Duration.ofMinutes(2), 0.85, Duration.ZERO);
        // 2.8 Erlangs from the start at target 0.7 -> 4 instances at 0.7; then 3.0: the naive forecast 3.0 / 4 = 0.75 > 0.7
        // it forecasts 5-minute buckets like leptoid: the naive forecaster needs 3 of them, i.e. the run at the end of minute 14
        double[] v = new double[25];
        Arrays.fill(v, 3.0);
        v[0] = 2.8;
        Backtest.Outcome o = new Backtest().run(TargetTrackingTest.load(v),
                new Leptoid2012(new dev.leptoid.forecast.LastValueForecaster(), 0.7, 5, 5, 60), 0.7, s);
        assertEquals(4, o.desired()[14]);
        assertEquals(5, o.desired()[15], "one more at the first run with a forecast (end of minute 14), not ceil(3.0 / 0.7) = 5 at once by sizing");
        assertEquals(5, o.desired()[24], "3.0 / 5 = 0.6 is between the limits");
    }

    @Test
    void a_policy_asking_for_a_later_minute_is_stopped() {
        Backtest.Setup s = new Backtest.Setup(1, 10, Duration.ofMinutes(3), Duration.ofMinutes(2), 0.85, Duration.ZERO);
        ReplayPolicy peeking = new ReplayPolicy() {
            @Override public String name() { return "peeking"; }
            @Override public void endOfMinute(Past past, GroupState group, CapacityActuator actuator) { past.load(past.now() + 1); }
        };
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new Backtest().run(constant(1, 5), peeking, 0.5, s));
        assertTrue(e.getMessage().startsWith("look-ahead"), e.getMessage());
    }

    @Test
    void minutes_are_interpolated_between_coarser_trace_points() {
        Series half = new Series("taxi", T0, 1800, new double[] {10, 40, Double.NaN, 70});
        Series m = Workload.toMinutes(half);
        assertEquals(91, m.size());
        assertEquals(10, m.valueAt(0), 1e-12);
        assertEquals(20, m.valueAt(10), 1e-12);
        assertEquals(40, m.valueAt(30), 1e-12);
        assertTrue(Double.isNaN(m.valueAt(31)), "next to a gap stays a gap");
        assertEquals(70, m.valueAt(90), 1e-12);
    }

    @Test
    void a_terminated_instance_is_billed_while_it_drains_but_does_not_serve() throws Exception {
        // as the first test, with a 5-minute drain: the 3 instances terminated at the end of minute 11 leave
        // service at once and are billed 5 more minutes
        Backtest.Setup s = new Backtest.Setup(1, 10, Duration.ofMinutes(3), Duration.ofMinutes(2), 0.85, Duration.ZERO,
                Duration.ofMinutes(5));
        Backtest.Outcome o = new Backtest().run(constant(1.6, 20), new Scripted(Map.of(1, 6, 11, 3)), 0.5, s);
        int[] inService = {4, 4, 4, 4, 4, 4, 4, 6, 6, 6, 6, 6, 3, 3, 3, 3, 3, 3, 3, 3};
        assertEquals(Arrays.toString(inService), Arrays.toString(o.inService()));
        assertEquals((2 * 4 + 10 * 6 + 8 * 3 + 5 * 3) / 60.0, o.instanceHours(), 1e-9);
        assertEquals(2, o.actions());
    }

    @Test
    void without_a_drain_the_bill_is_the_desired_capacity_of_each_minute() throws Exception {
        Backtest.Setup s = new Backtest.Setup(1, 10, Duration.ofMinutes(3), Duration.ofMinutes(2), 0.85, Duration.ZERO);
        Backtest.Outcome o = new Backtest().run(constant(1.6, 40), new Scripted(Map.of(1, 6, 3, 2, 4, 9, 20, 1, 30, 5)), 0.5, s);
        assertEquals(Arrays.stream(o.desired()).sum() / 60.0, o.instanceHours(), 1e-9);
    }

    @Test
    void a_negative_drain_is_refused() {
        assertThrows(IllegalArgumentException.class, () -> new Backtest.Setup(1, 10, Duration.ofMinutes(3), Duration.ofMinutes(2),
                0.85, Duration.ZERO, Duration.ofSeconds(-1)));
    }
}
