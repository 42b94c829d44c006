package dev.leptoid.forecast;

import java.util.ArrayList;
import java.util.List;
import java.util.Arrays;

/**
 * Multiple seasonal decomposition (Bandara, Hyndman and Bergmeir, 2021; R's {@code mstl()}):
 * STL applied in turn for each period, shortest first, twice over when there are several.
 * Periods without two full cycles in the data are left out. Seasonal window of the i-th period
 * is {@code 7 + 4 i} (R's default: 11, 15, ...).
 *
 * <p>Unlike R, each seasonal component is then made continuous across its cycle boundaries
 * ({@link #continuousAtWraps}): with few cycles and a level that moves from cycle to cycle, STL's
 * cycle-subseries means absorb the within-cycle growth as a ramp that drops back at every cycle
 * boundary. When the history is a whole number of cycles that drop sits exactly at the forecast
 * origin, and the forecast jumps away from the last observation (a 3-day history of interpolated
 * 1-minute taxi data: one-step errors 37 times the one-step naive error).
 *
 * @param raw leave the components as STL gives them (R's {@code mstl()})
 * @param periods seasonal periods in steps
 * @param robust use STL's robustness iterations
 */
public record Mstl(List<Integer> periods, boolean robust, boolean raw) {

    /** With each seasonal component made continuous across its cycle boundaries (what leptoid uses). */
    public Mstl(List<Integer> periods, boolean robust) { this(periods, robust, false); }


    /**
     * The seasonal components (one per period kept, in ascending period) and the adjusted data,
     * over the whole series. STL ran on {@code [from, n)}; before {@code from} the seasonal
     * components are their first cycle repeated backwards and the trend is not estimated.
     * {@code nextCycles} holds each component's projection of the cycle after the data.
     */
    public record Decomposition(List<Integer> periods, List<double[]> seasonals, double[] adjusted, double[] trend, int from,
                                List<double[]> nextCycles) {

        /**
         * Strength of the i-th season (Wang, Smith and Hyndman, 2006):
         * {@code max(0, 1 - var(remainder) / var(season + remainder))}, in [0, 1].
         */
        public double strength(int i) {
            double[] s = seasonals.get(i);
            int n = s.length - from;
            double[] r = new double[n], sr = new double[n];
            for (int t = 0; t < n; t++) {
                r[t] = adjusted[from + t] - trend[from + t];
                sr[t] = r[t] + s[from + t];
            }
            double vr = Stats.sd(r, 0, n), vsr = Stats.sd(sr, 0, n);
            return vsr == 0 ? 0 : Math.max(0, 1 - vr * vr / (vsr * vsr));
        }

        /**
         * The seasonal part of steps 1..h after the data: each component's next cycle (see
         * {@link Mstl#nextCycle}), then its last cycle repeated (R's {@code stlf()}).
         */
        public double[] projectSeasonal(int h) {
            double[] out = new double[h];
            for (int c = 0; c < periods.size(); c++) {
                int p = periods.get(c);
                double[] s = seasonals.get(c), next = nextCycles.get(c);
                int n = s.length;
                for (int k = 0; k < h; k++) out[k] += k < p ? next[k] : s[n - p + (k % p)];
            }
            return out;
        }
    }

    public Mstl {
        periods = List.copyOf(periods);
    }

    /**
     * Removes the step that a seasonal component {@code s} of the series {@code x} takes at its
     * cycle boundaries (indices 0 mod p) when {@code x} takes none there: with few cycles and a
     * level that moves from cycle to cycle, STL's cycle-subseries means absorb the growth within a
     * cycle as a ramp that drops back at every boundary. The mean over all boundaries of the
     * component's step less the data's step, D (each step the jump between the points either
     * side less the slope on either side), is put back as a ramp:
     * {@code s[t] += D (phase - (p - 1) / 2) / p} (the adjusted series gets it), which keeps each
     * cycle's mean and leaves a step of D / p. A real step of the data at the boundary (a shift
     * that starts at midnight) is in both and is kept; continuous seasons have D near 0.
     */
    static void continuousAtWraps(double[] s, double[] x, int p) {
        int n = s.length;
        double sum = 0;
        int count = 0;
        for (int c = p; c - 2 >= 0 && c + 2 <= n; c += p) {
            sum += step(s, c) - step(x, c);
            count++;
        }
        if (count == 0) return;
        double d = sum / count;
        for (int t = 0; t < n; t++) s[t] += d * ((t % p) - (p - 1) / 2.0) / p;
    }

