package dev.leptoid.model;

import dev.leptoid.source.Series;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutliersTest {

    /** Two hours of minutes around 5 Erlangs (seeded noise). */
    private static double[] normal() {
        Random r = new Random(7);
        double[] v = new double[120];
        for (int i = 0; i < v.length; i++) v[i] = 5 + r.nextGaussian();
        return v;
    }

    private static Series series(double[] v) { return new Series("load", 1_800_000_000L, 60, v); }

    @Test
    void ordinary_traffic_is_believed_as_it_is() {
        Series s = series(normal());
        Outliers.Filtered f = Outliers.filter(s);
        assertSame(s, f.load());
        assertNull(f.note());
    }

    @Test
    void one_point_far_above_the_look_back_is_missing_not_zero_wherever_it_is() {
        for (int at : new int[] {119, 90, 0}) {
            double[] v = normal();
            v[at] = 2e10;
            Outliers.Filtered f = Outliers.filter(series(v));
            assertTrue(Double.isNaN(f.load().valueAt(at)), "at " + at);
            assertEquals(119, f.load().presentCount(), "only that point");
            assertTrue(f.note().startsWith("distrusted 1 offered-load point(s) (worst 2.000e+10"), f.note());
        }
    }

    @Test
    void a_level_that_stays_up_longer_than_the_short_run_limit_is_believed() {
        double[] v = normal();
        for (int i = 120 - Outliers.MAX_RUN - 1; i < 120; i++) v[i] = 500; // 100x, for 3 steps: a real surge
        assertNull(Outliers.filter(series(v)).note());
        double[] w = normal();
        for (int i = 120 - Outliers.MAX_RUN; i < 120; i++) w[i] = 500; // for 2 steps: not yet
        assertEquals(Outliers.MAX_RUN, 120 - Outliers.filter(series(w)).load().presentCount());
    }

    @Test
    void spikes_within_ten_times_the_99th_percentile_are_real_load() {
        double[] v = normal();
        v[60] = 40; // 8x the level: a burst, not garbage
        assertNull(Outliers.filter(series(v)).note());
    }

    @Test
    void non_finite_and_negative_values_are_distrusted_even_with_little_history() {
        double[] v = {1, 2, Double.POSITIVE_INFINITY, 3, -4};
        Outliers.Filtered f = Outliers.filter(series(v));
        assertEquals(Arrays.toString(new double[] {1, 2, Double.NaN, 3, Double.NaN}), Arrays.toString(f.load().values()));
        assertTrue(f.note().contains("not a finite number >= 0"), f.note());
    }

    @Test
    void with_too_little_history_to_know_normal_a_large_value_is_believed() {
        double[] v = new double[Outliers.MIN_POINTS - 1];
        Arrays.fill(v, 1);
        v[v.length - 1] = 1e6;
        assertNull(Outliers.filter(series(v)).note());
    }

    /** A week of 5-minute buckets with a daily cycle (seeded noise). */
    private static double[] daily() {
        return daily(7);
    }

    /** {@code days} of 5-minute buckets with a daily cycle and noise (fixed seed). */
    private static double[] daily(int days) {
        Random r = new Random(11);
        double[] v = new double[days * 288];
        for (int i = 0; i < v.length; i++) v[i] = 10 + 4 * Math.sin(2 * Math.PI * i / 288) + 0.3 * r.nextGaussian();
        return v;
    }

    @Test
    void an_isolated_burst_is_replaced_by_the_line_between_its_neighbours() {
        double[] v = daily();
        v[1000] = 60;
        v[1001] = 45;
        Outliers.Cleaned c = Outliers.isolatedBursts(v, 4, 288, 10);
        assertEquals(1, c.bursts());
        assertEquals(2, c.points());
        assertEquals(v[999] + (v[1002] - v[999]) / 3, c.values()[1000], 1e-12);
        assertEquals(v[999] + 2 * (v[1002] - v[999]) / 3, c.values()[1001], 1e-12);
        for (int i = 0; i < v.length; i++) if (i != 1000 && i != 1001) assertEquals(v[i], c.values()[i], "index " + i);
        assertEquals(60, v[1000], "the input is not changed");
    }

    @Test
    void ordinary_noise_and_the_daily_cycle_are_not_bursts() {
        double[] v = daily();
        Outliers.Cleaned c = Outliers.isolatedBursts(v, 4, 288, 10);
        assertEquals(0, c.bursts());
        assertTrue(Arrays.equals(v, c.values()));
    }

    @Test
    void a_rise_longer_than_the_longest_burst_is_a_level_and_stays() {
        double[] v = daily();
        for (int i = 1000; i < 1006; i++) v[i] += 40; // 6 buckets, longest burst 4
        assertEquals(0, Outliers.isolatedBursts(v, 4, 288, 10).bursts());
        assertEquals(1, Outliers.isolatedBursts(v, 6, 288, 10).bursts());
    }

    @Test
    void the_newest_points_are_never_cleaned_a_rise_going_on_may_not_end() {
        double[] v = daily();
        v[v.length - 1] = 60;
        v[v.length - 2] = 60;
        Outliers.Cleaned c = Outliers.isolatedBursts(v, 4, 288, 10);
        assertEquals(0, c.bursts());
        assertEquals(60, c.values()[v.length - 1]);
    }

    @Test
    void a_spike_that_comes_back_at_the_same_time_of_day_is_one_a_forecast_can_see() {
        double[] v = daily();
        for (int day = 0; day < 7; day++) v[day * 288 + 100] = 60; // every day at 08:20
        assertEquals(0, Outliers.isolatedBursts(v, 4, 288, 10).bursts());
        assertEquals(7, Outliers.isolatedBursts(v, 4, 0, 10).bursts(), "without a season each is isolated");
    }

    @Test
    void a_peak_that_comes_back_on_the_same_day_of_the_week_stays_though_the_days_around_it_lack_it() {
        double[] v = daily(9); // more than a week
        v[100] = 60; // a Saturday-night peak
        v[100 + 7 * 288] = 60; // the next Saturday
        assertEquals(0, Outliers.isolatedBursts(v, 4, 288, 10).bursts());
        v[100 + 7 * 288] = v[100 + 6 * 288];
        assertEquals(1, Outliers.isolatedBursts(v, 4, 288, 10).bursts(), "once only: a burst");
    }

    @Test
    void at_most_the_budget_of_bursts_is_cleaned_the_highest_first() {
        double[] v = daily();
        for (int b = 0; b < 5; b++) v[150 + 397 * b] = 30 + 10 * b; // five bursts, the last the highest
        Outliers.Cleaned c = Outliers.isolatedBursts(v, 4, 288, 2);
        assertEquals(2, c.bursts());
        assertEquals(v[150 + 397 * 2], c.values()[150 + 397 * 2], "the third highest stays");
        assertTrue(c.values()[150 + 397 * 4] < 20, "the highest is cleaned");
        assertTrue(c.values()[150 + 397 * 3] < 20, "the second highest is cleaned");
        assertEquals(0, Outliers.isolatedBursts(v, 4, 288, 0).bursts(), "no budget, no cleaning");
    }

    @Test
    void a_burst_next_to_a_gap_stays_its_neighbours_are_unknown() {
        double[] v = daily();
        v[1000] = 60;
        v[1001] = Double.NaN;
        Outliers.Cleaned c = Outliers.isolatedBursts(v, 4, 288, 10);
        assertEquals(0, c.bursts());
        assertTrue(Double.isNaN(c.values()[1001]), "a gap stays a gap, never zero");
    }
}
