package dev.leptoid.decision;

import dev.leptoid.forecast.Forecast;
import dev.leptoid.forecast.ForecastResult;
import dev.leptoid.forecast.Forecaster;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * Forecasting at the resolution decisions are made at. A decision covers one run interval
 * (e.g. 5 minutes) and must hold capacity for the busiest minute in it, so the per-step history
 * (e.g. 1-minute points) is first aggregated into run-interval buckets -- each bucket's
 * {@link Aggregate#MAX peak} by default -- and the forecast of those buckets is spread back
 * onto the steps (every step of a bucket carries the bucket's forecast). The upper quantile of
 * a bucket's peak is what sizing needs; the maximum of per-minute upper bounds is not (it
 * understates the peak of independent minutes). It also makes the forecast 5x cheaper: a week
 * of minutes is 10,080 points, of 5-minute buckets 2,016.
 */
public final class DecisionResolution {

    /** How the steps of a bucket are combined. */
    public enum Aggregate {
        /** Mean of the bucket's present steps: a forecast of the average load. */
        MEAN,
        /** Highest present step: a forecast of the busiest step of each interval. */
        MAX
    }

    /** How leptoid aggregates (docs/backtest.md: measured against {@link Aggregate#MEAN}). */
    public static final Aggregate AGGREGATE = Aggregate.MAX;

    private DecisionResolution() {}

    /** Steps per bucket: the run interval in steps when it is a whole number of them, else 1 (no aggregation). */
    public static int factor(long stepSeconds, Duration runInterval) {
        long r = runInterval.toSeconds();
        if (stepSeconds <= 0 || r < stepSeconds || r % stepSeconds != 0) return 1;
        return (int) Math.min(Integer.MAX_VALUE, r / stepSeconds);
    }

    /**
     * Buckets of {@code factor} steps, the last one ending at the last element (so the forecast
     * still starts right after the newest point); a leading partial bucket is dropped. A bucket
     * with no present step is a gap (NaN).
     */
    public static double[] aggregate(double[] history, int factor, Aggregate how) {
        if (factor < 1) throw new IllegalArgumentException("factor must be >= 1, got " + factor);
        if (factor == 1) return history.clone();
        int buckets = history.length / factor;
        int offset = history.length - buckets * factor;
        double[] out = new double[buckets];
        for (int b = 0; b < buckets; b++) {
            double acc = how == Aggregate.MAX ? Double.NEGATIVE_INFINITY : 0;
            int n = 0;
            for (int i = offset + b * factor, end = i + factor; i < end; i++) {
                double v = history[i];
                if (Double.isNaN(v)) continue;
                acc = how == Aggregate.MAX ? Math.max(acc, v) : acc + v;
                n++;
            }
            out[b] = n == 0 ? Double.NaN : how == Aggregate.MAX ? acc : acc / n;
        }
        return out;
    }

    /** Each bucket's forecast repeated over its {@code factor} steps; the method names the buckets. */
    public static Forecast expand(Forecast f, int factor, Aggregate how) {
        if (factor == 1) return f;
        return new Forecast(repeat(f.mean(), factor), repeat(f.lower(), factor), repeat(f.upper(), factor), f.level(),
                f.method() + " of " + how.name().toLowerCase(Locale.ROOT) + " per " + factor + " steps");
    }

    /**
     * Forecasts {@code horizon} steps of {@code history} (step {@code stepSeconds}) from buckets of
     * {@code factor} steps aggregated by {@code how}; the answer is on the original steps and covers
     * at least {@code horizon} of them.
     */
    public static ForecastResult forecast(Forecaster forecaster, double[] history, long stepSeconds, int horizon, double level,
                                          int factor, Aggregate how) {
        if (factor <= 1) return forecaster.forecast(history, stepSeconds, horizon, level);
        int buckets = (horizon + factor - 1) / factor;
        ForecastResult r = forecaster.forecast(aggregate(history, factor, how), stepSeconds * factor, buckets, level);
        return r instanceof Forecast f ? expand(f, factor, how) : r;
    }

    private static double[] repeat(double[] v, int factor) {
        double[] out = new double[v.length * factor];
        for (int j = 0; j < v.length; j++) Arrays.fill(out, j * factor, (j + 1) * factor, v[j]);
        return out;
    }
}
