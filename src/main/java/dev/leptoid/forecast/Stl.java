package dev.leptoid.forecast;

import java.util.Arrays;
/**
 * Seasonal-trend decomposition by loess (Cleveland, Cleveland, McRae and Terpenning, 1990), a
 * translation of the algorithm of the original {@code stl} routine used by R's {@code stl()}:
 * cycle-subseries smoothing (degree 0), low-pass filter (moving averages + loess), trend loess
 * (degree 1), loess evaluated every {@code ceil(window/10)} points and interpolated between.
 *
 * @param period seasonal period in steps (>= 2)
 * @param seasonalWindow span (points) of the cycle-subseries loess, odd >= 3; larger is smoother
 * @param robust robustness iterations (15 outer, 1 inner) against outliers, as R's {@code robust=TRUE}
 */
public record Stl(int period, int seasonalWindow, boolean robust) {

    /** Seasonal and trend components of one decomposition (remainder = data - both). */
    public record Decomposition(double[] seasonal, double[] trend) {}

    public Stl {
        if (period < 2) throw new IllegalArgumentException("STL period must be >= 2, got " + period);
        if (seasonalWindow < 3) throw new IllegalArgumentException("STL seasonal window must be >= 3");
        if (seasonalWindow % 2 == 0) seasonalWindow++;
    }

    public Decomposition decompose(double[] y) {
        int n = y.length;
        if (n < 2 * period) throw new IllegalArgumentException("STL needs two full cycles: " + n + " < 2 x " + period);
        int np = period;
        int ns = seasonalWindow;
        int nt = odd((int) Math.ceil(1.5 * np / (1 - 1.5 / ns)));
        int nl = odd(np);
        int nsjump = (int) Math.ceil(ns / 10.0), ntjump = (int) Math.ceil(nt / 10.0), nljump = (int) Math.ceil(nl / 10.0);
        int inner = robust ? 1 : 2, outer = robust ? 15 : 0;
        double[] season = new double[n + 2 * np];
        double[] trend = new double[n];
        double[] rw = new double[n];
        double[][] work = new double[5][n + 2 * np];
        Smoother sm = new Smoother(n + 2 * np);
        boolean userw = false;
        for (int k = 0; ; k++) {
            for (int it = 0; it < inner; it++) {
                double[] w1 = work[0], w2 = work[1], w3 = work[2];
                for (int i = 0; i < n; i++) w1[i] = y[i] - trend[i];
                subseries(sm, w1, n, np, ns, nsjump, userw, rw, w2, work[3], work[4]);
                lowPass(w2, n + 2 * np, np, w3, w1);
                sm.ess(w3, n, nl, 1, nljump, false, null, w1);
                for (int i = 0; i < n; i++) season[i] = w2[np + i] - w1[i];
                for (int i = 0; i < n; i++) w1[i] = y[i] - season[i];
                sm.ess(w1, n, nt, 1, ntjump, userw, rw, trend);
            }
            if (k >= outer) break;
            robustnessWeights(y, season, trend, rw);
            userw = true;
        }
        return new Decomposition(Arrays.copyOf(season, n), trend);
    }

    private static int odd(int v) { return v % 2 == 0 ? v + 1 : v; }

    /** Smooths each cycle-subseries, extended by one point at either end, into {@code c} (length n + 2 np). */
    private static void subseries(Smoother sm, double[] y, int n, int np, int ns, int nsjump, boolean userw,
                                  double[] rw, double[] c, double[] sub, double[] subw) {
        double[] out = new double[n / np + 3];
        for (int j = 0; j < np; j++) {
            int k = (n - j - 1) / np + 1;
            for (int i = 0; i < k; i++) {
                sub[i] = y[i * np + j];
                if (userw) subw[i] = rw[i * np + j];
            }
            double[] sm1 = new double[k];
            sm.ess(sub, k, ns, 0, nsjump, userw, subw, sm1);
            System.arraycopy(sm1, 0, out, 1, k);
            double v = sm.est(sub, k, ns, 0, 0, 1, Math.min(ns, k), userw, subw);
            out[0] = Double.isNaN(v) ? out[1] : v;
            v = sm.est(sub, k, ns, 0, k + 1, Math.max(1, k - ns + 1), k, userw, subw);
            out[k + 1] = Double.isNaN(v) ? out[k] : v;
            for (int m = 0; m < k + 2; m++) c[m * np + j] = out[m];
        }
    }

    /** Moving averages of lengths np, np, 3: from length n to n - 2 np + 2 ... into {@code out}. */
    private static void lowPass(double[] x, int n, int np, double[] out, double[] tmp) {
        movingAverage(x, n, np, out);
        movingAverage(out, n - np + 1, np, tmp);
        movingAverage(tmp, n - 2 * np + 2, 3, out);
    }

