package dev.leptoid.forecast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EmpiricalIntervalsTest {

    private final AutoForecaster empirical = new AutoForecaster();
    private final AutoForecaster analytic = new AutoForecaster(AutoForecaster.Options.defaults().withAnalyticIntervals(true));

    /** Mean-reverting utilisation: AR(1) around 40 with coefficient 0.9, 5-minute steps. */
    private static double[] ar1(int n, SplittableRandom rnd) {
        double[] y = new double[n];
        double x = 0;
        for (int t = 0; t < n; t++) { x = 0.9 * x + 3 * rnd.nextGaussian(); y[t] = 40 + x; }
        return y;
    }

    /** Coverage of the 80 % interval at steps 1, 12 and 48 over many independent series. */
    private static double[] coverage(AutoForecaster f, long seed, int cases) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] steps = {1, 12, 48};
        double[] in = new double[3];
        for (int c = 0; c < cases; c++) {
            double[] y = ar1(2000 + 48, rnd);
            Forecast fc = assertInstanceOf(Forecast.class, f.forecast(Arrays.copyOf(y, 2000), 300, 48, 80));
            for (int i = 0; i < 3; i++) {
                double a = y[2000 + steps[i] - 1];
                if (a >= fc.lowerAt(steps[i] - 1) && a <= fc.upperAt(steps[i] - 1)) in[i] += 1.0 / cases;
            }
        }
        return in;
    }

    @Test
    void eighty_percent_intervals_cover_about_eighty_percent_of_mean_reverting_data_at_every_step() {
        double[] cov = coverage(empirical, 42, 300);
        for (double c : cov) assertTrue(c > 0.72 && c < 0.88, "coverage at steps 1, 12, 48: " + Arrays.toString(cov));
    }

    @Test
    void the_analytic_random_walk_variance_is_too_wide_on_the_same_data() {
        double[] cov = coverage(analytic, 42, 300);
        assertTrue(cov[2] > 0.9, "analytic coverage at step 48: " + Arrays.toString(cov)); // the problem the empirical intervals fix
    }

    @Test
    void skewed_errors_give_a_longer_upper_than_lower_half() {
        SplittableRandom rnd = new SplittableRandom(3);
        double[] y = new double[3000];
        for (int t = 0; t < y.length; t++) y[t] = 20 + (rnd.nextDouble() < 0.15 ? 30 * rnd.nextDouble() : rnd.nextGaussian());
        Forecast f = assertInstanceOf(Forecast.class, empirical.forecast(y, 300, 12, 90));
        for (int k = 0; k < 12; k++)
            assertTrue(f.upperAt(k) - f.meanAt(k) > 2 * (f.meanAt(k) - f.lowerAt(k)), "step " + (k + 1) + ": " + f.lowerAt(k) + " " + f.meanAt(k) + " " + f.upperAt(k));
    }

    @Test
    void a_short_history_still_gets_ordered_widening_finite_bounds_beyond_its_reach() {
        SplittableRandom rnd = new SplittableRandom(9);
        for (int c = 0; c < 50; c++) {
            double[] y = ar1(30 + rnd.nextInt(200), rnd);
            Forecast f = assertInstanceOf(Forecast.class, empirical.forecast(y, 300, 288, 80));
            for (int k = 0; k < f.horizon(); k++) {
                assertTrue(Double.isFinite(f.lowerAt(k)) && Double.isFinite(f.upperAt(k)), "finite at " + k);
                assertTrue(f.lowerAt(k) <= f.meanAt(k) && f.meanAt(k) <= f.upperAt(k), "ordered at " + k);
                if (k > 0) assertTrue(f.upperAt(k) - f.lowerAt(k) >= f.upperAt(k - 1) - f.lowerAt(k - 1) - 1e-9, "widening at " + k);
            }
        }
    }

    @Test
    void the_horizon_grid_starts_at_one_ends_at_h_and_rises() {
        assertArrayEquals(new int[] {1}, EmpiricalIntervals.grid(1));
        for (int h : new int[] {2, 12, 60, 288, 1440}) {
            int[] g = EmpiricalIntervals.grid(h);
            assertEquals(1, g[0]);
            assertEquals(h, g[g.length - 1]);
            for (int i = 1; i < g.length; i++) assertTrue(g[i] > g[i - 1], Arrays.toString(g));
        }
    }

    @Test
    void msis_is_the_width_when_every_actual_is_inside_and_adds_the_scaled_miss_otherwise() {
        double[] train = {0, 2, 0, 2, 0}; // naive scale (m = 1): 2
        double[] lo = {1, 1}, hi = {3, 3};
        assertEquals(1.0, Accuracy.msis(new double[] {2, 2}, lo, hi, 80, train, 1), 1e-12);
        // second actual 1 above the upper bound: score 2 + (2 / 0.2) x 1 = 12; mean (2 + 12) / 2 = 7, / 2 = 3.5
        assertEquals(3.5, Accuracy.msis(new double[] {2, 4}, lo, hi, 80, train, 1), 1e-12);
    }

    @Test
    void eighty_percent_intervals_of_a_seasonal_ets_model_cover_about_eighty_percent() {
        SplittableRandom rnd = new SplittableRandom(21);
        AutoForecaster ets = new AutoForecaster(AutoForecaster.Options.defaults().withMethod(AutoForecaster.Method.ETS));
        int[] steps = {1, 12, 24};
        double[] cov = new double[3];
        int cases = 200;
        for (int c = 0; c < cases; c++) {
            double[] y = new double[600 + 24]; // hourly: AR(1) noise on a daily cycle
            double x = 0;
            for (int t = 0; t < y.length; t++) { x = 0.8 * x + 2 * rnd.nextGaussian(); y[t] = 50 + 20 * Math.sin(2 * Math.PI * t / 24) + x; }
            Forecast f = assertInstanceOf(Forecast.class, ets.forecast(Arrays.copyOf(y, 600), 3600, 24, 80));
            assertTrue(f.method().endsWith("[24]"), f.method());
            for (int i = 0; i < 3; i++) {
                double a = y[600 + steps[i] - 1];
                if (a >= f.lowerAt(steps[i] - 1) && a <= f.upperAt(steps[i] - 1)) cov[i] += 1.0 / cases;
            }
        }
        for (double c : cov) assertTrue(c > 0.72 && c < 0.88, "coverage at steps 1, 12, 24: " + Arrays.toString(cov));
    }

    /**
     * Daily counts with a weekly cycle whose level grows 0.5 % a day with relative noise (seasonal
     * ETS with multiplicative errors): errors from the past, made at a level up to 7x lower, are
     * taken relative to their forecasts, so the bounds scale with today's level.
     */
    @Test
    void multiplicativeErrorsOnGrowingSeasonalDataAreCoveredAtTheirLevel() {
        SplittableRandom rnd = new SplittableRandom(17);
        int n = 400, h = 14, cases = 100;
        int[] steps = {1, 7, 14};
        double[] in = new double[3];
        for (int c = 0; c < cases; c++) {
            double[] y = new double[n + h];
            double level = 100;
            for (int t = 0; t < y.length; t++) {
                level *= 1.005 * (1 + 0.01 * rnd.nextGaussian());
                y[t] = level * (t % 7 >= 5 ? 0.6 : 1.1) * (1 + 0.05 * rnd.nextGaussian());
            }
            Forecast fc = assertInstanceOf(Forecast.class, empirical.forecast(Arrays.copyOf(y, n), 86_400, h, 80));
            for (int i = 0; i < 3; i++) {
                double a = y[n + steps[i] - 1];
                if (a >= fc.lowerAt(steps[i] - 1) && a <= fc.upperAt(steps[i] - 1)) in[i] += 1.0 / cases;
            }
        }
        for (int i = 0; i < 3; i++) assertTrue(in[i] >= 0.72 && in[i] <= 0.88, "step " + steps[i] + ": " + Arrays.toString(in));
    }
}
