package dev.leptoid.model;

import dev.leptoid.source.Series;

/** Gap handling: short interior gaps are interpolated linearly; long ones stay gaps. */
public final class Gaps {

    private Gaps() {}

    /**
     * Fills, in place, the runs of at most {@code maxRun} missing points (NaN) that lie strictly
     * inside {@code v[first..last]} by linear interpolation between their neighbours; runs that
     * touch either end, or are longer, stay gaps.
     */
    public static void interpolate(double[] v, int first, int last, int maxRun) {
        int i = first;
        while (i <= last) {
            if (!Double.isNaN(v[i])) { i++; continue; }
            int j = i;
            while (j <= last && Double.isNaN(v[j])) j++;
            if (i > first && j <= last && j - i <= maxRun) {
                double a = v[i - 1], b = v[j];
                for (int k = i; k < j; k++) v[k] = a + (b - a) * (k - i + 1) / (j - i + 1);
            }
            i = j;
        }
    }

    /** Drops leading gaps; returns an empty-valued series when all are gaps. */
    public static Series trimLeading(Series s) {
        int first = s.firstPresentIndex();
        return first <= 0 ? (first < 0 ? s.slice(s.size(), s.size()) : s) : s.slice(first, s.size());
    }
}