    private static void movingAverage(double[] x, int n, int len, double[] ave) {
        int newn = n - len + 1;
        double v = 0;
        for (int i = 0; i < len; i++) v += x[i];
        ave[0] = v / len;
        for (int j = 1; j < newn; j++) {
            v = v - x[j - 1] + x[len + j - 1];
            ave[j] = v / len;
        }
    }

    private static void robustnessWeights(double[] y, double[] season, double[] trend, double[] rw) {
        int n = y.length;
        double[] r = new double[n];
        for (int i = 0; i < n; i++) r[i] = Math.abs(y[i] - season[i] - trend[i]);
        double h = 6 * Stats.median(r);
        double c9 = 0.999 * h, c1 = 0.001 * h;
        for (int i = 0; i < n; i++) {
            if (r[i] <= c1) rw[i] = 1;
            else if (r[i] <= c9) { double u = r[i] / h; rw[i] = (1 - u * u) * (1 - u * u); }
            else rw[i] = 0;
        }
    }

    /** Loess with tricube weights on the index grid; indices are 1-based as in the original. */
    private static final class Smoother {
        final double[] w;

        Smoother(int size) { w = new double[size + 2]; }

        /** Fitted value at abscissa xs from points nleft..nright; NaN when all weights vanish. */
        double est(double[] y, int n, int len, int ideg, double xs, int nleft, int nright, boolean userw, double[] rw) {
            double range = n - 1;
            double h = Math.max(xs - nleft, nright - xs);
            if (len > n) h += (len - n) / 2;
            double h9 = 0.999 * h, h1 = 0.001 * h;
            double a = 0;
            for (int j = nleft; j <= nright; j++) {
                w[j] = 0;
                double r = Math.abs(j - xs);
                if (r <= h9) {
                    if (r <= h1) w[j] = 1;
                    else { double u = r / h; u = 1 - u * u * u; w[j] = u * u * u; }
                    if (userw) w[j] *= rw[j - 1];
                    a += w[j];
                }
            }
            if (a <= 0) return Double.NaN;
            for (int j = nleft; j <= nright; j++) w[j] /= a;
            if (h > 0 && ideg > 0) {
                a = 0;
                for (int j = nleft; j <= nright; j++) a += w[j] * j;
                double b = xs - a;
                double c = 0;
                for (int j = nleft; j <= nright; j++) c += w[j] * (j - a) * (j - a);
                if (Math.sqrt(c) > 0.001 * range) {
                    b /= c;
                    for (int j = nleft; j <= nright; j++) w[j] *= b * (j - a) + 1;
                }
            }
            double ys = 0;
            for (int j = nleft; j <= nright; j++) ys += w[j] * y[j - 1];
            return ys;
        }

        /** Loess smooth of y[0..n) with span len, evaluated every njump points, into ys[0..n). */
        void ess(double[] y, int n, int len, int ideg, int njump, boolean userw, double[] rw, double[] ys) {
            if (n < 2) { ys[0] = y[0]; return; }
            int newnj = Math.min(njump, n - 1);
            int nleft = 0, nright = 0;
            if (len >= n) {
                nleft = 1;
                nright = n;
                for (int i = 1; i <= n; i += newnj) put(y, ys, i, est(y, n, len, ideg, i, nleft, nright, userw, rw));
            } else if (newnj == 1) {
                int nsh = (len + 1) / 2;
                nleft = 1;
                nright = len;
                for (int i = 1; i <= n; i++) {
                    if (i > nsh && nright != n) { nleft++; nright++; }
                    put(y, ys, i, est(y, n, len, ideg, i, nleft, nright, userw, rw));
                }
            } else {
                int nsh = (len + 1) / 2;
                for (int i = 1; i <= n; i += newnj) {
                    if (i < nsh) { nleft = 1; nright = len; }
                    else if (i >= n - nsh + 1) { nleft = n - len + 1; nright = n; }
                    else { nleft = i - nsh + 1; nright = len + i - nsh; }
                    put(y, ys, i, est(y, n, len, ideg, i, nleft, nright, userw, rw));
                }
            }
            if (newnj != 1) {
                for (int i = 1; i <= n - newnj; i += newnj) {
                    double delta = (ys[i + newnj - 1] - ys[i - 1]) / newnj;
                    for (int j = i + 1; j <= i + newnj - 1; j++) ys[j - 1] = ys[i - 1] + delta * (j - i);
                }
                int k = ((n - 1) / newnj) * newnj + 1;
                if (k != n) {
                    put(y, ys, n, est(y, n, len, ideg, n, nleft, nright, userw, rw));
                    if (k != n - 1) {
                        double delta = (ys[n - 1] - ys[k - 1]) / (n - k);
                        for (int j = k + 1; j <= n - 1; j++) ys[j - 1] = ys[k - 1] + delta * (j - k);
                    }
                }
            }
        }

        private static void put(double[] y, double[] ys, int i, double v) { ys[i - 1] = Double.isNaN(v) ? y[i - 1] : v; }
    }
}
