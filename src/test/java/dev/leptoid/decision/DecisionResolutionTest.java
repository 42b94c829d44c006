package dev.leptoid.decision;

import dev.leptoid.config.PolicySettings;
import dev.leptoid.config.Slo;
import dev.leptoid.decision.DecisionResolution.Aggregate;
import dev.leptoid.forecast.Forecast;
import dev.leptoid.forecast.ForecastResult;
import dev.leptoid.forecast.Forecaster;
import dev.leptoid.forecast.InsufficientHistory;
import dev.leptoid.forecast.LastValueForecaster;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DecisionResolutionTest {

    static final double X = Double.NaN;

    @Test
    void buckets_end_at_the_newest_point_and_a_leading_partial_bucket_is_dropped() {
        double[] h = {100, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}; // 11 points, buckets of 5: the 100 is dropped
        assertArrayEquals(new double[] {5, 10}, DecisionResolution.aggregate(h, 5, Aggregate.MAX));
        assertArrayEquals(new double[] {3, 8}, DecisionResolution.aggregate(h, 5, Aggregate.MEAN));
    }

    @Test
    void a_bucket_aggregates_its_present_points_and_is_a_gap_only_when_all_are_missing() {
        double[] h = {1, X, 9, X, 2, X, X, X, X, X};
        assertArrayEquals(new double[] {9, X}, DecisionResolution.aggregate(h, 5, Aggregate.MAX));
        assertArrayEquals(new double[] {4, X}, DecisionResolution.aggregate(h, 5, Aggregate.MEAN));
    }

    @Test
    void the_factor_is_the_run_interval_in_steps_or_one_when_it_is_not_a_whole_number() {
        assertEquals(5, DecisionResolution.factor(60, Duration.ofMinutes(5)));
        assertEquals(1, DecisionResolution.factor(300, Duration.ofMinutes(5)));
        assertEquals(1, DecisionResolution.factor(120, Duration.ofMinutes(5)));
        assertEquals(1, DecisionResolution.factor(600, Duration.ofMinutes(5)));
    }

    @Test
    void the_bucket_forecast_is_spread_over_its_steps_and_covers_the_horizon() {
        double[] h = new double[60];
        for (int i = 0; i < h.length; i++) h[i] = i % 5 == 2 ? 7 : 1; // the busiest minute of every 5 is 7
        ForecastResult r = DecisionResolution.forecast(new LastValueForecaster(), h, 60, 12, 80, 5, Aggregate.MAX);
        Forecast f = assertInstanceOf(Forecast.class, r);
        assertEquals(15, f.horizon(), "12 steps need 3 buckets of 5");
        for (int k = 0; k < f.horizon(); k++) assertEquals(7, f.meanAt(k), 1e-12, "step " + k);
        assertTrue(f.method().endsWith("of max per 5 steps"), f.method());
        Forecast mean = assertInstanceOf(Forecast.class,
                DecisionResolution.forecast(new LastValueForecaster(), h, 60, 12, 80, 5, Aggregate.MEAN));
        assertEquals((7 + 4) / 5.0, mean.meanAt(0), 1e-12);
    }

    @Test
    void too_little_history_for_the_buckets_is_still_insufficient_history() {
        double[] h = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}; // 2 buckets: the naive forecaster needs 3 points
        assertInstanceOf(InsufficientHistory.class,
                DecisionResolution.forecast(new LastValueForecaster(), h, 60, 10, 80, 5, Aggregate.MAX));
    }

    @Test
    void a_bucket_max_is_never_below_its_mean_nor_above_the_highest_point() {
        Random rnd = new Random(42);
        for (int c = 0; c < 500; c++) {
            int n = 1 + rnd.nextInt(200), f = 1 + rnd.nextInt(12);
            double[] h = new double[n];
            for (int i = 0; i < n; i++) h[i] = rnd.nextInt(6) == 0 ? X : rnd.nextDouble() * 100;
            double[] max = DecisionResolution.aggregate(h, f, Aggregate.MAX), mean = DecisionResolution.aggregate(h, f, Aggregate.MEAN);
            assertEquals(n / f, max.length, "case " + c);
            double top = Arrays.stream(h).filter(v -> !Double.isNaN(v)).max().orElse(X);
            for (int b = 0; b < max.length; b++) {
                assertEquals(Double.isNaN(max[b]), Double.isNaN(mean[b]), "case " + c);
                if (Double.isNaN(max[b])) continue;
                assertTrue(max[b] >= mean[b] - 1e-9 && max[b] <= top, "case " + c + " bucket " + b);
            }
        }
    }

    @Test
    void with_an_slo_the_forecaster_sees_the_buckets_with_isolated_bursts_cleaned() {
        PolicySettings s = PolicySettings.DEFAULTS.withSlo(new Slo(0.85, 0.001));
        DecisionResolution.Bursts b = DecisionResolution.Bursts.of(s, 60);
        assertEquals(4, b.maxRun(), "lead 5 min + stabilization 15 min in 5-minute buckets");
        assertEquals(288, b.season());
        assertEquals(6, DecisionResolution.Bursts.of(s.withLeadTime(Duration.ofMinutes(15)), 60).maxRun());
        assertEquals(DecisionResolution.Bursts.NONE, DecisionResolution.Bursts.of(PolicySettings.DEFAULTS, 60),
                "a configured quantile keeps its meaning: nothing is cleaned");
        // two days of minutes at 5 with one 10-minute burst at 50 in the middle; the seen history ends flat
        double[] h = new double[2 * 1440];
        Arrays.fill(h, 5);
        for (int i = 1440; i < 1450; i++) h[i] = 50;
        double[][] seen = new double[1][];
        Forecaster spy = (history, step, horizon, level) -> {
            seen[0] = history.clone();
            return new LastValueForecaster().forecast(history, step, horizon, level);
        };
        Forecast f = assertInstanceOf(Forecast.class, DecisionResolution.forecast(spy, h, 60, 10, 94, 5, Aggregate.MAX, b));
        assertEquals(2 * 288, seen[0].length);
        for (double x : seen[0]) assertEquals(5, x, 1e-12);
        assertTrue(f.method().contains("1 isolated burst(s) (2 bucket(s)) cleaned"), f.method());
        DecisionResolution.forecast(spy, h, 60, 10, 94, 5, Aggregate.MAX, DecisionResolution.Bursts.NONE);
        assertEquals(50, Arrays.stream(seen[0]).max().getAsDouble(), "without the rule the forecaster sees the burst");
    }
}
