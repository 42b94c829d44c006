package dev.leptoid.forecast;

import java.util.Arrays;
import java.util.Optional;

/**
 * An autoregression with a mean, {@code y[t] = c + phi1 y[t-1] + ... + phip y[t-p] + e[t]}, fitted
 * by least squares with its order chosen by AICc. The automatic choice offers it beside ETS for
 * data whose step (a day or more) implies no season: it captures cycles that are not seasons
 * (R's {@code lynx}: a 9-10-year cycle) and mean reversion, which no ETS model has; and, with a
 * short season on series of up to 500 points, beside the AICc choice of ETS by refitted errors at
 * past origins (its seasonal lags then come from the order, e.g. 14 on monthly USAccDeaths).
 *
 * <p>Orders 0..{@link #maxOrder(int)} (R's {@code ar()} default, {@code 10 log10 n}, at most a third
 * of the data) are fitted on the same points, those after the first {@code maxOrder} (conditional
 * least squares); one Cholesky factorisation of the cross products gives every order's sum of
 * squares. The likelihood is put on ETS's footing (R's {@code lik}, {@code n log SSE} over all n
 * points) by scaling the sum of squares of the N fitted points by n / N; the parameters counted are
 * the coefficients, the mean and the variance, as ETS counts its variance.
 *
 * @param intercept c
 * @param coefficients phi1..phip (p = 0: the mean)
 * @param sigma2 the one-step error variance (sum of squares / (N - p - 1))
 * @param lik R's {@code lik} on ETS's footing
 * @param aicc the AICc from {@code lik}
 * @param n the number of data points the fit saw
 */
public record Ar(double intercept, double[] coefficients, double sigma2, double lik, double aicc, int n) {

    public Ar {
        coefficients = coefficients.clone();
    }

    public int order() { return coefficients.length; }

    /** Parameters counted by AICc: coefficients, mean and variance. */
    public int parameterCount() { return order() + 2; }

    public String label() { return "AR(" + order() + ")"; }

    @Override public double[] coefficients() { return coefficients.clone(); }

    /** The mean the forecasts revert to (the intercept when the process is not stationary). */
    double longRunMean() {
        double s = 1;
        for (double c : coefficients) s -= c;
        return Math.abs(s) > 1e-9 ? intercept / s : intercept;
    }

    /** The highest order tried on n points: R's {@code ar()} default 10 log10 n, at most a third of the data. */
    static int maxOrder(int n) {
        return Math.max(0, Math.min((int) Math.floor(10 * Math.log10(n)), (n - 1) / 3));
    }

    /** The fit of the order with the smallest AICc; empty on fewer than 10 points or data without variation. */
    public static Optional<Ar> fit(double[] y) {
        int n = y.length;
        if (n < AutoForecaster.MIN_POINTS) return Optional.empty();
        int pMax = maxOrder(n), rows = n - pMax, cols = pMax + 2; // [1, y(t-1) .. y(t-pMax), y(t)]
        double centre = Stats.mean(y, 0, n);
        double[][] a = new double[cols][cols];
        double[] row = new double[cols];
        for (int t = pMax; t < n; t++) {
            row[0] = 1;
            for (int j = 1; j <= pMax; j++) row[j] = y[t - j] - centre;
            row[cols - 1] = y[t] - centre;
            for (int i = 0; i < cols; i++) {
                double ri = row[i];
                double[] ai = a[i];
                for (int j = 0; j <= i; j++) ai[j] += ri * row[j];
            }
        }
        // Cholesky of the cross products; the last row's squares are each regressor's share of y's
        // sum of squares, so SSE(p) = total - (shares of the intercept and lags 1..p).
        double[][] l = new double[cols][cols];
        int usable = cols - 1; // regressors that factorised (a constant series stops after the intercept)
        for (int j = 0; j < cols - 1; j++) {
            double d = a[j][j];
            for (int k = 0; k < j; k++) d -= l[j][k] * l[j][k];
            if (!(d > 1e-10 * a[j][j])) { usable = j; break; }
            l[j][j] = Math.sqrt(d);
            for (int i = j + 1; i < cols; i++) {
                double s = a[i][j];
                for (int k = 0; k < j; k++) s -= l[i][k] * l[j][k];
                l[i][j] = s / l[j][j];
            }
        }
        if (usable == 0) return Optional.empty();
        double[] yRow = l[cols - 1];
        double sse = a[cols - 1][cols - 1];
        int bestP = -1;
        double bestAicc = Double.POSITIVE_INFINITY, bestLik = 0, bestSse = 0;
        for (int p = 0; p < usable; p++) {
            sse -= yRow[p] * yRow[p];
            double s = Math.max(sse, 1e-300);
            double lik = n * Math.log(s * n / rows);
            double aicc = Ets.aicc(lik, p + 2, n);
            if (rows - p - 3 > 0 && aicc < bestAicc) { bestP = p; bestAicc = aicc; bestLik = lik; bestSse = s; }
        }
        if (bestP < 0) return Optional.empty();
        double[] beta = solve(l, yRow, bestP + 1);
        double[] phi = Arrays.copyOfRange(beta, 1, bestP + 1);
        double c = beta[0];
        for (double f : phi) c -= f * centre;
        c += centre;
        Ar ar = new Ar(c, phi, bestSse / (rows - bestP - 1), bestLik, bestAicc, n);
        return Double.isFinite(ar.intercept) && Arrays.stream(phi).allMatch(Double::isFinite) ? Optional.of(ar) : Optional.empty();
    }

