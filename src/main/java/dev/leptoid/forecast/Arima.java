package dev.leptoid.forecast;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * A seasonal ARIMA(p,d,q)(P,D,Q)[m] model, fitted and chosen as R's {@code auto.arima()} (forecast
 * 8.20) does: {@code w = (1 - B)^d (1 - B^m)^D y} follows an ARMA model
 * {@code phi(B) Phi(B^m) (w - mu) = theta(B) Theta(B^m) e} with a mean {@code mu} (no differences:
 * R's intercept) or a drift (one difference: {@code mu} is the drift per step, per season after a
 * seasonal difference), none with two differences.
 *
 * <ul>
 *   <li><b>Differences</b>: D by the seasonal strength of an STL decomposition ({@link #nsdiffs}: R's
 *       {@code nsdiffs(test = "seas")}, D = 1 at strength >= 0.64, only with more than two cycles),
 *       then d by the KPSS test at 5 % ({@link #ndiffs}: Kwiatkowski et al. 1992, level stationarity,
 *       R's lag {@code trunc(3 sqrt(n) / 13)}, critical value 0.463), at most 2.</li>
 *   <li><b>Fit</b>: conditional sum of squares (residuals before the first p + mP are zero) for the
 *       starting values, then exact Gaussian likelihood by a Kalman filter on the ARMA model's
 *       state-space form (Harvey's, as R's {@code arima}), its initial covariance the stationary one
 *       (the Lyapunov equation, solved by doubling). The mean is profiled out by generalised least
 *       squares (one filter pass over the data and one over a column of ones), so the search is over
 *       the ARMA coefficients only, each group of them mapped onto the stationary / invertible region
 *       through partial autocorrelations (R's {@code transform.pars}; R leaves MA terms free and
 *       inverts them after). Nelder-Mead with two restarts.</li>
 *   <li><b>Order</b>: the Hyndman-Khandakar stepwise search of {@code auto.arima()} by AICc (the same
 *       start models, neighbours, constant toggle and 94-model limit; p, q <= 5, P, Q <= 2); models with
 *       an AR or MA root within 1.01 of the unit circle are rejected. Series over 150 points or with
 *       m > 12 are searched by CSS (R's {@code approximation}, with its AIC offset) and only the chosen
 *       order is fitted by maximum likelihood.</li>
 * </ul>
 *
 * @param spec the orders, period and whether there is a mean / drift
 * @param phi non-seasonal AR coefficients
 * @param theta non-seasonal MA coefficients
 * @param seasonalPhi seasonal AR coefficients (lags m, 2m, ...)
 * @param seasonalTheta seasonal MA coefficients
 * @param mu the mean of the differenced series (0 without a constant)
 * @param sigma2 innovation variance as R's {@code Arima()} reports it: the standardised residuals' sum of squares
 *               over {@code n - d - mD - parameters + 1} (CSS: R's {@code arima}'s, over the residuals counted)
 * @param logLik the Gaussian log-likelihood of the differenced series (R's {@code loglik})
 * @param aicc R's AICc: parameters = coefficients + constant + variance, on {@code n - d - mD} points
 */
public record Arima(Spec spec, double[] phi, double[] theta, double[] seasonalPhi, double[] seasonalTheta, double mu,
                    double sigma2, double logLik, double aicc) {

    public Arima {
        phi = phi.clone();
        theta = theta.clone();
        seasonalPhi = seasonalPhi.clone();
        seasonalTheta = seasonalTheta.clone();
    }

    /**
     * The model's orders.
     *
     * @param constant a mean (d + D = 0) or a drift (d + D = 1); ignored with more differences
     */
    public record Spec(int p, int d, int q, int sp, int sd, int sq, int m, boolean constant) {
        public Spec {
            if (p < 0 || d < 0 || q < 0 || sp < 0 || sd < 0 || sq < 0 || m < 1) throw new IllegalArgumentException("bad ARIMA order");
            if (m == 1) { sp = 0; sd = 0; sq = 0; }
            if (d + sd > 1) constant = false;
        }

        public static Spec of(int p, int d, int q, boolean constant) { return new Spec(p, d, q, 0, 0, 0, 1, constant); }

        int coefficients() { return p + q + sp + sq; }

        /** Parameters AICc counts: coefficients, constant, variance (R's {@code npar}). */
        public int parameterCount() { return coefficients() + (constant ? 1 : 0) + 1; }

        int differences() { return d + m * sd; }

        @Override public String toString() {
            String s = "ARIMA(" + p + "," + d + "," + q + ")" + (sp + sd + sq > 0 ? "(" + sp + "," + sd + "," + sq + ")[" + m + "]" : "");
            return constant ? s + (d + sd == 0 ? " with mean" : " with drift") : s;
        }
    }

    @Override public double[] phi() { return phi.clone(); }

    @Override public double[] theta() { return theta.clone(); }

    @Override public double[] seasonalPhi() { return seasonalPhi.clone(); }

    @Override public double[] seasonalTheta() { return seasonalTheta.clone(); }

    public String label() { return spec.toString(); }

    /** The drift per step (a constant with one difference), the mean without differences. */
    public double constant() { return spec.d == 0 && spec.sd == 1 ? mu / spec.m : mu; }

    // ---------------------------------------------------------------- differences

    /** KPSS statistic for level stationarity (R's {@code urca::ur.kpss(type = "mu")}) with R's lag {@code trunc(3 sqrt(n) / 13)}. */
    static double kpss(double[] x) {
        int n = x.length, lags = (int) Math.floor(3 * Math.sqrt(n) / 13);
        double mean = Stats.mean(x, 0, n);
        double[] e = new double[n];
        for (int t = 0; t < n; t++) e[t] = x[t] - mean;
        double s = 0, eta = 0, v = 0;
        for (int t = 0; t < n; t++) {
            s += e[t];
            eta += s * s;
            v += e[t] * e[t];
        }
        for (int l = 1; l <= lags; l++) {
            double c = 0;
            for (int t = l; t < n; t++) c += e[t] * e[t - l];
            v += 2 * (1 - l / (lags + 1.0)) * c;
        }
        return eta / ((double) n * n) / (v / n);
    }

    /** KPSS 5 % critical value for level stationarity (Kwiatkowski et al. 1992, table 1). */
    static final double KPSS_5 = 0.463;

    /** First differences R's {@code ndiffs()} takes: while the KPSS test rejects stationarity at 5 %, at most 2. */
    static int ndiffs(double[] x) {
        int d = 0;
        if (constant(x)) return 0;
        while (d < 2 && kpss(x) > KPSS_5) {
            d++;
            x = diff(x, 1);
            if (constant(x)) return d;
        }
        return d;
    }

    /** Seasonal differences (0 or 1) R's {@code nsdiffs(test = "seas")} takes: 1 when the season's strength is at least 0.64. */
    static int nsdiffs(double[] x, int m) {
        if (m < 2 || x.length <= 2 * m || constant(x)) return 0;
        return seasonalStrength(x, m) >= AutoForecaster.STRONG_SEASON ? 1 : 0;
    }

    /** R's {@code seas.heuristic}: {@code max(0, 1 - var(remainder) / var(season + remainder))} of R's {@code mstl()}. */
    static double seasonalStrength(double[] x, int m) {
        return new Mstl(List.of(m), false, true).decompose(x).strength(0);
    }

    static boolean constant(double[] x) {
        for (double v : x) if (v != x[0]) return false;
        return true;
    }

    static double[] diff(double[] x, int lag) {
        if (x.length <= lag) return new double[0];
        double[] out = new double[x.length - lag];
        for (int t = lag; t < x.length; t++) out[t - lag] = x[t] - x[t - lag];
        return out;
    }

    /** {@code delta} with {@code (1 - B)^d (1 - B^m)^D = 1 - sum delta[k-1] B^k}. */
    static double[] differencing(int d, int sd, int m) {
        double[] poly = {1};
        for (int i = 0; i < d; i++) poly = multiply(poly, new double[] {1, -1});
        for (int i = 0; i < sd; i++) {
            double[] s = new double[m + 1];
            s[0] = 1;
            s[m] = -1;
            poly = multiply(poly, s);
        }
        double[] delta = new double[poly.length - 1];
        for (int k = 1; k < poly.length; k++) delta[k - 1] = -poly[k];
        return delta;
    }

    private static double[] multiply(double[] a, double[] b) {
        double[] c = new double[a.length + b.length - 1];
        for (int i = 0; i < a.length; i++) for (int j = 0; j < b.length; j++) c[i + j] += a[i] * b[j];
        return c;
    }

    private static double[] differenced(double[] y, double[] delta) {
        int k = delta.length;
        double[] w = new double[Math.max(0, y.length - k)];
        for (int t = k; t < y.length; t++) {
            double v = y[t];
            for (int j = 0; j < k; j++) v -= delta[j] * y[t - 1 - j];
            w[t - k] = v;
        }
        return w;
    }

    // ---------------------------------------------------------------- polynomials

    /** The expanded AR polynomial {@code phi(B) Phi(B^m) = 1 - sum out[k-1] B^k} (R's {@code arima}). */
    static double[] expandAr(double[] phi, double[] sphi, int m) { return expand(phi, sphi, m, -1); }

    /** The expanded MA polynomial {@code theta(B) Theta(B^m) = 1 + sum out[k-1] B^k}. */
    static double[] expandMa(double[] theta, double[] stheta, int m) { return expand(theta, stheta, m, 1); }

    /**
     * The coefficients after the leading 1 of {@code (1 + sign a(B)) (1 + sign s(B^m))}, taken with {@code sign} again:
     * the AR polynomials are written with minus signs ({@code sign} -1), the MA ones with plus signs (+1).
     */
    private static double[] expand(double[] a, double[] s, int m, int sign) {
        double[] out = new double[a.length + m * s.length];
        System.arraycopy(a, 0, out, 0, a.length);
        for (int j = 0; j < s.length; j++) {
            out[(j + 1) * m - 1] += s[j];
            for (int i = 0; i < a.length; i++) out[(j + 1) * m + i] += sign * a[i] * s[j];
        }
        return out;
    }

    static double[] fromPartials(double[] raw, int from, int p) {
        double[] a = new double[p], work = new double[p];
        for (int j = 0; j < p; j++) a[j] = work[j] = Math.tanh(raw[from + j]);
        for (int j = 1; j < p; j++) {
            double c = a[j];
            for (int k = 0; k < j; k++) work[k] -= c * a[j - k - 1];
            System.arraycopy(work, 0, a, 0, j);
        }
        return a;
    }

    /** The partial autocorrelations of AR coefficients (R's {@code invpartrans}); NaN when not stationary. */
    static double[] partials(double[] phi) {
        int p = phi.length;
        double[] a = phi.clone(), work = phi.clone();
        for (int j = p - 1; j > 0; j--) {
            double c = a[j];
            if (!(Math.abs(c) < 1)) return null;
            for (int k = 0; k < j; k++) work[k] = (a[k] + c * a[j - k - 1]) / (1 - c * c);
            System.arraycopy(work, 0, a, 0, j);
        }
        if (p > 0 && !(Math.abs(a[0]) < 1)) return null;
        return a;
    }

    /** Whether every root of {@code 1 - sum a[k-1] z^k} lies outside the circle of radius {@code radius}. */
    static boolean rootsOutside(double[] a, double radius) {
        double[] scaled = new double[a.length];
        double r = 1;
        for (int k = 0; k < a.length; k++) {
            r *= radius;
            scaled[k] = a[k] * r;
        }
        return partials(scaled) != null;
    }

    // ---------------------------------------------------------------- likelihood

    /**
     * The Kalman filter of an ARMA model (AR {@code a}, MA {@code b}, expanded) over {@code w} and,
     * when {@code withMean}, over a column of ones; the innovations' sums give the mean by GLS.
     */
    private static final class Filter {
        final int r, n;
        final double[] a, b;
        double s11, s12, s22, sumLog;
        double[] v1, v2, gain; // innovations (standardised by sqrt(F) only in the sums) and F per step
        double[][] states1, states2; // filtered states per step, when kept
        double[] lastK;

        Filter(double[] a, double[] b, int n) {
            this.a = a;
            this.b = b;
            this.n = n;
            this.r = Math.max(a.length, b.length + 1);
        }

        /** Runs the filter; false when the initial covariance cannot be found (not stationary). */
        boolean run(double[] w, boolean withMean, boolean keep) {
            double[] rv = new double[r];
            rv[0] = 1;
            for (int i = 1; i < r; i++) rv[i] = i - 1 < b.length ? b[i - 1] : 0;
            double[][] p = stationaryCovariance(rv);
            if (p == null) return false;
            double[] x1 = new double[r], x2 = new double[r];
            if (keep) {
                v1 = new double[n];
                v2 = new double[n];
                gain = new double[n];
                states1 = new double[n][];
                states2 = new double[n][];
            }
            double[] k = new double[r];
            double[][] spare = new double[r][r];
            tp = new double[r][r];
            boolean steady = false;
            for (int t = 0; t < n; t++) {
                if (t > 0) {
                    predict(x1);
                    if (withMean) predict(x2);
                    if (!steady) {
                        predictCovariance(p, rv, spare);
                        double[][] swap = p;
                        p = spare;
                        spare = swap;
                    }
                }
                double f = steady ? 1 : p[0][0];
                if (!(f > 0) || !Double.isFinite(f)) return false;
                double e1 = w[t] - x1[0], e2 = withMean ? 1 - x2[0] : 0;
                s11 += e1 * e1 / f;
                s12 += e1 * e2 / f;
                s22 += e2 * e2 / f;
                sumLog += Math.log(f);
                if (steady) {
                    for (int i = 0; i < r; i++) k[i] = rv[i];
                } else {
                    for (int i = 0; i < r; i++) k[i] = p[i][0] / f;
                }
                for (int i = 0; i < r; i++) {
                    x1[i] += k[i] * e1;
                    if (withMean) x2[i] += k[i] * e2;
                }
                if (!steady) {
                    double[] row = p[0].clone();
                    for (int i = 0; i < r; i++) {
                        double ki = k[i];
                        if (ki == 0) continue;
                        double[] pi = p[i];
                        for (int j = 0; j < r; j++) pi[j] -= ki * row[j];
                    }
                    steady = Math.abs(f - 1) < STEADY; // the innovations no longer carry state uncertainty
                }
                if (keep) {
                    v1[t] = e1;
                    v2[t] = e2;
                    gain[t] = f;
                    states1[t] = x1.clone();
                    states2[t] = x2.clone();
                }
            }
            lastK = k.clone();
            return true;
        }

        /** {@code x <- T x}: T has {@code a} in its first column and ones above the diagonal. */
        void predict(double[] x) {
            double x0 = x[0];
            for (int i = 0; i < r - 1; i++) x[i] = (i < a.length ? a[i] * x0 : 0) + x[i + 1];
            x[r - 1] = r - 1 < a.length ? a[r - 1] * x0 : 0;
        }

        private double[][] tp; // T P, reused

        /** {@code out <- T P T' + R R'}. */
        void predictCovariance(double[][] p, double[] rv, double[][] out) {
            for (int i = 0; i < r; i++) {
                double ai = i < a.length ? a[i] : 0;
                for (int j = 0; j < r; j++) tp[i][j] = ai * p[0][j] + (i + 1 < r ? p[i + 1][j] : 0);
            }
            for (int i = 0; i < r; i++) {
                for (int j = 0; j < r; j++) {
                    double aj = j < a.length ? a[j] : 0;
                    out[i][j] = tp[i][0] * aj + (j + 1 < r ? tp[i][j + 1] : 0) + rv[i] * rv[j];
                }
            }
        }

        /** The state's stationary covariance {@code P = T P T' + R R'} by doubling; null when it does not converge. */
        double[][] stationaryCovariance(double[] rv) {
            double[][] t = new double[r][r];
            for (int i = 0; i < r; i++) {
                if (i < a.length) t[i][0] = a[i];
                if (i + 1 < r) t[i][i + 1] = 1;
            }
            double[][] p = new double[r][r];
            for (int i = 0; i < r; i++) for (int j = 0; j < r; j++) p[i][j] = rv[i] * rv[j];
            for (int it = 0; it < 60; it++) {
                double[][] tpt = times(times(t, p), transpose(t));
                double size = 0, scale = 0;
                for (int i = 0; i < r; i++) for (int j = 0; j < r; j++) {
                    size = Math.max(size, Math.abs(tpt[i][j]));
                    p[i][j] += tpt[i][j];
                    scale = Math.max(scale, Math.abs(p[i][j]));
                }
                if (!Double.isFinite(scale)) return null;
                if (size <= 1e-15 * scale) return p;
                t = times(t, t);
            }
            return null;
        }
    }

    private static double[][] times(double[][] x, double[][] y) {
        int n = x.length;
        double[][] out = new double[n][n];
        for (int i = 0; i < n; i++) for (int k = 0; k < n; k++) {
            double v = x[i][k];
            if (v == 0) continue;
            for (int j = 0; j < n; j++) out[i][j] += v * y[k][j];
        }
        return out;
    }

    private static double[][] transpose(double[][] x) {
        int n = x.length;
        double[][] out = new double[n][n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) out[j][i] = x[i][j];
        return out;
    }

    /** Coefficient groups of a parameter vector [phi, theta, Phi, Theta] (raw = partial autocorrelations). */
    private static double[][] groups(Spec s, double[] par, boolean transformed) {
        int[] sizes = {s.p, s.q, s.sp, s.sq};
        double[][] g = new double[4][];
        int at = 0;
        for (int i = 0; i < 4; i++) {
            if (transformed) {
                g[i] = fromPartials(par, at, sizes[i]);
                if (i % 2 == 1) for (int j = 0; j < g[i].length; j++) g[i][j] = -g[i][j]; // MA: invertible
            } else {
                g[i] = Arrays.copyOfRange(par, at, at + sizes[i]);
            }
            at += sizes[i];
        }
        return g;
    }

    /** R's CSS objective {@code 0.5 log(ssq / nu)} with the mean profiled; NaN when not computable. */
    private static double cssObjective(Spec s, double[] w, double[][] g, double[] muOut) {
        double[] a = expandAr(g[0], g[2], s.m), b = expandMa(g[1], g[3], s.m);
        int n = w.length, start = a.length;
        if (n - start < 1) return Double.NaN;
        double[] e1 = new double[n], e2 = new double[n];
        double s11 = 0, s12 = 0, s22 = 0;
        for (int t = start; t < n; t++) {
            double r1 = w[t], r2 = s.constant ? 1 : 0;
            for (int j = 0; j < a.length; j++) {
                r1 -= a[j] * w[t - j - 1];
                if (s.constant) r2 -= a[j];
            }
            for (int j = 0; j < b.length && t - j - 1 >= start; j++) {
                r1 -= b[j] * e1[t - j - 1];
                r2 -= b[j] * e2[t - j - 1];
            }
            e1[t] = r1;
            e2[t] = r2;
            s11 += r1 * r1;
            s12 += r1 * r2;
            s22 += r2 * r2;
        }
        double mu = s.constant && s22 > 0 ? s12 / s22 : 0;
        double ssq = s11 - mu * s12;
        if (muOut != null) muOut[0] = mu;
        return ssq > 0 && Double.isFinite(ssq) ? 0.5 * Math.log(ssq / (n - start)) : Double.NaN;
    }

    /** The concentrated exact likelihood {@code 0.5 log(ssq / n) + 0.5 sumlog / n} (R's {@code armafn}). */
    private static double mlObjective(Spec s, double[] w, double[][] g, double[] muOut) {
        Filter f = new Filter(expandAr(g[0], g[2], s.m), expandMa(g[1], g[3], s.m), w.length);
        if (!f.run(w, s.constant, false)) return Double.NaN;
        double mu = s.constant && f.s22 > 0 ? f.s12 / f.s22 : 0;
        double ssq = f.s11 - mu * f.s12;
        if (muOut != null) muOut[0] = mu;
        return ssq > 0 && Double.isFinite(ssq) ? 0.5 * Math.log(ssq / w.length) + 0.5 * f.sumLog / w.length : Double.NaN;
    }

    /** |F - 1| below which the filter is taken as steady (its covariance no longer changes). */
    static final double STEADY = 1e-12;

    /** Nelder-Mead restarts from the best point (it stalls on ridges). */
    static final int RESTARTS = 2;

    private static final NelderMead OPTIMIZER = new NelderMead(1e-8, 4000, 1e-6);

    private static double[] minimize(ToDoubleFunction<double[]> f, double[] start, double step) {
        if (start.length == 0) return start;
        double[] steps = new double[start.length];
        Arrays.fill(steps, step);
        NelderMead.Result best = OPTIMIZER.minimize(f, start, steps);
        for (int i = 0; i < RESTARTS; i++) { // restarts: Nelder-Mead stalls on ridges
            NelderMead.Result again = OPTIMIZER.minimize(f, best.point(), steps);
            if (!(again.value() < best.value() - 1e-10)) {
                best = again.value() < best.value() ? again : best;
                break;
            }
            best = again;
        }
        return best.point();
    }

    /** How an order is fitted: CSS only (the search of long series), or CSS then maximum likelihood (R's {@code CSS-ML}). */
    enum Method { CSS, CSS_ML }

    /** Fits the given orders to {@code y} by CSS then exact likelihood (R's {@code Arima(method = "CSS-ML")}). */
    public static Optional<Arima> fit(double[] y, Spec spec) { return fit(y, spec, Method.CSS_ML); }

    static Optional<Arima> fit(double[] y, Spec s, Method method) {
        double[] w = differenced(y, differencing(s.d, s.sd, s.m));
        int k = s.coefficients();
        if (w.length < Math.max(k + (s.constant ? 1 : 0) + 3, s.p + s.m * s.sp + 2)) return Optional.empty();
        ToDoubleFunction<double[]> css = par -> {
            double v = cssObjective(s, w, groups(s, par, false), null);
            return Double.isNaN(v) ? Double.POSITIVE_INFINITY : v;
        };
        double[] cssPar = minimize(css, new double[k], 0.1);
        double[][] g = groups(s, cssPar, false);
        double[] mu = new double[1];
        int nUsed = w.length;
        double objective;
        if (method == Method.CSS) {
            objective = cssObjective(s, w, g, mu);
            // as R's CSS-ML, a CSS fit with a non-stationary AR part is refused (R's auto.arima: its roots fail the 1.01 margin)
            if (!Double.isFinite(objective) || !rootsOutside(trim(expandAr(g[0], g[2], s.m)), 1)) return Optional.empty();
            int start = s.p + s.m * s.sp;
            double sigma2 = Math.exp(2 * objective);
            // R's CSS "likelihood": -0.5 (2 nu objective + nu + nu log 2 pi), nu = residuals counted
            double nu = nUsed - start, lik = -0.5 * (2 * nu * objective + nu + nu * Math.log(2 * Math.PI));
            return Optional.of(new Arima(s, g[0], g[1], g[2], g[3], mu[0], sigma2, lik, Double.NaN));
        }
        // starting values for ML: the CSS estimates mapped to partial autocorrelations (zero when not stationary / invertible)
        double[] start = new double[k];
        int at = 0;
        for (int i = 0; i < 4; i++) {
            double[] c = g[i].clone();
            if (i % 2 == 1) for (int j = 0; j < c.length; j++) c[j] = -c[j];
            double[] pacf = partials(c);
            for (int j = 0; j < c.length; j++) start[at + j] = pacf == null ? 0 : atanh(pacf[j]);
            at += c.length;
        }
        ToDoubleFunction<double[]> ml = par -> {
            double v = mlObjective(s, w, groups(s, par, true), null);
            return Double.isNaN(v) ? Double.POSITIVE_INFINITY : v;
        };
        double[] par = minimize(ml, start, 0.1);
        g = groups(s, par, true);
        objective = mlObjective(s, w, g, mu);
        if (Double.isNaN(objective)) return Optional.empty();
        Filter f = new Filter(expandAr(g[0], g[2], s.m), expandMa(g[1], g[3], s.m), w.length);
        f.run(w, s.constant, true);
        double lik = -0.5 * (2 * nUsed * objective + nUsed + nUsed * Math.log(2 * Math.PI));
        int npar = s.parameterCount();
        double sse = 0; // R's Arima(): the standardised residuals' sum of squares over nstar - npar + 1
        for (int t = 0; t < w.length; t++) sse += (f.v1[t] - mu[0] * f.v2[t]) * (f.v1[t] - mu[0] * f.v2[t]) / f.gain[t];
        double sigma2 = sse / (nUsed - npar + 1);
        double aicc = -2 * lik + 2 * npar + (nUsed - npar - 1 > 0 ? 2.0 * npar * (npar + 1) / (nUsed - npar - 1) : Double.POSITIVE_INFINITY);
        return Optional.of(new Arima(s, g[0], g[1], g[2], g[3], mu[0], sigma2, lik, aicc));
    }

    private static double atanh(double x) {
        double c = Math.max(-0.999, Math.min(0.999, x));
        return 0.5 * Math.log((1 + c) / (1 - c));
    }

    /** Whether R's {@code auto.arima} would accept the fit: every AR and MA root outside 1.01. */
    boolean admissible() {
        double[] b = expandMa(theta, seasonalTheta, spec.m);
        double[] negB = new double[b.length];
        for (int i = 0; i < b.length; i++) negB[i] = -b[i];
        return rootsOutside(trim(expandAr(phi, seasonalPhi, spec.m)), 1.01) && rootsOutside(trim(negB), 1.01);
    }

    private static double[] trim(double[] a) {
        int last = a.length;
        while (last > 0 && Math.abs(a[last - 1]) <= 1e-8) last--;
        return Arrays.copyOf(a, last);
    }

    // ---------------------------------------------------------------- automatic choice

    /** Largest orders of the stepwise search (R's defaults). */
    static final int MAX_P = 5, MAX_Q = 5, MAX_SP = 2, MAX_SQ = 2, MAX_MODELS = 94;

    /**
     * R's {@code auto.arima(y)} for a series of period {@code m} (1 = none): differences by the
     * tests, orders by the stepwise search; empty on fewer than {@link AutoForecaster#MIN_POINTS}
     * points or when no order can be fitted (e.g. data that are constant after differencing).
     */
    public static Optional<Arima> auto(double[] y, int m) {
        int n = y.length;
        if (n < AutoForecaster.MIN_POINTS || constant(y)) return Optional.empty();
        int sd = m > 1 ? nsdiffs(y, m) : 0;
        double[] dx = sd > 0 ? diff(y, m) : y;
        int d = ndiffs(dx);
        for (int i = 0; i < d; i++) dx = diff(dx, 1);
        if (dx.length == 0 || constant(dx)) return Optional.empty();
        int maxP = Math.min(MAX_P, n / 3), maxQ = Math.min(MAX_Q, n / 3);
        int maxSP = m > 1 ? Math.min(MAX_SP, n / 3 / m) : 0, maxSQ = m > 1 ? Math.min(MAX_SQ, n / 3 / m) : 0;
        if (m > 1 && maxSP > 0) maxP = Math.min(maxP, m - 1);
        if (m > 1 && maxSQ > 0) maxQ = Math.min(maxQ, m - 1);
        boolean approximate = n > 150 || m > 12;
        int[] limits = {maxP, maxQ, maxSP, maxSQ};
        if (approximate) {
            Optional<Arima> base = fit(y, new Spec(0, d, 0, 0, sd, 0, m, false), Method.CSS_ML);
            double offset = base.isPresent() ? -2 * base.get().logLik - n * Math.log(base.get().sigma2) : 0;
            Optional<Arima> chosen = stepwise(new Search(y, m, d, sd, true, offset), limits);
            Optional<Arima> exact = chosen.flatMap(a -> fit(y, a.spec, Method.CSS_ML)).filter(Arima::admissible);
            if (exact.isPresent()) return exact;
        }
        return stepwise(new Search(y, m, d, sd, false, 0), limits); // as R: without approximation when the refit fails
    }

    /** Neighbours the stepwise search tries, in R's order: (p, q, P, Q) changes. */
    private static final int[][] MOVES = {{0, 0, -1, 0}, {0, 0, 0, -1}, {0, 0, 1, 0}, {0, 0, 0, 1}, {0, 0, -1, -1}, {0, 0, -1, 1},
                                          {0, 0, 1, -1}, {0, 0, 1, 1}, {-1, 0, 0, 0}, {0, -1, 0, 0}, {1, 0, 0, 0}, {0, 1, 0, 0},
                                          {-1, -1, 0, 0}, {-1, 1, 0, 0}, {1, -1, 0, 0}, {1, 1, 0, 0}};

    /** The Hyndman-Khandakar stepwise search (R's {@code auto.arima(stepwise = TRUE)}). */
    private static Optional<Arima> stepwise(Search search, int[] limits) {
        int maxP = limits[0], maxQ = limits[1], maxSP = limits[2], maxSQ = limits[3];
        boolean constant = search.d + search.sd <= 1;
        int p = Math.min(2, maxP), q = Math.min(2, maxQ), sp = Math.min(1, maxSP), sq = Math.min(1, maxSQ);
        search.tryOrder(p, q, sp, sq, constant);
        int[] best = {p, q, sp, sq};
        boolean c = constant;
        if (search.tryOrder(0, 0, 0, 0, constant)) best = new int[] {0, 0, 0, 0};
        if (maxP > 0 || maxSP > 0) {
            int[] o = {maxP > 0 ? 1 : 0, 0, maxSP > 0 ? 1 : 0, 0};
            if (search.tryOrder(o[0], o[1], o[2], o[3], constant)) best = o;
        }
        if (maxQ > 0 || maxSQ > 0) {
            int[] o = {0, maxQ > 0 ? 1 : 0, 0, maxSQ > 0 ? 1 : 0};
            if (search.tryOrder(o[0], o[1], o[2], o[3], constant)) best = o;
        }
        // as R: when the model without constant wins here, the search goes on with the constant flag unchanged
        if (constant && search.tryOrder(0, 0, 0, 0, false)) best = new int[] {0, 0, 0, 0};
        boolean moved = true;
        while (moved && search.count < MAX_MODELS) {
            moved = false;
            for (int[] mv : MOVES) {
                int[] next = {best[0] + mv[0], best[1] + mv[1], best[2] + mv[2], best[3] + mv[3]};
                boolean ok = true;
                for (int i = 0; i < 4; i++) ok &= next[i] >= 0 && next[i] <= limits[i];
                if (!ok || search.seen(next, c)) continue;
                if (search.count >= MAX_MODELS) break;
                if (search.tryOrder(next[0], next[1], next[2], next[3], c)) {
                    best = next;
                    moved = true;
                    break;
                }
            }
            if (!moved && constant && !search.seen(best, !c) && search.count < MAX_MODELS
                    && search.tryOrder(best[0], best[1], best[2], best[3], !c)) {
                c = !c;
                moved = true;
            }
        }
        return Optional.ofNullable(search.best);
    }

    /** The models the stepwise search fitted, and the best by its criterion. */
    private static final class Search {
        final double[] y;
        final int m, d, sd;
        final boolean approximate;
        final double offset;
        final Set<String> visited = new HashSet<>();
        int count;
        Arima best;
        double bestIc = Double.POSITIVE_INFINITY;

        Search(double[] y, int m, int d, int sd, boolean approximate, double offset) {
            this.y = y;
            this.m = m;
            this.d = d;
            this.sd = sd;
            this.approximate = approximate;
            this.offset = offset;
        }

        boolean seen(int[] o, boolean c) { return visited.contains(key(o[0], o[1], o[2], o[3], c)); }

        static String key(int p, int q, int sp, int sq, boolean c) { return String.format(Locale.ROOT, "%d %d %d %d %b", p, q, sp, sq, c); }

        /** Fits an order; true when it is the new best. */
        boolean tryOrder(int p, int q, int sp, int sq, boolean c) {
            visited.add(key(p, q, sp, sq, c));
            count++;
            Spec s = new Spec(p, d, q, sp, sd, sq, m, c);
            Optional<Arima> fit = Arima.fit(y, s, approximate ? Method.CSS : Method.CSS_ML);
            if (fit.isEmpty() || !fit.get().admissible()) return false;
            double ic = approximate ? cssAicc(fit.get()) : fit.get().aicc;
            if (!(ic < bestIc)) return false;
            bestIc = ic;
            best = fit.get();
            return true;
        }

        /** R's criterion for a CSS fit: {@code offset + nstar log(sigma2) + 2 npar} plus the AICc term. */
        double cssAicc(Arima a) {
            int nstar = y.length - a.spec.differences(), npar = a.spec.parameterCount();
            double aic = offset + nstar * Math.log(a.sigma2) + 2 * npar;
            return nstar - npar - 1 > 0 ? aic + 2.0 * npar * (npar + 1) / (nstar - npar - 1) : Double.POSITIVE_INFINITY;
        }
    }

    // ---------------------------------------------------------------- forecasts

    /** The filter run at the fitted parameters over {@code y}: filtered ARMA states of {@code w - mu} per point of y. */
    private record Run(double[] delta, double[] arPoly, double[] maPoly, double[][] states, double[] residuals, double[] gain) {}

    private Run run(double[] y) {
        double[] delta = differencing(spec.d, spec.sd, spec.m);
        double[] w = differenced(y, delta);
        double[] a = expandAr(phi, seasonalPhi, spec.m), b = expandMa(theta, seasonalTheta, spec.m);
        double[] shifted = w.clone();
        for (int t = 0; t < w.length; t++) shifted[t] -= mu;
        Filter f = new Filter(a, b, w.length);
        if (!f.run(shifted, false, true)) throw new IllegalStateException("ARIMA filter failed at fitted parameters " + this);
        return new Run(delta, a, b, f.states1, f.v1, f.lastK == null ? new double[f.r] : f.lastK);
    }

    private int stateSize() {
        return Math.max(spec.p + spec.m * spec.sp, spec.q + spec.m * spec.sq + 1);
    }

    /** {@code Z T^k} for k = 1..h (row vectors): the k-step forecast of {@code w - mu} from a filtered state. */
    private static double[][] ahead(double[] a, int r, int h) {
        double[][] rows = new double[h + 1][r];
        double[] z = new double[r];
        z[0] = 1;
        rows[0] = z;
        for (int k = 1; k <= h; k++) { // (Z T^k) = (Z T^(k-1)) T
            double[] prev = rows[k - 1], next = new double[r];
            // (x T)_0 = sum_i x_i a_i ; (x T)_j = x_{j-1} for j >= 1
            double s = 0;
            for (int i = 0; i < r; i++) s += prev[i] * (i < a.length ? a[i] : 0);
            next[0] = s;
            for (int j = 1; j < r; j++) next[j] = prev[j - 1];
            rows[k] = next;
        }
        return rows;
    }

    /** Point forecasts 1..h after the end of {@code y} from the filtered state (R's {@code predict.Arima}). */
    public double[] pointForecast(double[] y, int h) {
        Run run = run(y);
        return forecastFrom(y, y.length - 1, run, ahead(run.arPoly, stateSize(), h), h);
    }

    private double[] forecastFrom(double[] y, int t, Run run, double[][] rows, int h) {
        int k0 = run.delta.length;
        double[] state = run.states[t - k0];
        double[] out = new double[h];
        int dl = run.delta.length;
        double[] path = new double[dl + h]; // the last dl values of y, then the forecasts
        for (int j = 0; j < dl; j++) path[j] = y[t - dl + 1 + j];
        for (int k = 1; k <= h; k++) {
            double w = mu;
            double[] row = rows[k];
            for (int i = 0; i < row.length; i++) w += row[i] * state[i];
            double v = w;
            for (int j = 0; j < dl; j++) v += run.delta[j] * path[dl + k - 2 - j];
            path[dl + k - 1] = v;
            out[k - 1] = v;
        }
        return out;
    }

    /** The psi weights of the integrated model (for the analytic bounds). */
    double[] psi(int h) {
        double[] ar = expandAr(phi, seasonalPhi, spec.m), delta = differencing(spec.d, spec.sd, spec.m);
        double[] arPoly = new double[ar.length + 1], dPoly = new double[delta.length + 1];
        arPoly[0] = 1;
        dPoly[0] = 1;
        for (int i = 0; i < ar.length; i++) arPoly[i + 1] = -ar[i];
        for (int i = 0; i < delta.length; i++) dPoly[i + 1] = -delta[i];
        double[] full = multiply(arPoly, dPoly), ma = expandMa(theta, seasonalTheta, spec.m);
        double[] psi = new double[h];
        for (int j = 0; j < h; j++) {
            double v = j == 0 ? 1 : (j - 1 < ma.length ? ma[j - 1] : 0);
            for (int i = 1; i <= Math.min(j, full.length - 1); i++) v -= full[i] * psi[j - i];
            psi[j] = v;
        }
        return psi;
    }

    /** Forecast of the next h steps after {@code y} with normal bounds at {@code level} percent (psi weights). */
    public Forecast forecast(double[] y, int h, double level) {
        double[] mean = pointForecast(y, h), psi = psi(h), lo = new double[h], hi = new double[h];
        double z = Stats.normalQuantile(0.5 + level / 200.0), v = 0;
        for (int k = 0; k < h; k++) {
            v += psi[k] * psi[k];
            double half = z * Math.sqrt(sigma2 * v);
            lo[k] = mean[k] - half;
            hi[k] = mean[k] + half;
        }
        return new Forecast(mean, lo, hi, level, label());
    }

    /** First origin {@link #past} forecasts from: the differences and the first state need this many points. */
    int firstOrigin() { return differencing(spec.d, spec.sd, spec.m).length; }

    /**
     * The forecasts from past origins of {@code y}: {@code at(t, k)} forecasts {@code y[t + k]} from
     * the filtered state at t and the values up to t, for {@code t >= firstOrigin()}, {@code k <= h}.
     */
    EmpiricalIntervals.PastForecasts past(double[] y, int h) {
        Run run = run(y);
        double[][] rows = ahead(run.arPoly, stateSize(), h);
        int dl = run.delta.length, r = stateSize();
        // each k-step forecast is affine in (1, state, y[t], y[t-1], ..., y[t-dl+1]): weights per k
        double[][] wts = new double[h + 1][];
        for (int k = 1; k <= h; k++) {
            double[] f = new double[1 + r + dl];
            f[0] = mu;
            for (int i = 0; i < r; i++) f[1 + i] = rows[k][i];
            for (int j = 1; j <= dl; j++) {
                double c = run.delta[j - 1];
                if (k - j >= 1) {
                    double[] prev = wts[k - j];
                    for (int i = 0; i < f.length; i++) f[i] += c * prev[i];
                } else {
                    f[1 + r + (j - k)] += c; // y[t - (j - k)]
                }
            }
            wts[k] = f;
        }
        return (t, k) -> {
            double[] f = wts[k], state = run.states[t - dl];
            double s = f[0];
            for (int i = 0; i < r; i++) s += f[1 + i] * state[i];
            for (int j = 0; j < dl; j++) s += f[1 + r + j] * y[t - j];
            return s;
        };
    }

    /** One-step forecasts of every point of {@code y} (the first d + mD: the point itself). */
    double[] fitted(double[] y) {
        Run run = run(y);
        int dl = run.delta.length;
        double[] f = y.clone();
        for (int t = dl; t < y.length; t++) f[t] = y[t] - run.residuals[t - dl];
        return f;
    }

    /** The fitted model after the data, to carry forward ({@link State#update}, {@link State#forecast}). */
    public State state(double[] y) {
        Run run = run(y);
        int dl = run.delta.length;
        return new State(this, run.states[y.length - 1 - dl], Arrays.copyOfRange(y, y.length - dl, y.length), run.gain, run.arPoly,
                run.delta);
    }

    /**
     * The fitted model carried forward: its filtered ARMA state and the last d + mD values (oldest
     * first); {@link #update} takes the next point (NaN = missing: the state moves as the forecast
     * does, the forecast takes the point's place), the parameters stay as fitted. The gain is the
     * filter's at the end of the fit (its steady state on any but the shortest series).
     */
    public record State(Arima model, double[] state, double[] last, double[] gain, double[] arPoly, double[] delta)
            implements Fitted.State {
        public State {
            state = state.clone();
            last = last.clone();
        }

        public State update(double y) {
            int r = state.length, dl = last.length;
            double[] x = state.clone();
            double x0 = x[0]; // predict: x <- T x
            for (int i = 0; i < r - 1; i++) x[i] = (i < arPoly.length ? arPoly[i] * x0 : 0) + x[i + 1];
            x[r - 1] = r - 1 < arPoly.length ? arPoly[r - 1] * x0 : 0;
            double predictedW = model.mu + x[0], integrated = predictedW;
            for (int j = 0; j < dl; j++) integrated += delta[j] * last[dl - 1 - j];
            double value = Double.isNaN(y) ? integrated : y;
            double e = value - integrated;
            for (int i = 0; i < r; i++) x[i] += gain[i] * e;
            double[] nextLast = new double[dl];
            if (dl > 0) {
                System.arraycopy(last, 1, nextLast, 0, dl - 1);
                nextLast[dl - 1] = value;
            }
            return new State(model, x, nextLast, gain, arPoly, delta);
        }

        /** Point forecasts of the next h steps. */
        public double[] forecast(int h) {
            int r = state.length, dl = last.length;
            double[] x = state.clone(), path = new double[dl + h], out = new double[h];
            System.arraycopy(last, 0, path, 0, dl);
            for (int k = 1; k <= h; k++) {
                double x0 = x[0];
                for (int i = 0; i < r - 1; i++) x[i] = (i < arPoly.length ? arPoly[i] * x0 : 0) + x[i + 1];
                x[r - 1] = r - 1 < arPoly.length ? arPoly[r - 1] * x0 : 0;
                double v = model.mu + x[0];
                for (int j = 0; j < dl; j++) v += delta[j] * path[dl + k - 2 - j];
                path[dl + k - 1] = v;
                out[k - 1] = v;
            }
            return out;
        }
    }
}
