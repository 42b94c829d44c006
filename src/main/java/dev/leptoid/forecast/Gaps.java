package dev.leptoid.forecast;

/**
 * Turns a history with gaps (NaN) into a gap-free series: leading gaps are dropped, interior gaps
 * of up to {@code maxLinear} steps are interpolated linearly, longer ones take the value one
 * season earlier when there is one (else linear), and trailing gaps are counted so that the
 * forecast still starts one step after the history's last timestamp.
 */
final class Gaps {

    private Gaps() {}

    /** The usable values and how many gap steps follow the last present one. */
    record Filled(double[] values, int trailingGaps, int interpolated) {}

    static Filled fill(double[] history, int maxLinear, int period) {
        int first = 0, last = history.length - 1;
        while (first < history.length && !Double.isFinite(history[first])) first++;
        while (last >= first && !Double.isFinite(history[last])) last--;
        if (first > last) return new Filled(new double[0], history.length, 0);
        double[] y = java.util.Arrays.copyOfRange(history, first, last + 1);
        int filled = 0;
        for (int i = 1; i < y.length; i++) {
            if (Double.isFinite(y[i])) continue;
            int j = i;
            while (!Double.isFinite(y[j])) j++; // y[last] is finite, so this stops
            int len = j - i;
            for (int k = i; k < j; k++) {
                boolean seasonal = len > maxLinear && period > 1 && k - period >= 0;
                y[k] = seasonal ? y[k - period]
                        : y[i - 1] + (y[j] - y[i - 1]) * (k - i + 1) / (len + 1);
            }
            filled += len;
            i = j;
        }
        return new Filled(y, history.length - 1 - last, filled);
    }
}
