package dev.leptoid.forecast;

import java.util.ArrayList;
import java.util.List;

/**
 * Multiple seasonal decomposition (Bandara, Hyndman and Bergmeir, 2021; R's {@code mstl()}):
 * STL applied in turn for each period, shortest first, twice over when there are several.
 * Periods without two full cycles in the data are left out. Seasonal window of the i-th period
 * is {@code 7 + 4 i} (R's default: 11, 15, ...).
 *
 * @param periods seasonal periods in steps
 * @param robust use STL's robustness iterations
 */
public record Mstl(List<Integer> periods, boolean robust) {

    /** The seasonal components (one per period kept, in ascending period) and the adjusted data. */
    public record Decomposition(List<Integer> periods, List<double[]> seasonals, double[] adjusted, double[] trend) {

        /**
         * Strength of the i-th season (Wang, Smith and Hyndman, 2006):
         * {@code max(0, 1 - var(remainder) / var(season + remainder))}, in [0, 1].
         */
        public double strength(int i) {
            double[] s = seasonals.get(i);
            int n = s.length;
            double[] r = new double[n], sr = new double[n];
            for (int t = 0; t < n; t++) {
                r[t] = adjusted[t] - trend[t];
                sr[t] = r[t] + s[t];
            }
            double vr = Stats.sd(r, 0, n), vsr = Stats.sd(sr, 0, n);
            return vsr == 0 ? 0 : Math.max(0, 1 - vr * vr / (vsr * vsr));
        }

        /** The seasonal part of steps 1..h after the data: each component's last cycle repeated. */
        public double[] projectSeasonal(int h) {
            double[] out = new double[h];
            for (int c = 0; c < periods.size(); c++) {
                int p = periods.get(c);
                double[] s = seasonals.get(c);
                int n = s.length;
                for (int k = 0; k < h; k++) out[k] += s[n - p + (k % p)];
            }
            return out;
        }
    }

    public Mstl {
        periods = List.copyOf(periods);
    }

    public Decomposition decompose(double[] y) {
        int n = y.length;
        List<Integer> kept = new ArrayList<>();
        for (int p : periods.stream().sorted().distinct().toList()) if (p >= 2 && n > 2 * p) kept.add(p);
        double[] deseas = y.clone();
        List<double[]> seas = new ArrayList<>();
        for (int i = 0; i < kept.size(); i++) seas.add(new double[n]);
        int iterate = kept.size() > 1 ? 2 : 1;
        double[] trend = new double[n];
        for (int it = 0; it < iterate; it++) {
            for (int i = 0; i < kept.size(); i++) {
                double[] s = seas.get(i);
                for (int t = 0; t < n; t++) deseas[t] += s[t];
                Stl.Decomposition dec = new Stl(kept.get(i), 7 + 4 * (i + 1), robust).decompose(deseas);
                double[] fit = dec.seasonal();
                trend = dec.trend();
                seas.set(i, fit);
                for (int t = 0; t < n; t++) deseas[t] -= fit[t];
            }
        }
        return new Decomposition(List.copyOf(kept), List.copyOf(seas), deseas, trend);
    }
}
