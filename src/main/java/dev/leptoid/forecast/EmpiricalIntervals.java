package dev.leptoid.forecast;

import java.util.Arrays;
import java.util.List;

/**
 * Prediction intervals from the model's own multi-step errors on the history (empirical
 * intervals, Williams and Goodman 1971): from every origin t of the history the fitted model
 * forecasts k steps ahead as it would at the end (level and damped trend after t, the seasonal
 * state of the target's phase for a seasonal ETS model, plus each
 * seasonal component's cycle before t repeated), and the bounds at step k are the mean plus
 * the {@code (1 - level)/2} and {@code (1 + level)/2} quantiles of those k-step errors.
 *
 * <p>Why not the model's analytic variance: ETS(A,N,N) says the k-step variance grows like
 * {@code 1 + (k - 1) alpha^2}, a random walk; on mean-reverting utilisation that made 80 %
 * intervals cover 99 % of a day ahead, and where the model misses structure (a season it only
 * roughly captures) it can be too narrow. The errors themselves are right whatever the model
 * misses, and skewed when the data are (spikes up), which matters for the upper bound.
 *
 * <p>Errors are taken on a grid of horizons (1, 2, 3, 4, 6, 8, 12, ..., about x1.4 apart, and h)
 * from at most {@link #SAMPLES} origins each; between grid points the quantiles are
 * interpolated linearly, and each half-width is kept from shrinking with the horizon. Past the last horizon with {@link #MIN_ORIGINS} origins (short
 * histories) the last empirical half-widths are stretched in proportion to the analytic ones, at
 * most like a random walk ({@code sqrt(k / k_last)}): the analytic variance of multiplicative
 * errors can grow without bound on spiky data.
 */
final class EmpiricalIntervals {

    /** Fewest origins from which a horizon's quantiles are taken. */
    static final int MIN_ORIGINS = 50;
    /** Most origins used per horizon (evenly spaced over the history). */
    static final int SAMPLES = 1000;

    private EmpiricalIntervals() {}

    /**
     * A model's forecasts from past origins: {@code at(t, k)} is the forecast of {@code y[t + k]}
     * it makes with the states after observation t, exactly as it forecasts from the end.
     */
    interface PastForecasts {
        double at(int t, int k);

        /**
         * Whether the model's errors scale with its forecast (multiplicative errors): the
         * intervals then come from relative errors {@code (y - f) / f}, so errors made at an
         * old, lower level are not taken for today's.
         */
        default boolean relative() { return false; }
    }

    /**
     * The past forecasts of an ETS fit to {@code z} plus, for STL + ETS, each seasonal
     * component's cycle before the origin repeated.
     *
     * @param fit the ETS fit to {@code z}
     * @param z the series the fit was made on (the data, or the seasonally adjusted data)
     * @param periods the seasonal components' periods (empty for plain ETS)
     * @param seasonals the seasonal components over the data
     */
    static PastForecasts of(EtsFit fit, double[] z, List<Integer> periods, List<double[]> seasonals) {
        return of(fit, z, periods, seasonals, false);
    }

    /**
     * As {@link #of(EtsFit, double[], List, List)}; with {@code relativeIfMultiplicative} a fit
     * with multiplicative errors (and no STL components) gives relative errors
     * ({@link PastForecasts#relative()}).
     */
    static PastForecasts of(EtsFit fit, double[] z, List<Integer> periods, List<double[]> seasonals, boolean relativeIfMultiplicative) {
        double[][][] states = new double[1][][]; // filtered on first use: most candidates are never asked
        boolean relative = relativeIfMultiplicative && fit.spec().error() == EtsSpec.Error.M && periods.isEmpty();
        return new PastForecasts() {
            @Override public double at(int t, int k) {
                if (states[0] == null) states[0] = fit.filteredStates(z);
                double f = fit.forecastFrom(states[0], t, k);
                for (int c = 0; c < periods.size(); c++) {
                    int per = periods.get(c);
                    f += seasonals.get(c)[t + 1 - per + ((k - 1) % per)];
                }
                return f;
            }

            @Override public boolean relative() { return relative; }
        };
    }

    /** The first origin from which the past forecasts of such a model are defined (one cycle of each season). */
    static int firstOrigin(EtsFit fit, List<Integer> periods) {
        return Math.max(fit.spec().period(), periods.stream().mapToInt(Integer::intValue).max().orElse(0));
    }

    /**
     * @param analytic the model's forecast (mean and analytic bounds) for steps 1..h
     * @param past the model's forecasts from past origins
     * @param y the data
     * @param firstOrigin the earliest origin {@code past} is defined from
     */
    /** Whether {@link #apply} makes the bounds from relative errors: the model's are, and its forecast stays positive. */
    static boolean relative(Forecast analytic, PastForecasts past) {
        return past.relative() && Stats.min(analytic.mean()) > 0;
    }

