package dev.leptoid.forecast;

import java.util.Optional;

/**
 * The Theta method (Assimakopoulos and Nikolopoulos 2000) as R forecast's {@code thetaf()}
 * computes it: when the data have a season of {@code period} steps that the autocorrelation test
 * below finds, they are seasonally adjusted by a classical multiplicative decomposition (R's
 * {@code decompose(type = "multiplicative")}); the adjusted series is forecast by simple
 * exponential smoothing (ETS(A,N,N), initial level and alpha fitted) plus a drift of half the
 * slope of a straight line fitted to it by least squares (Hyndman and Billah 2003: the Theta
 * method is SES with drift), and the season's factors are put back. Robust on short yearly,
 * quarterly and monthly series (best method of the M3 competition).
 *
 * <p>Seasonality test (R's): the autocorrelation at lag {@code period} is significant at the
 * one-sided 5 % level against Bartlett's standard error from the lags before it, on data with more
 * than two full cycles. Unlike R, the season is not divided out of data that are not all positive
 * (a multiplicative figure of such data is not defined).
 *
 * @param ses the SES fit to the (adjusted) data
 * @param drift half the least-squares slope of the (adjusted) data per step
 * @param figure the seasonal factors by phase ({@code figure[t % period]} applies at index t), or null without season
 * @param n the number of points fitted
 * @param adjusted the data with the season divided out (the data themselves without season)
 */
public record Theta(EtsFit ses, double drift, double[] figure, int n, double[] adjusted) {

    private static final EtsSpec SES = EtsSpec.of(EtsSpec.Error.A, EtsSpec.Trend.N, EtsSpec.Season.N, 1);

    /**
     * Theta on {@code y} with a season of {@code period} steps when the test finds one (1 = none);
     * empty when SES cannot be fitted.
     */
    public static Optional<Theta> fit(double[] y, int period, Ets fitter) {
        int n = y.length;
        double[] figure = period > 1 && seasonal(y, period) && Stats.min(y) > 0 ? Decompose.seasonalFigure(y, n, period, true) : null;
        if (figure != null) for (double f : figure) if (Math.abs(f) < 1e-4) figure = null; // R: seasonal indexes close to zero
        double[] z = y.clone();
        if (figure != null) for (int t = 0; t < n; t++) z[t] /= figure[t % period];
        double[] fig = figure;
        return fitter.fit(z, SES).map(f -> new Theta(f, slope(z) / 2, fig, n, z));
    }

    /** R's {@code thetaf()} seasonality test: |acf at lag m| / sqrt((1 + 2 sum of the squared acf at lags 1..m-1) / n) > 1.645. */
    static boolean seasonal(double[] y, int m) {
        int n = y.length;
        if (m < 2 || n <= 2 * m) return false;
        double mean = Stats.mean(y, 0, n), c0 = 0;
        for (double v : y) c0 += (v - mean) * (v - mean);
        if (c0 <= 0) return false; // constant data
        double sum = 0, rm = 0;
        for (int k = 1; k <= m; k++) {
            double c = 0;
            for (int t = 0; t + k < n; t++) c += (y[t] - mean) * (y[t + k] - mean);
            double r = c / c0;
            if (k < m) sum += r * r;
            else rm = r;
        }
        return Math.abs(rm) / Math.sqrt((1 + 2 * sum) / n) > Stats.normalQuantile(0.95);
    }

    /** Least-squares slope of {@code z} against 0..n-1. */
    static double slope(double[] z) {
        int n = z.length;
        double tm = (n - 1) / 2.0, zm = Stats.mean(z, 0, n), sxy = 0, sxx = 0;
        for (int t = 0; t < n; t++) {
            sxy += (t - tm) * (z[t] - zm);
            sxx += (t - tm) * (t - tm);
        }
        return sxx == 0 ? 0 : sxy / sxx;
    }

    private double alpha() { return Math.max(1e-10, ses.alpha()); }

    /** The drift's share of the forecast k steps after a level fitted on {@code points} points (R: {@code (k - 1) + (1 - (1 - alpha)^n) / alpha}). */
    private double driftSteps(int k, int points) {
        double a = alpha();
        return drift * (k - 1 + (1 - Math.pow(1 - a, points)) / a);
    }

    private double factor(int index) { return figure == null ? 1 : figure[index % figure.length]; }

    /** Point forecasts for steps 1..h after the fitted data. */
    public double[] pointForecast(int h) {
        double[] mu = new double[h];
        for (int k = 1; k <= h; k++) mu[k - 1] = (ses.endLevel() + driftSteps(k, n)) * factor(n - 1 + k);
        return mu;
    }

    /** Point forecasts with R's bounds: the mean plus or minus z sigma sqrt(1 + (k - 1) alpha^2), as {@code thetaf()}. */
    public Forecast forecast(int h, double level) {
        double[] mu = pointForecast(h), lo = new double[h], hi = new double[h];
        double z = Stats.normalQuantile(0.5 + level / 200), a = alpha(), sd = Math.sqrt(ses.sigma2());
        for (int k = 0; k < h; k++) {
            double w = z * sd * Math.sqrt(1 + k * a * a);
            lo[k] = mu[k] - w;
            hi[k] = mu[k] + w;
        }
        return new Forecast(mu, lo, hi, level, label());
    }

    /** {@code Theta}, or {@code Theta[m]} when a season was divided out. */
    public String label() { return figure == null ? "Theta" : "Theta[" + figure.length + "]"; }

    /** Its forecasts from past origins of the fitted data (level after the origin, the drift and the factors of the whole fit). */
    EmpiricalIntervals.PastForecasts past() {
        double[][][] states = new double[1][][];
        return (t, k) -> {
            if (states[0] == null) states[0] = ses.filteredStates(adjusted);
            return (states[0][0][t] + driftSteps(k, t + 1)) * factor(t + k);
        };
    }

    /** The fit carried forward over new points ({@link Fitted.ThetaModel}). */
    Fitted.ThetaModel model() { return new Fitted.ThetaModel(this); }

    /** Forecasts for steps 1..h after {@code z}, the points that followed the fitted data (NaN: not observed). */
    double[] after(double[] z, int h) {
        double[] a = new double[z.length];
        for (int t = 0; t < z.length; t++) a[t] = z[t] / factor(n + t);
        EtsFit s = ses.after(a);
        double[] mu = new double[h];
        for (int k = 1; k <= h; k++) mu[k - 1] = (s.endLevel() + driftSteps(k, n + z.length)) * factor(n + z.length - 1 + k);
        return mu;
    }
}
