package dev.leptoid.forecast;

import java.util.Optional;
import java.util.ArrayList;
import java.util.List;

/**
 * Fits one ETS model by maximum likelihood, as R's {@code forecast::ets()} does: smoothing
 * parameters within the usual bounds (alpha, beta, gamma >= 1e-4, beta <= alpha,
 * gamma <= 1 - alpha, damping phi in [0.8, 0.98]), initial states from R's heuristic and then
 * optimised with the parameters, criterion {@code n log(SSE)} (plus {@code 2 sum log|yhat|} for
 * multiplicative errors), Nelder-Mead.
 *
 * @param optimizeInitialStates estimate the initial states with the smoothing parameters (R's
 *                              behaviour); when false they stay at the heuristic values, which is
 *                              much cheaper on long series and costs little accuracy there
 * @param maxEvaluations likelihood evaluations per optimiser run
 * @param restarts extra optimiser runs started from the previous optimum (escapes early stalls)
 * @param relTol relative convergence tolerance of the criterion (R: 1e-8)
 * @param xTol stop also when the simplex spans less than this in every parameter (0: never)
 */
public record Ets(boolean optimizeInitialStates, int maxEvaluations, int restarts, double relTol, double xTol) {

    static final double LOWER = 1e-4, UPPER = 0.9999, PHI_LOWER = 0.8, PHI_UPPER = 0.98;

    /**
     * R-like: every state optimised, 2,000 evaluations per run; besides R's starting values the
     * search also starts from a fast-moving level (alpha 0.9; for trend models with a slow and a fast
     * trend) and, for trend models, from the model without trend (beta at its lower bound, initial
     * trend 0); the best of these runs is restarted three times. Against R's own fits of the short
     * seasonal R series (EtsChoiceKnownAnswerTest) one start fell short of R's likelihood on 64 of
     * 1,098 fits, by up to 768 (multiplicative errors on sunspot numbers near zero), these starts
     * on 16, by at most 4.7.
     */
    public static Ets exact() { return new Ets(true, 2000, 3, 1e-8, 0); }

    /**
     * For long series: smoothing parameters optimised, initial states profiled out by least
     * squares for non-seasonal models (exact for additive errors), heuristic for seasonal ones;
     * convergence at 1e-6 relative (0.02 in -2 log-likelihood on a 4,000-point series) or
     * when the smoothing parameters are known to 0.001.
     */
    public static Ets fast() { return new Ets(false, 400, 0, 1e-6, 1e-3); }

    /** Whether {@code spec} can be fitted to {@code y} at all (positivity, length, cycles). */
    public static boolean applicable(double[] y, EtsSpec spec) {
        if (spec.multiplicative() && Stats.min(y) <= 0) return false;
        if (spec.hasSeason() && y.length < 2 * spec.period()) return false;
        return y.length > spec.parameterCount() + 3;
    }

    /** Fits {@code spec} to finite data; empty when the model does not apply or the fit fails. */
    public Optional<EtsFit> fit(double[] y, EtsSpec spec) { return fit(y, spec, null); }

