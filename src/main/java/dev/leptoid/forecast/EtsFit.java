package dev.leptoid.forecast;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A fitted ETS model: its smoothing parameters, the initial states (in R's order
 * {@code l, b, s0..s(m-1)}, s0 the most recent season), the states after the last observation,
 * the innovation variance and the information criteria (as R's {@code ets()} reports them).
 *
 * @param endSeason seasonal states in order of next use: {@code endSeason[0]} applies one step ahead
 */
public record EtsFit(EtsSpec spec, double alpha, double beta, double gamma, double phi,
                     double[] initialState, double endLevel, double endTrend, double[] endSeason,
                     double sigma2, double logLik, double aic, double aicc, double bic, int n) {

    public EtsFit {
        initialState = initialState.clone();
        endSeason = endSeason.clone();
    }

    @Override public double[] initialState() { return initialState.clone(); }

    @Override public double[] endSeason() { return endSeason.clone(); }

    /** Simulation paths for interval models with no analytic variance (multiplicative season). */
    private static final int PATHS = 2000;
    private static final long SEED = 20120101L;

    /**
     * The filter step, without any parameter search: the states after each observation of
     * {@code z} (the series this model was fitted to, or new data of the same kind), run from the
     * initial states with this fit's parameters. {@code [0][t]} level, {@code [1][t]} trend (0
     * without), {@code [2][t]} the seasonal state of t's phase after observation t (0 without
     * season), {@code [3][t]} the one-step forecast of {@code z[t]} made before it was observed (a NaN point
     * is not observed: the states move as the forecast does).
     */
    public double[][] filteredStates(double[] z) {
        int m = spec.hasSeason() ? spec.period() : 0;
        double[] ring = new double[m];
        for (int i = 0; i < m; i++) ring[i] = initialState[2 + m - 1 - i];
        Filter f = new Filter(initialState[0], initialState[1], ring);
        double[][] out = new double[4][z.length];
        for (int t = 0; t < z.length; t++) {
            out[3][t] = f.step(z[t]);
            out[0][t] = f.l;
            out[1][t] = f.b;
            out[2][t] = f.lastSeason;
        }
        return out;
    }

    /**
     * This model carried over {@code z}, the points after the data it was fitted to, with its
     * parameters fixed: the end states after filtering {@code z} (a NaN point is not observed: the
     * states move as the forecast does, the seasonal states keep their values). No search, one
     * pass. The fit's likelihood and criteria stay those of the data it was fitted to.
     */
    public EtsFit after(double[] z) {
        Filter f = new Filter(endLevel, endTrend, endSeason.clone());
        for (double zt : z) f.step(zt);
        int m = f.ring.length;
        double[] season = new double[m];
        for (int j = 0; j < m; j++) season[j] = f.ring[(f.pos + j) % m];
        return new EtsFit(spec, alpha, beta, gamma, phi, initialState, f.l, f.b, season, sigma2, logLik, aic, aicc, bic, n);
    }

    /**
     * The state recursions with this fit's parameters: level, trend and the seasonal states in
     * order of use ({@code ring[pos]} is the one used at the next step).
     */
    private final class Filter {
        double l, b, lastSeason;
        final double[] ring;
        int pos;

        Filter(double l, double b, double[] ring) {
            this.l = l;
            this.b = b;
            this.ring = ring;
        }

        /**
         * Observes {@code z} (NaN: not observed, the states move as the forecast does); returns the
         * one-step forecast of it made before. {@link #lastSeason} is then the seasonal state of its
         * phase (0 without season).
         */
        double step(double z) {
            int m = ring.length;
            boolean mult = spec.season() == EtsSpec.Season.M;
            double phib = switch (spec.trend()) { case N -> 0; case A -> b; case Ad -> phi * b; };
            double q = l + phib;
            double sv = m == 0 ? 0 : ring[pos];
            double forecast = m == 0 ? q : mult ? q * sv : q + sv;
            if (Double.isNaN(z)) {
                l = q;
                b = phib;
            } else {
                double p = m == 0 ? z : mult ? z / sv : z - sv; // the observation without its season
                l = q + alpha * (p - q);
                if (spec.hasTrend()) b = phib + beta * (p - q);
                if (m > 0) ring[pos] = sv + gamma * ((mult ? z / q : z - q) - sv);
            }
            if (m > 0) {
                lastSeason = ring[pos];
                if (++pos == m) pos = 0;
            }
            return forecast;
        }
    }

    /**
     * The point forecast of {@code z[t + k]} made from the states after observation t
     * ({@code states} from {@link #filteredStates}); the seasonal state of the target's phase is
     * the one last updated at or before t (an initial state when there is none yet).
     */
    public double forecastFrom(double[][] states, int t, int k) {
        double damp = switch (spec.trend()) {
            case N -> 0;
            case A -> k;
            case Ad -> phi * (1 - Math.pow(phi, k)) / (1 - phi);
        };
        double q = states[0][t] + damp * states[1][t];
        if (!spec.hasSeason()) return q;
        int m = spec.period();
        int j = t + 1 - m + (k - 1) % m;
        double s = j >= 0 ? states[2][j] : initialState[2 + (-1 - j)];
        return spec.season() == EtsSpec.Season.M ? q * s : q + s;
    }

    /** Point forecasts for steps 1..h. */
    public double[] pointForecast(int h) {
        double[] mu = new double[h];
        double damp = 0;
        double p = 1;
        int m = endSeason.length;
        for (int k = 1; k <= h; k++) {
            switch (spec.trend()) {
                case N -> damp = 0;
                case A -> damp = k;
                case Ad -> { p *= phi; damp += p; }
            }
            double q = endLevel + damp * endTrend;
            double s = m == 0 ? 0 : endSeason[(k - 1) % m];
            mu[k - 1] = switch (spec.season()) {
                case N -> q;
                case A -> q + s;
                case M -> q * s;
            };
        }
        return mu;
    }

    /**
     * Forecast with a central prediction interval at {@code level} percent: analytic variance
     * for the linear (class 1) and multiplicative-error non-seasonal (class 2) models of
     * Hyndman et al. (2008, ch. 6), simulation with a fixed seed for multiplicative seasons.
     */
    public Forecast forecast(int h, double level) {
        double[] mu = pointForecast(h);
        double z = Stats.normalQuantile(0.5 + level / 200.0);
        double[] lo = new double[h];
        double[] hi = new double[h];
        if (spec.season() == EtsSpec.Season.M) {
            simulateIntervals(h, level, lo, hi);
        } else {
            double[] c = new double[h]; // c[j] = w' F^(j-1) g for j >= 1
            double ps = 0;
            double p = 1;
            for (int j = 1; j < h; j++) {
                switch (spec.trend()) {
                    case N -> ps = 0;
                    case A -> ps = j;
                    case Ad -> { p *= phi; ps += p; }
                }
                c[j] = alpha + beta * ps + (spec.hasSeason() && j % spec.period() == 0 ? gamma : 0);
            }
            if (spec.error() == EtsSpec.Error.A) {
                double sum = 0;
                for (int k = 0; k < h; k++) {
                    if (k > 0) sum += c[k] * c[k];
                    double sd = Math.sqrt(sigma2 * (1 + sum));
                    lo[k] = mu[k] - z * sd;
                    hi[k] = mu[k] + z * sd;
                }
            } else {
                double[] theta = new double[h];
                for (int k = 0; k < h; k++) {
                    double t = mu[k] * mu[k];
                    for (int j = 1; j <= k; j++) t += sigma2 * c[j] * c[j] * theta[k - j];
                    theta[k] = t;
                    double v = Math.max(0, (1 + sigma2) * t - mu[k] * mu[k]);
                    double sd = Math.sqrt(v);
                    lo[k] = mu[k] - z * sd;
                    hi[k] = mu[k] + z * sd;
                }
            }
        }
        for (int k = 0; k < h; k++) { // keep lower <= mean <= upper whatever the simulation says
            lo[k] = Math.min(lo[k], mu[k]);
            hi[k] = Math.max(hi[k], mu[k]);
        }
        return new Forecast(mu, lo, hi, level, spec.toString());
    }

    private void simulateIntervals(int h, double level, double[] lo, double[] hi) {
        SplittableRandom rnd = new SplittableRandom(SEED);
        double sd = Math.sqrt(sigma2);
        int m = endSeason.length;
        double[][] paths = new double[h][PATHS];
        double[] s = new double[m];
        for (int path = 0; path < PATHS; path++) {
            double l = endLevel, b = endTrend;
            System.arraycopy(endSeason, 0, s, 0, m);
            int pos = 0;
            for (int k = 0; k < h; k++) {
                double phib = switch (spec.trend()) { case N -> 0; case A -> b; case Ad -> phi * b; };
                double q = l + phib;
                double sv = s[pos];
                double f = spec.season() == EtsSpec.Season.M ? q * sv : q + sv;
                double e = Stats.gaussian(rnd) * sd;
                double y = spec.error() == EtsSpec.Error.A ? f + e : f * (1 + e);
                paths[k][path] = y;
                double pp = spec.season() == EtsSpec.Season.M ? y / sv : y - sv;
                double t = spec.season() == EtsSpec.Season.M ? y / q : y - q;
                l = q + alpha * (pp - q);
                if (spec.hasTrend()) b = phib + beta * (pp - q);
                s[pos] = sv + gamma * (t - sv);
                pos = (pos + 1) % m;
            }
        }
        double a = (1 - level / 100.0) / 2;
        for (int k = 0; k < h; k++) {
            double[] col = paths[k];
            Arrays.sort(col);
            lo[k] = Stats.quantileSorted(col, a);
            hi[k] = Stats.quantileSorted(col, 1 - a);
        }
    }

    @Override public String toString() {
        return String.format("%s alpha=%.4f beta=%.4f gamma=%.4f phi=%.4f sigma2=%.4g AICc=%.2f",
                spec, alpha, beta, gamma, phi, sigma2, aicc);
    }
}
