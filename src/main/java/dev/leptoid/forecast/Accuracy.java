package dev.leptoid.forecast;

/** Forecast accuracy measures. Gaps (NaN) in the actuals are skipped. */
public final class Accuracy {

    private Accuracy() {}

    /**
     * Mean absolute scaled error: mean |actual - forecast| divided by the in-sample mean absolute
     * error of the seasonal naive method of period {@code m} (m = 1: naive). NaN when undefined.
     */
    public static double mase(double[] actual, double[] forecast, double[] train, int m) {
        double scale = naiveScale(train, m);
        if (!(scale > 0)) return Double.NaN;
        double err = 0;
        int k = 0;
        for (int i = 0; i < actual.length; i++) {
            if (Double.isNaN(actual[i])) continue;
            err += Math.abs(actual[i] - forecast[i]);
            k++;
        }
        return k == 0 ? Double.NaN : err / k / scale;
    }

    /**
     * Mean scaled interval score (MSIS, Gneiting and Raftery 2007; the M4 competition): mean of
     * {@code (u - l) + (2/a)(l - y)[y < l] + (2/a)(y - u)[y > u]} with {@code a = 1 - level/100},
     * divided by the in-sample mean absolute error of the seasonal naive method of period m (as
     * MASE). Lower is better; it rewards narrow intervals and penalises misses in proportion to
     * how far they miss. NaN when undefined.
     */
    public static double msis(double[] actual, double[] lower, double[] upper, double level, double[] train, int m) {
        double scale = naiveScale(train, m);
        if (!(scale > 0)) return Double.NaN;
        double a = 1 - level / 100.0, sum = 0;
        int k = 0;
        for (int i = 0; i < actual.length; i++) {
            double y = actual[i];
            if (Double.isNaN(y)) continue;
            double s = upper[i] - lower[i];
            if (y < lower[i]) s += 2 / a * (lower[i] - y);
            if (y > upper[i]) s += 2 / a * (y - upper[i]);
            sum += s;
            k++;
        }
        return k == 0 ? Double.NaN : sum / k / scale;
    }

    private static double naiveScale(double[] train, int m) {
        double scale = 0;
        int count = 0;
        for (int t = m; t < train.length; t++) {
            double d = train[t] - train[t - m];
            if (!Double.isNaN(d)) { scale += Math.abs(d); count++; }
        }
        return count == 0 ? Double.NaN : scale / count;
    }

    /** Share of actuals inside [lower, upper]. */
    public static double coverage(double[] actual, double[] lower, double[] upper) {
        int in = 0, k = 0;
        for (int i = 0; i < actual.length; i++) {
            if (Double.isNaN(actual[i])) continue;
            k++;
            if (actual[i] >= lower[i] && actual[i] <= upper[i]) in++;
        }
        return k == 0 ? Double.NaN : (double) in / k;
    }
}
