package dev.leptoid.forecast;

import dev.leptoid.model.Gaps;
import java.util.Arrays;

/**
 * A history made gap-free for the models, which need a value at every step. Short interior
 * gaps are interpolated linearly by the same rule as the reader's ({@link Gaps#interpolate});
 * where the reader keeps longer gaps as gaps (so that a run sees what it is missing), here they
 * take the value one season earlier when there is one, else they are interpolated linearly too.
 * Leading gaps are dropped, and trailing gaps are counted so that the forecast still starts one
 * step after the history's last timestamp. A gap is never a zero.
 *
 * @param values the usable values, without gaps
 * @param trailingGaps how many gap steps follow the last present value
 * @param interpolated how many gap steps were filled
 */
record GapFreeHistory(double[] values, int trailingGaps, int interpolated) {

    static GapFreeHistory of(double[] history, int maxLinear, int period) {
        int first = 0, last = history.length - 1;
        while (first < history.length && !Double.isFinite(history[first])) first++;
        while (last >= first && !Double.isFinite(history[last])) last--;
        if (first > last) return new GapFreeHistory(new double[0], history.length, 0);
        double[] y = Arrays.copyOfRange(history, first, last + 1);
        int gaps = 0;
        for (int k = 0; k < y.length; k++)
            if (!Double.isFinite(y[k])) { y[k] = Double.NaN; gaps++; }
        Gaps.interpolate(y, 0, y.length - 1, maxLinear);
        for (int k = period; k < y.length && period > 1; k++) if (Double.isNaN(y[k])) y[k] = y[k - period];
        Gaps.interpolate(y, 0, y.length - 1, Integer.MAX_VALUE); // long gaps with no season before them
        return new GapFreeHistory(y, history.length - 1 - last, gaps);
    }
}
