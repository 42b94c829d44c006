package dev.leptoid.simulation;

import dev.leptoid.source.Series;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** AWS target tracking in the simulator, checked minute by minute against hand-computed values. */
class TargetTrackingTest {

    static final long T0 = 1_700_000_000L / 60 * 60;
    /** Launch 3 min + warm-up 2 min; no history, so minute i of the arrays is minute i of the trace. */
    static final Backtest.Setup SETUP = new Backtest.Setup(1, 100, Duration.ofMinutes(3), Duration.ofMinutes(2), 0.85, Duration.ZERO);

    /** Offered load in Erlangs per minute, as 1 s requests. */
    static Workload load(double... erlangs) {
        double[] s = new double[erlangs.length];
        Arrays.fill(s, 1.0);
        return new Workload("hand", new Series("rate", T0, 60, erlangs), new Series("s", T0, 60, s));
    }

    static double[] repeat(double first, double rest, int n) {
        double[] v = new double[n];
        Arrays.fill(v, rest);
        v[0] = first;
        return v;
    }

    @Test
    void scales_out_after_three_minutes_above_target_to_in_service_times_utilization_over_target() throws Exception {
        // minute 0: 2 Erlangs -> starts at 4 instances (target 0.5); then 3.2 Erlangs = 0.8 per instance.
        Backtest.Outcome o = new Backtest().run(load(repeat(2.0, 3.2, 20)), new TargetTracking(0.5), 0.5, SETUP);
        // minutes 1, 2, 3 above 0.5 -> at the end of minute 3: ceil(4 x 0.8 / 0.5) = ceil(6.4) = 7
        assertEquals(4, o.desired()[3]);
        assertEquals(7, o.desired()[4]);
        // set at minute 4's start (t0 + 240 s), in service 5 minutes later: minute 9
        assertEquals(4, o.inService()[8]);
        assertEquals(7, o.inService()[9]);
        // warming instances neither count nor trigger again: still 7 while 4 serve at 0.8
        for (int i = 4; i < 20; i++) assertEquals(7, o.desired()[i], "minute " + i);
        assertEquals(1, o.actions());
        // breach: 3.2 / 4 = 0.8 is under 0.85, so none
        assertEquals(0, o.breachMinutes());
    }

    @Test
    void two_minutes_above_target_then_one_at_it_do_not_scale_out() throws Exception {
        double[] v = {2.0, 3.2, 3.2, 2.0, 3.2, 3.2, 2.0, 3.2, 3.2, 2.0};
        Backtest.Outcome o = new Backtest().run(load(v), new TargetTracking(0.5), 0.5, SETUP);
        for (int i = 0; i < v.length; i++) assertEquals(4, o.desired()[i], "minute " + i);
        assertEquals(0, o.actions());
    }

    @Test
    void scales_in_after_fifteen_minutes_below_ninety_percent_of_target_on_their_average() throws Exception {
        // minute 0: 4 Erlangs -> 8 instances at 0.5; then 1 Erlang = 0.125 per instance (< 0.45)
        Backtest.Outcome o = new Backtest().run(load(repeat(4.0, 1.0, 40)), new TargetTracking(0.5), 0.5, SETUP);
        // minutes 1..15 below -> at the end of minute 15: ceil(8 x 0.125 / 0.5) = 2
        assertEquals(8, o.desired()[15]);
        assertEquals(2, o.desired()[16]);
        assertEquals(2, o.inService()[16], "scale-in takes instances out of service at once");
        // now 0.5 per instance: at target, not below 90 % of it: no further change
        assertEquals(2, o.desired()[39]);
        assertEquals(1, o.actions());
    }

    @Test
    void the_scale_in_average_is_over_the_fifteen_minutes_not_the_latest() throws Exception {
        double[] v = new double[30];
        Arrays.fill(v, 1.0);
        v[0] = 4.0; // 8 instances
        v[15] = 1.6; // the 15th low minute: 0.2 per instance, still below 0.45
        Backtest.Outcome o = new Backtest().run(load(v), new TargetTracking(0.5), 0.5, SETUP);
        // average of 14 x 0.125 and 0.2 = 0.13; ceil(8 x 0.13 / 0.5) = ceil(2.08) = 3 (the latest alone would give 4)
        assertEquals(3, o.desired()[16]);
    }

    @Test
    void does_not_scale_in_while_instances_warm_up() throws Exception {
        // launch + warm-up 20 min. 4 instances; 3 minutes at 0.8 -> 7 at minute 4, in service from minute 24;
        // then 0.6 Erlangs: 0.15 per in-service instance, below 0.45 from minute 4 on
        Backtest.Setup slow = new Backtest.Setup(1, 100, Duration.ofMinutes(18), Duration.ofMinutes(2), 0.85, Duration.ZERO);
        double[] v = new double[40];
        Arrays.fill(v, 0.6);
        v[0] = 2.0;
        v[1] = v[2] = v[3] = 3.2;
        Backtest.Outcome o = new Backtest().run(load(v), new TargetTracking(0.5), 0.5, slow);
        assertEquals(7, o.desired()[4]);
        // 15 low minutes by minute 18, but 3 instances are warming up until minute 24
        for (int i = 4; i <= 23; i++) assertEquals(7, o.desired()[i], "minute " + i);
        assertEquals(4, o.inService()[23], "the 3 new ones enter service at the end of minute 23");
        // end of minute 23 (all in service now): 15-minute average load 0.6 -> ceil(0.6 / 0.5) = 2
        assertEquals(2, o.desired()[24]);
    }

    @Test
    void desired_capacity_is_clamped_to_the_group_max_and_min() throws Exception {
        Backtest.Setup max6 = new Backtest.Setup(3, 6, Duration.ofMinutes(3), Duration.ofMinutes(2), 0.85, Duration.ZERO);
        Backtest.Outcome up = new Backtest().run(load(repeat(2.0, 3.2, 10)), new TargetTracking(0.5), 0.5, max6);
        assertEquals(6, up.desired()[4], "7 clamped to max 6");
        Backtest.Outcome down = new Backtest().run(load(repeat(4.0, 1.0, 20)), new TargetTracking(0.5), 0.5,
                new Backtest.Setup(3, 10, Duration.ofMinutes(3), Duration.ofMinutes(2), 0.85, Duration.ZERO));
        assertEquals(3, down.desired()[16], "2 clamped to min 3");
    }

    @Test
    void a_minute_without_data_starts_the_count_again() throws Exception {
        double[] v = {2.0, 3.2, 3.2, Double.NaN, 3.2, 3.2, 3.2, 3.2, 3.2, 3.2};
        Backtest.Outcome o = new Backtest().run(load(v), new TargetTracking(0.5), 0.5, SETUP);
        assertEquals(4, o.desired()[6], "minutes 4, 5, 6 are the first three in a row");
        assertEquals(7, o.desired()[7]);
    }
}