    /** The jump of {@code a} between indices c - 1 and c, less the mean slope of the steps either side. */
    static double step(double[] a, int c) {
        return (a[c] - a[c - 1]) - 0.5 * ((a[c - 1] - a[c - 2]) + (a[c + 1] - a[c]));
    }

    /**
     * The cycle after the data of a component {@code s} of {@code x}: the last cycle, made to
     * join the data without a step at the origin. Repeating {@code s[n-p..n-1]} puts its last
     * value (the estimate at the origin) next to its first (an estimate one cycle older), and
     * when the season changes from cycle to cycle the forecast jumps away from the last
     * observation there. That step ({@link #step}, across the seam), less the data's own mean step
     * at the cycle boundaries (a real midnight shift is kept), is taken off step 1 and faded out
     * linearly: step k loses {@code (1 - k/p)} of it, step p nothing.
     */
    static double[] nextCycle(double[] s, double[] x, int p) {
        int n = s.length;
        double[] next = Arrays.copyOfRange(s, n - p, n);
        if (p < 3) return next;
        double jump = 0;
        int count = 0;
        for (int c = p; c + 2 <= n; c += p) { jump += step(x, c); count++; }
        jump = count == 0 ? 0 : jump / count;
        double seam = (s[n - p] - s[n - 1]) - 0.5 * ((s[n - 1] - s[n - 2]) + (s[n - p + 1] - s[n - p])) - jump;
        for (int k = 0; k < p; k++) next[k] -= seam * (1 - (k + 1.0) / p);
        return next;
    }

    /**
     * Decomposes {@code y}. Unless {@code raw}, STL runs on the last whole number of cycles of the
     * longest period kept: every cycle-subseries then has the same number of points. (With a part
     * cycle, the phases after the last one observed have one point fewer, their estimates are
     * weighted differently, and the components step there -- at the forecast origin.) The
     * components are made continuous at their cycle boundaries ({@link #continuousAtWraps}).
     */
    public Decomposition decompose(double[] y) {
        int n = y.length;
        List<Integer> kept = new ArrayList<>();
        for (int p : periods.stream().sorted().distinct().toList()) if (p >= 2 && n > 2 * p) kept.add(p);
        int from = raw || kept.isEmpty() ? 0 : n % kept.get(kept.size() - 1);
        int len = n - from;
        double[] deseas = Arrays.copyOfRange(y, from, n);
        double[] x = new double[len];
        List<double[]> seas = new ArrayList<>();
        for (int i = 0; i < kept.size(); i++) seas.add(new double[len]);
        int iterate = kept.size() > 1 ? 2 : 1;
        double[] trend = new double[n];
        List<double[]> next = new ArrayList<>();
        for (int it = 0; it < iterate; it++) {
            for (int i = 0; i < kept.size(); i++) {
                double[] s = seas.get(i);
                for (int t = 0; t < len; t++) x[t] = deseas[t] + s[t];
                Stl.Decomposition dec = new Stl(kept.get(i), 7 + 4 * (i + 1), robust).decompose(x);
                double[] fit = dec.seasonal();
                System.arraycopy(dec.trend(), 0, trend, from, len);
                if (!raw) continuousAtWraps(fit, x, kept.get(i));
                seas.set(i, fit);
                if (it == iterate - 1) next.add(raw ? Arrays.copyOfRange(fit, len - kept.get(i), len) : nextCycle(fit, x, kept.get(i)));
                for (int t = 0; t < len; t++) deseas[t] = x[t] - fit[t];
            }
        }
        List<double[]> full = new ArrayList<>();
        double[] adjusted = y.clone();
        for (int i = 0; i < kept.size(); i++) {
            int p = kept.get(i);
            double[] s = seas.get(i), f = new double[n];
            for (int t = 0; t < n; t++) {
                f[t] = t >= from ? s[t - from] : s[Math.floorMod(t - from, p)];
                adjusted[t] -= f[t];
            }
            full.add(f);
        }
        for (int t = 0; t < from; t++) trend[t] = Double.NaN;
        return new Decomposition(List.copyOf(kept), List.copyOf(full), adjusted, trend, from, List.copyOf(next));
    }
}