    /**
     * Fits {@code spec}, starting from {@code start}, a fit of the same trend and season with the
     * other error type, when given: the point recursions of the two error types are the same, so
     * their optima are close. Without state optimisation the multiplicative-error model then
     * keeps {@code start}'s initial states (least-squares optimal for the additive one) instead of
     * profiling them at each step: one pass over the data per evaluation instead of two.
     */
    public Optional<EtsFit> fit(double[] y, EtsSpec spec, EtsFit start) {
        if (!applicable(y, spec)) return Optional.empty();
        if (start != null && (start.spec().trend() != spec.trend() || start.spec().season() != spec.season()
                || start.spec().period() != spec.period())) start = null;
        int m = spec.period();
        double[] seas = spec.hasSeason() ? new double[m] : new double[0];
        double[] lb = initialStates(y, spec, seas); // seas: R's s0..s(m-2) in [0..m-2]
        boolean fixedStates = start != null && !optimizeInitialStates;
        if (fixedStates) {
            lb = new double[] {start.initialState()[0], start.initialState()[1]};
            for (int j = 0; j < m - 1 && spec.hasSeason(); j++) seas[j] = start.initialState()[2 + j];
        }
        int nSmooth = 1 + (spec.hasTrend() ? 1 : 0) + (spec.hasSeason() ? 1 : 0) + (spec.damped() ? 1 : 0);
        int nInit = optimizeInitialStates ? 1 + (spec.hasTrend() ? 1 : 0) + (spec.hasSeason() ? m - 1 : 0) : 0;
        double[] x = new double[nSmooth + nInit];
        double[] steps = new double[x.length];
        double alpha = LOWER + 0.2 * (UPPER - LOWER) / m;
        int i = 0;
        x[i] = alpha; steps[i++] = 0.1;
        if (spec.hasTrend()) { x[i] = LOWER + 0.1 * (alpha - LOWER); steps[i++] = 0.05; }
        if (spec.hasSeason()) { x[i] = LOWER + 0.05 * (1 - alpha - LOWER); steps[i++] = 0.05; }
        if (spec.damped()) { x[i] = PHI_LOWER + 0.99 * (PHI_UPPER - PHI_LOWER); steps[i++] = 0.05; }
        if (start != null) {
            int j = 0;
            x[j] = start.alpha(); steps[j] = 0.25 * steps[j]; j++;
            if (spec.hasTrend()) { x[j] = start.beta(); steps[j] = 0.25 * steps[j]; j++; }
            if (spec.hasSeason()) { x[j] = start.gamma(); steps[j] = 0.25 * steps[j]; j++; }
            if (spec.damped()) { x[j] = start.phi(); steps[j] = 0.25 * steps[j]; }
        }
        double scale = Math.max(Stats.sd(y, 0, Math.min(y.length, Math.max(10, 2 * m))), 1e-6 * Math.abs(lb[0]) + 1e-12);
        if (optimizeInitialStates) {
            x[i] = lb[0]; steps[i++] = 0.1 * Math.max(Math.abs(lb[0]), scale);
            if (spec.hasTrend()) { x[i] = lb[1]; steps[i++] = 0.1 * Math.max(Math.abs(lb[1]), scale / 10); }
            if (start != null) {
                x[i - 1 - (spec.hasTrend() ? 1 : 0)] = start.initialState()[0];
                if (spec.hasTrend()) x[i - 1] = start.initialState()[1];
            }
            for (int j = 0; j < (spec.hasSeason() ? m - 1 : 0); j++) {
                x[i] = start != null ? start.initialState()[2 + j] : seas[j];
                steps[i++] = spec.season() == EtsSpec.Season.M ? 0.05 : 0.1 * Math.max(Math.abs(seas[j]), scale / 10);
            }
        }
        Model model = new Model(y, spec, lb, seas, optimizeInitialStates, fixedStates);
        NelderMead nm = new NelderMead(relTol, maxEvaluations, xTol);
        NelderMead.Result r = nm.minimize(model::objective, x, steps);
        if (optimizeInitialStates && start == null) {
            for (double[] s0 : otherStarts(spec)) {
                double[] x2 = x.clone();
                int j = 0;
                x2[j++] = s0[0];
                if (spec.hasTrend()) x2[j++] = s0[1];
                if (spec.hasSeason()) x2[j++] = s0[2];
                if (spec.hasTrend() && s0.length > 3) x2[nSmooth + 1] = 0; // no initial trend: the model without trend nested
                NelderMead.Result r2 = nm.minimize(model::objective, x2, steps);
                if (r2.value() < r.value()) r = r2;
            }
        }
        r = restart(nm, model, r, steps); // the restarts refine the best of the starts
        if (!Double.isFinite(r.value())) return Optional.empty();
        return Optional.of(model.result(r.point()));
    }

    private NelderMead.Result restart(NelderMead nm, Model model, NelderMead.Result r, double[] steps) {
        for (int k = 0; k < restarts && Double.isFinite(r.value()); k++) {
            double[] s2 = steps.clone();
            for (int j = 0; j < s2.length; j++) s2[j] *= 0.5;
            NelderMead.Result r2 = nm.minimize(model::objective, r.point(), s2);
            if (r2.value() < r.value()) r = r2;
        }
        return r;
    }

    /** Further starting points of (alpha, beta, gamma) for R-like fits: a fast-moving level, with a slow and a fast trend. */
    private static List<double[]> otherStarts(EtsSpec spec) {
        double a = 0.9;
        double g = LOWER + 0.05 * (1 - a - LOWER);
        List<double[]> out = new ArrayList<>();
        out.add(new double[] {a, LOWER + 0.1 * (a - LOWER), g});
        if (spec.hasTrend()) {
            out.add(new double[] {a, 0.9 * a, g});
            double a0 = LOWER + 0.2 * (UPPER - LOWER) / spec.period();
            out.add(new double[] {a0, LOWER, LOWER + 0.05 * (1 - a0 - LOWER), 0});
        }
        return out;
    }

