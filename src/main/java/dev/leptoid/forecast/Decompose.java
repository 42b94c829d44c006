package dev.leptoid.forecast;

/** Classical decomposition by moving averages (R's {@code decompose()}), seasonal figure only. */
final class Decompose {

    private Decompose() {}

    /**
     * The seasonal figure of {@code y[0..len)}: per phase mean of the series detrended by a
     * centred moving average of order m, normalised to sum 0 (additive) or average 1
     * (multiplicative). {@code fig[p]} is the effect at phase p (index t has phase t mod m).
     */
    static double[] seasonalFigure(double[] y, int len, int m, boolean multiplicative) {
        double[] sum = new double[m];
        int[] count = new int[m];
        boolean even = m % 2 == 0;
        int half = m / 2;
        for (int t = half; t < len - half; t++) {
            double s = 0;
            if (even) {
                s = 0.5 * (y[t - half] + y[t + half]);
                for (int k = t - half + 1; k < t + half; k++) s += y[k];
            } else {
                for (int k = t - half; k <= t + half; k++) s += y[k];
            }
            double trend = s / m;
            sum[t % m] += multiplicative ? y[t] / trend : y[t] - trend;
            count[t % m]++;
        }
        double[] fig = new double[m];
        double avg = 0;
        for (int p = 0; p < m; p++) {
            fig[p] = count[p] == 0 ? (multiplicative ? 1 : 0) : sum[p] / count[p];
            avg += fig[p] / m;
        }
        for (int p = 0; p < m; p++) fig[p] = multiplicative ? fig[p] / avg : fig[p] - avg;
        return fig;
    }
}