    static Forecast apply(Forecast analytic, PastForecasts past, double[] y, int firstOrigin) {
        int n = y.length, h = analytic.horizon();
        double level = analytic.level();
        double a = (1 - level / 100.0) / 2;
        int burnIn = 10 + n / 20;
        int[] grid = grid(h);
        boolean relative = relative(analytic, past);
        double[] qLo = new double[grid.length], qHi = new double[grid.length];
        int good = 0;
        double[] e = new double[SAMPLES];
        for (int g = 0; g < grid.length; g++) {
            int k = grid[g];
            int first = Math.max(burnIn, firstOrigin), last = n - 1 - k; // origins t: states after t, target t + k
            int count = last - first + 1;
            if (count < MIN_ORIGINS) break;
            int m = Math.min(SAMPLES, count);
            for (int i = 0; i < m; i++) {
                int t = first + (int) ((long) i * (count - 1) / Math.max(1, m - 1));
                double f = past.at(t, k);
                e[i] = relative ? (y[t + k] - f) / f : y[t + k] - f;
            }
            double[] sorted = Arrays.copyOf(e, m);
            Arrays.sort(sorted);
            qLo[g] = Stats.quantileSorted(sorted, a);
            qHi[g] = Stats.quantileSorted(sorted, 1 - a);
            good = g + 1;
        }
        if (good == 0) return analytic;
        double[] mu = analytic.mean(), lo = new double[h], hi = new double[h];
        double[] aLo = analytic.lower(), aHi = analytic.upper();
        int lastK = grid[good - 1];
        double down = 0, up = 0;
        for (int k = 1; k <= h; k++) {
            double l, u;
            if (k <= lastK) {
                int g = 0;
                while (grid[g] < k) g++;
                if (grid[g] == k || g == 0) { l = qLo[g]; u = qHi[g]; }
                else {
                    double w = (double) (k - grid[g - 1]) / (grid[g] - grid[g - 1]);
                    l = qLo[g - 1] + w * (qLo[g] - qLo[g - 1]);
                    u = qHi[g - 1] + w * (qHi[g] - qHi[g - 1]);
                }
            } else { // beyond the history's reach: stretch like the analytic interval
                double wLast = aHi[lastK - 1] - aLo[lastK - 1], wk = aHi[k - 1] - aLo[k - 1];
                double r = wLast > 0 && Double.isFinite(wk) ? Math.min(Math.max(1, wk / wLast), Math.sqrt((double) k / lastK)) : 1;
                l = qLo[good - 1] * r;
                u = qHi[good - 1] * r;
            }
            down = Math.max(down, -l); // uncertainty does not shrink with the horizon: the
            up = Math.max(up, u);      // quantiles' ups and downs are sampling noise
            double scale = relative ? mu[k - 1] : 1;
            lo[k - 1] = mu[k - 1] - down * scale;
            hi[k - 1] = mu[k - 1] + up * scale;
        }
        return new Forecast(mu, lo, hi, level, analytic.method());
    }

    /**
     * The mean absolute error of a model's past forecasts over the horizons of {@link #grid(int)}
     * that have at least {@link #MIN_ORIGINS} origins, each from the same origins as {@link #apply}
     * uses (after {@code firstOrigin}): how well it forecasts 1..h steps ahead on its own history.
     * NaN when no horizon has enough origins.
     */
    static double pastError(PastForecasts past, double[] y, int firstOrigin, int h) {
        int n = y.length, burnIn = 10 + n / 20, used = 0;
        double sum = 0;
        for (int k : grid(h)) {
            int first = Math.max(burnIn, firstOrigin), last = n - 1 - k;
            int count = last - first + 1;
            if (count < MIN_ORIGINS) break;
            int m = Math.min(SAMPLES, count);
            double s = 0;
            for (int i = 0; i < m; i++) {
                int t = first + (int) ((long) i * (count - 1) / Math.max(1, m - 1));
                s += Math.abs(y[t + k] - past.at(t, k));
            }
            sum += s / m;
            used++;
        }
        return used == 0 ? Double.NaN : sum / used;
    }

    /** Horizons 1, 2, 3, 4, then about x1.4 apart, and h. */
    static int[] grid(int h) {
        int[] g = new int[64];
        int c = 0;
        for (int k = 1; k < h; k = Math.max(k + 1, (int) Math.round(k * 1.4))) g[c++] = k;
        g[c++] = h;
        return Arrays.copyOf(g, c);
    }
}
