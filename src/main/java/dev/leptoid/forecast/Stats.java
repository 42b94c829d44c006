package dev.leptoid.forecast;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.commons.math3.special.Erf;

/** Small numeric helpers shared by the forecasting code. */
final class Stats {

    private Stats() {}

    /** Quantile of the standard normal distribution. */
    static double normalQuantile(double p) {
        return Math.sqrt(2) * Erf.erfInv(2 * p - 1);
    }

    static double gaussian(SplittableRandom rnd) { return rnd.nextGaussian(); }

    /** Quantile of sorted data, linear interpolation between order statistics (R's type 7). */
    static double quantileSorted(double[] sorted, double p) {
        double h = (sorted.length - 1) * p;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        return quantileSorted(s, 0.5);
    }

    static double mean(double[] x, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) s += x[i];
        return s / (to - from);
    }

    static double sd(double[] x, int from, int to) {
        double m = mean(x, from, to), s = 0;
        for (int i = from; i < to; i++) s += (x[i] - m) * (x[i] - m);
        return to - from > 1 ? Math.sqrt(s / (to - from - 1)) : 0;
    }

    static double min(double[] x) {
        double m = Double.POSITIVE_INFINITY;
        for (double v : x) m = Math.min(m, v);
        return m;
    }
}
