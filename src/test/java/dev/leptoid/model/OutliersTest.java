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
}