    /** Back substitution {@code L^T b = r} over the first k regressors. */
    private static double[] solve(double[][] l, double[] r, int k) {
        double[] b = new double[k];
        for (int i = k - 1; i >= 0; i--) {
            double s = r[i];
            for (int j = i + 1; j < k; j++) s -= l[j][i] * b[j];
            b[i] = s / l[i][i];
        }
        return b;
    }

    /** The one-step forecast after {@code lags} (most recent first). */
    double predict(double[] lags) {
        double f = intercept;
        for (int j = 0; j < coefficients.length; j++) f += coefficients[j] * lags[j];
        return f;
    }

    /** The model's state after the data: its last p values (most recent first). */
    public State state(double[] y) {
        double[] init = new double[order()];
        Arrays.fill(init, longRunMean());
        State s = new State(this, init);
        for (int t = Math.max(0, y.length - order()); t < y.length; t++) s = s.update(y[t]);
        return s;
    }

    /**
     * The fitted model carried forward: the last p values, most recent first. {@link #update}
     * takes the next point (NaN = missing: the model's prediction takes its place), and
     * {@link #forecast} forecasts from here; the parameters stay as fitted.
     */
    public record State(Ar model, double[] lags) implements Fitted.State {
        public State {
            lags = lags.clone();
        }

        @Override public double[] lags() { return lags.clone(); }

        public State update(double y) {
            double v = Double.isNaN(y) ? model.predict(lags) : y;
            double[] next = new double[lags.length];
            if (next.length > 0) {
                System.arraycopy(lags, 0, next, 1, next.length - 1);
                next[0] = v;
            }
            return new State(model, next);
        }

        /** Point forecasts of the next h steps. */
        public double[] forecast(int h) {
            int p = lags.length;
            double[] path = new double[p + h]; // path[p - 1 - j] = lags[j]
            for (int j = 0; j < p; j++) path[p - 1 - j] = lags[j];
            double[] out = new double[h];
            for (int k = 0; k < h; k++) {
                double f = model.intercept;
                for (int j = 0; j < p; j++) f += model.coefficients[j] * path[p + k - 1 - j];
                path[p + k] = f;
                out[k] = f;
            }
            return out;
        }
    }

    /** Forecast of the next h steps after {@code y} with normal bounds at {@code level} percent (psi weights). */
    public Forecast forecast(double[] y, int h, double level) {
        double[] mu = state(y).forecast(h), lo = new double[h], hi = new double[h];
        double[] psi = new double[h];
        double z = Stats.normalQuantile(0.5 + level / 200.0), v = 0;
        for (int k = 0; k < h; k++) {
            psi[k] = k == 0 ? 1 : 0;
            for (int j = 1; j <= Math.min(k, order()); j++) psi[k] += coefficients[j - 1] * psi[k - j];
            v += psi[k] * psi[k];
            double w = z * Math.sqrt(sigma2 * v);
            lo[k] = mu[k] - w;
            hi[k] = mu[k] + w;
        }
        return new Forecast(mu, lo, hi, level, label());
    }

    /** One-step forecasts of every point of {@code y} (the first p from the points available, the mean before). */
    double[] fitted(double[] y) {
        double[] f = new double[y.length];
        double[] init = new double[order()];
        Arrays.fill(init, longRunMean());
        State s = new State(this, init);
        for (int t = 0; t < y.length; t++) {
            f[t] = predict(s.lags);
            s = s.update(y[t]);
        }
        return f;
    }

    /**
     * The forecasts from past origins of {@code y}: {@code at(t, k)} forecasts {@code y[t + k]} from
     * the values up to t, for {@code t >= p - 1} and {@code k <= h}. Each k-step forecast is affine
     * in the last p values; the weights are computed once, so a forecast costs p operations.
     */
    EmpiricalIntervals.PastForecasts past(double[] y, int h) {
        int p = order();
        double[][] w = new double[h + 1][]; // w[k] = {const, weight of y[t], y[t-1], ...}
        double[][] base = new double[p][]; // the known values y[t - j] as affine forms
        for (int j = 0; j < p; j++) {
            base[j] = new double[p + 1];
            base[j][1 + j] = 1;
        }
        for (int k = 1; k <= h; k++) {
            double[] f = new double[p + 1];
            f[0] = intercept;
            for (int i = 1; i <= p; i++) {
                double[] prev = k - i >= 1 ? w[k - i] : base[i - k];
                double c = coefficients[i - 1];
                for (int j = 0; j <= p; j++) f[j] += c * prev[j];
            }
            w[k] = f;
        }
        return (t, k) -> {
            double[] f = w[k];
            double s = f[0];
            for (int j = 0; j < p; j++) s += f[1 + j] * y[t - j];
            return s;
        };
    }
}
