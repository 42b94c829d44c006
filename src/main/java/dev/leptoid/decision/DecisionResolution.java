package dev.leptoid.decision;

import dev.leptoid.config.PolicySettings;
import dev.leptoid.forecast.Forecast;
import dev.leptoid.forecast.ForecastResult;
import dev.leptoid.forecast.Forecaster;
import dev.leptoid.model.Outliers;

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

    /**
     * Which isolated bursts of the buckets' history are cleaned before the forecast (issue 17: the margin pays
     * for what a forecast can see, the breach budget for bursts no forecast sees).
     *
     * @param maxRun longest burst, in buckets
     * @param season buckets in a day (0 when a day is not a whole number of them)
     * @param perMinute bursts allowed per minute of history: the SLO's breach budget, since a burst no forecast
     *                  sees breaches at least one minute; 0 cleans nothing
     */
    public record Bursts(int maxRun, int season, double perMinute) {
        /** Nothing is cleaned. */
        public static final Bursts NONE = new Bursts(1, 0, 0);

        /**
         * For a policy: with an SLO, bursts of at most lead time + stabilization window (an instance launched
         * at a burst's start would be in service after the lead time and then kept a whole stabilization
         * window: a burst over before that is one a forecast-driven scaler only pays for), at most the breach
         * budget's share of the history's minutes; without an SLO (a configured quantile), nothing.
         */
        public static Bursts of(PolicySettings s, long stepSeconds) {
            if (s.slo().isEmpty()) return NONE;
            long bucket = stepSeconds * factor(stepSeconds, s.runInterval());
            int run = (int) Math.max(1, (s.leadTime().plus(s.stabilization()).toSeconds() + bucket - 1) / bucket);
            int day = 86_400 % bucket == 0 ? (int) (86_400 / bucket) : 0;
            return new Bursts(run, day, s.slo().get().breachBudget());
        }

        /** {@code buckets} of {@code bucketSeconds} each with this rule's bursts cleaned. */
        Outliers.Cleaned clean(double[] buckets, long bucketSeconds) {
            int allowed = (int) Math.floor(perMinute * buckets.length * bucketSeconds / 60.0);
            return Outliers.isolatedBursts(buckets, maxRun, season, allowed);
        }
    }

    /**
     * As {@link #forecast(Forecaster, double[], long, int, double, int, Aggregate)}, forecasting the buckets with
     * the isolated bursts {@code bursts} names cleaned out (the history the forecaster sees; the caller's load is
     * not changed).
     */
    public static ForecastResult forecast(Forecaster forecaster, double[] history, long stepSeconds, int horizon, double level,
                                          int factor, Aggregate how, Bursts bursts) {
        if (bursts.perMinute() <= 0) return forecast(forecaster, history, stepSeconds, horizon, level, factor, how);
        int f = Math.max(1, factor);
        int buckets = (horizon + f - 1) / f;
        Outliers.Cleaned cleaned = bursts.clean(aggregate(history, f, how), stepSeconds * f);
        ForecastResult r = forecaster.forecast(cleaned.values(), stepSeconds * f, buckets, level);
        if (!(r instanceof Forecast fc)) return r;
        Forecast out = expand(fc, f, how);
        return cleaned.bursts() == 0 ? out : out.describedAs(out.method() + String.format(Locale.ROOT,
                ", %d isolated burst(s) (%d bucket(s)) cleaned from the history", cleaned.bursts(), cleaned.points()));
    }

    private static double[] repeat(double[] v, int factor) {
        double[] out = new double[v.length * factor];
        for (int j = 0; j < v.length; j++) Arrays.fill(out, j * factor, (j + 1) * factor, v[j]);
        return out;
    }
}