    /**
     * The model with given parameters and initial states ({@code l, b, s0..s(m-1)} as in
     * {@link EtsFit#initialState()}: b is 0 without trend, s0 is the most recent season, the
     * last seasonal state is implied by normalisation), without fitting: likelihood,
     * information criteria and end states for forecasting. For re-using a fitted model.
     */
    public static EtsFit evaluate(double[] y, EtsSpec spec, double alpha, double beta, double gamma, double phi,
                                  double[] initialState) {
        int m = spec.period();
        List<Double> x = new ArrayList<>();
        x.add(alpha);
        if (spec.hasTrend()) x.add(beta);
        if (spec.hasSeason()) x.add(gamma);
        if (spec.damped()) x.add(phi);
        x.add(initialState[0]);
        if (spec.hasTrend()) x.add(initialState[1]);
        for (int j = 0; j < (spec.hasSeason() ? m - 1 : 0); j++) x.add(initialState[2 + j]);
        double[] lb = {initialState[0], spec.hasTrend() ? initialState[1] : 0};
        Model model = new Model(y, spec, lb, new double[m], true, false);
        return model.result(x.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** AICc from R's {@code lik} (-2 log-likelihood up to a constant), {@code np} parameters, n points. */
    static double aicc(double lik, int np, int n) {
        return lik + 2 * np + 2.0 * np * (np + 1) / Math.max(1, n - np - 1);
    }

    /** R's {@code lik} of additive errors of one-step forecasts {@code f} of {@code y}: {@code n log(SSE)}. */
    static double likelihood(double[] y, double[] f) {
        double sse = 0;
        for (int t = 0; t < y.length; t++) sse += (y[t] - f[t]) * (y[t] - f[t]);
        return y.length * Math.log(sse);
    }

    /**
     * R's {@code initstate()}: a classical decomposition of the first three cycles for the
     * seasonal states, then the mean (or a regression line) of the first max(10, 2m) seasonally
     * adjusted points for level and trend. Fills {@code seas[0..m-2]} with R's s0..s(m-2) and
     * returns {l0, b0}.
     */
    static double[] initialStates(double[] y, EtsSpec spec, double[] seas) {
        int n = y.length;
        int m = spec.period();
        double[] ysa = y;
        if (spec.hasSeason()) {
            boolean mult = spec.season() == EtsSpec.Season.M;
            double[] fig = Decompose.seasonalFigure(y, Math.min(n, 3 * m) / m * m, m, mult);
            for (int j = 0; j < m - 1; j++) seas[j] = fig[m - 1 - j]; // rev(seasonal[2:m])
            if (mult) {
                double sum = 0;
                for (int j = 0; j < m - 1; j++) { seas[j] = Math.max(seas[j], 1e-2); sum += seas[j]; }
                if (sum > m) for (int j = 0; j < m - 1; j++) seas[j] /= sum + 1e-2 * (m - 1);
            }
            int lim = Math.min(n, Math.max(10, 2 * m));
            ysa = new double[lim];
            for (int t = 0; t < lim; t++)
                ysa[t] = mult ? y[t] / Math.max(fig[t % m], 1e-2) : y[t] - fig[t % m];
        }
        int maxn = Math.min(Math.max(10, 2 * m), n);
        if (!spec.hasTrend()) return new double[] {Stats.mean(ysa, 0, maxn), 0};
        double mx = (maxn + 1) / 2.0, my = Stats.mean(ysa, 0, maxn), sxy = 0, sxx = 0;
        for (int t = 0; t < maxn; t++) {
            sxy += (t + 1 - mx) * (ysa[t] - my);
            sxx += (t + 1 - mx) * (t + 1 - mx);
        }
        double b0 = sxy / sxx;
        double l0 = my - b0 * mx;
        if (Math.abs(l0 + b0) < 1e-8) { l0 *= 1 + 1e-3; b0 *= 1 - 1e-3; }
        return new double[] {l0, b0};
    }

    /** The likelihood of one model on one series, evaluated for a parameter vector. */
    private static final class Model {
        final double[] y;
        final EtsSpec spec;
        final double[] lb;
        final double[] seasInit;
        final boolean withStates;
        final boolean fixedStates;
        final double[] ring;
        final int m;

        Model(double[] y, EtsSpec spec, double[] lb, double[] seasInit, boolean withStates, boolean fixedStates) {
            this.fixedStates = fixedStates;
            this.y = y;
            this.spec = spec;
            this.lb = lb;
            this.seasInit = seasInit;
            this.withStates = withStates;
            this.m = spec.period();
            this.ring = new double[spec.hasSeason() ? m : 0];
        }

        double objective(double[] x) {
            int i = 0;
            double alpha = x[i++];
            double beta = spec.hasTrend() ? x[i++] : 0;
            double gamma = spec.hasSeason() ? x[i++] : 0;
            double phi = spec.damped() ? x[i++] : 1;
            if (alpha < LOWER || alpha > UPPER) return Double.POSITIVE_INFINITY;
            if (spec.hasTrend() && (beta < LOWER || beta > alpha)) return Double.POSITIVE_INFINITY;
            if (spec.hasSeason() && (gamma < LOWER || gamma > 1 - alpha)) return Double.POSITIVE_INFINITY;
            if (spec.damped() && (phi < PHI_LOWER || phi > PHI_UPPER)) return Double.POSITIVE_INFINITY;
            double l0 = withStates ? x[i++] : lb[0];
            double b0 = spec.hasTrend() ? (withStates ? x[i++] : lb[1]) : 0;
            if (spec.hasSeason() && !loadSeasons(x, i)) return Double.POSITIVE_INFINITY;
            if (concentrated()) {
                double[] c = concentrate(alpha, beta, phi);
                if (c == null) return Double.POSITIVE_INFINITY;
                if (spec.error() == EtsSpec.Error.A) return y.length * Math.log(c[2]);
                l0 = c[0];
                b0 = c[1];
            }
            double lik = filter(alpha, beta, gamma, phi, l0, b0, null);
            return Double.isFinite(lik) ? lik : Double.POSITIVE_INFINITY;
        }

        /** Initial states profiled out by least squares (non-seasonal models, states not optimised). */
        boolean concentrated() { return !withStates && !fixedStates && !spec.hasSeason(); }

        /**
         * For given smoothing parameters the one-step forecasts of a non-seasonal model are affine
         * in the initial states (l0, b0): run once from zero states, tracking each forecast's
         * sensitivity to them, and solve the 2x2 least-squares problem. Returns {l0, b0, SSE}:
         * for additive errors exactly the likelihood-optimal initial states.
         */
        double[] concentrate(double alpha, double beta, double phi) {
            boolean trend = spec.hasTrend();
            double ph = spec.damped() ? phi : 1;
            double l = 0, b = 0, dll = 1, dlb = 0, dbl = 0, dbb = 1; // state = base + D * (l0, b0)
            double s11 = 0, s12 = 0, s22 = 0, r1 = 0, r2 = 0, ee = 0;
            double oneMinusAlpha = 1 - alpha;
            if (!trend) {
                for (double yt : y) { // short dependency chain: l' = (1 - alpha) l + alpha y
                    double e = yt - l;
                    s11 += dll * dll;
                    r1 += dll * e;
                    ee += e * e;
                    l = oneMinusAlpha * l + alpha * yt;
                    dll *= oneMinusAlpha;
                }
            } else {
                for (double yt : y) {
                    double q = l + ph * b;
                    double ql = dll + ph * dbl, qb = dlb + ph * dbb;
                    double e = yt - q;
                    s11 += ql * ql; s12 += ql * qb; s22 += qb * qb;
                    r1 += ql * e; r2 += qb * e; ee += e * e;
                    l = oneMinusAlpha * q + alpha * yt;
                    b = ph * b + beta * e;
                    dll = oneMinusAlpha * ql;
                    dlb = oneMinusAlpha * qb;
                    dbl = ph * dbl - beta * ql;
                    dbb = ph * dbb - beta * qb;
                }
            }
            double l0, b0, sse;
            if (!trend) {
                if (!(s11 > 0)) return null;
                l0 = r1 / s11;
                b0 = 0;
                sse = ee - r1 * r1 / s11;
            } else {
                double det = s11 * s22 - s12 * s12;
                if (!(det > 1e-12 * s11 * s22)) return null;
                l0 = (s22 * r1 - s12 * r2) / det;
                b0 = (s11 * r2 - s12 * r1) / det;
                sse = ee - (l0 * r1 + b0 * r2);
            }
            sse = Math.max(sse, 1e-300);
            return Double.isFinite(sse) && Double.isFinite(l0) && Double.isFinite(b0) ? new double[] {l0, b0, sse} : null;
        }

        /** Fills the ring (order of use) from s0..s(m-2) plus the normalising last state. */
        boolean loadSeasons(double[] x, int from) {
            boolean mult = spec.season() == EtsSpec.Season.M;
            double sum = 0;
            for (int j = 0; j < m - 1; j++) {
                double s = withStates ? x[from + j] : seasInit[j];
                if (mult && s <= 0) return false;
                ring[m - 1 - j] = s;
                sum += s;
            }
            ring[0] = mult ? m - sum : -sum;
            return !mult || ring[0] > 0;
        }

        /** Runs the recursions; returns R's {@code lik}; stores end states into {@code end} if given. */
        double filter(double alpha, double beta, double gamma, double phi, double l, double b, double[] end) {
            EtsSpec.Trend trend = spec.trend();
            EtsSpec.Season season = spec.season();
            boolean multErr = spec.error() == EtsSpec.Error.M;
            int n = y.length;
            int pos = 0;
            double sse = 0, sumLog = 0, prod = 1;
            for (int t = 0; t < n; t++) {
                double phib = trend == EtsSpec.Trend.N ? 0 : trend == EtsSpec.Trend.A ? b : phi * b;
                double q = l + phib;
                double sv = 0, f, p;
                if (season == EtsSpec.Season.N) {
                    f = q;
                    p = y[t];
                } else {
                    sv = ring[pos];
                    if (season == EtsSpec.Season.A) { f = q + sv; p = y[t] - sv; } else { f = q * sv; p = y[t] / sv; }
                }
                double e;
                if (multErr) {
                    if (!(Math.abs(f) > 1e-10)) return Double.POSITIVE_INFINITY;
                    e = (y[t] - f) / f;
                    prod *= Math.abs(f); // sum of logs as the log of running products: one log per ~30 steps
                    if (prod > 1e120 || prod < 1e-120 || (t & 31) == 31) { sumLog += Math.log(prod); prod = 1; }
                } else {
                    e = y[t] - f;
                }
                sse += e * e;
                l = q + alpha * (p - q);
                if (trend != EtsSpec.Trend.N) b = phib + beta * (p - q);
                if (season != EtsSpec.Season.N) {
                    if (season == EtsSpec.Season.M && !(q > 0)) return Double.POSITIVE_INFINITY;
                    double tt = season == EtsSpec.Season.A ? y[t] - q : y[t] / q;
                    ring[pos] = sv + gamma * (tt - sv);
                    if (++pos == m) pos = 0;
                }
            }
            if (end != null) {
                end[0] = l;
                end[1] = b;
                end[2] = pos;
                end[3] = sse;
            }
            double lik = n * Math.log(Math.max(sse, 1e-300)); // a perfect fit is finite
            return multErr ? lik + 2 * (sumLog + Math.log(prod)) : lik;
        }

        EtsFit result(double[] x) {
            int i = 0;
            double alpha = x[i++];
            double beta = spec.hasTrend() ? x[i++] : 0;
            double gamma = spec.hasSeason() ? x[i++] : 0;
            double phi = spec.damped() ? x[i++] : 1;
            double l0 = withStates ? x[i++] : lb[0];
            double b0 = spec.hasTrend() ? (withStates ? x[i++] : lb[1]) : 0;
            if (concentrated()) {
                double[] c = concentrate(alpha, beta, phi);
                l0 = c[0];
                b0 = c[1];
            }
            double[] init = new double[2 + ring.length];
            init[0] = l0;
            init[1] = b0;
            if (spec.hasSeason()) {
                loadSeasons(x, i);
                for (int j = 0; j < m; j++) init[2 + j] = ring[m - 1 - j];
            }
            double[] end = new double[4];
            double lik = filter(alpha, beta, gamma, phi, l0, b0, end);
            int pos = (int) end[2];
            double[] endSeason = new double[ring.length];
            for (int j = 0; j < ring.length; j++) endSeason[j] = ring[(pos + j) % m];
            int n = y.length;
            int np = spec.parameterCount();
            double sigma2 = end[3] / Math.max(1, n - np + 1); // as R: parameters excluding the variance itself
            double aic = lik + 2 * np;
            double aicc = aicc(lik, np, n);
            double bic = lik + Math.log(n) * np;
            return new EtsFit(spec, alpha, beta, gamma, phi, init, end[0], end[1], endSeason,
                    sigma2, -0.5 * lik, aic, aicc, bic, n);
        }
    }
}
