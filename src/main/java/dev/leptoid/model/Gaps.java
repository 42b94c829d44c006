package dev.leptoid.model;

import dev.leptoid.source.Series;

/** Gap handling: short interior gaps are interpolated linearly; long ones stay gaps. */
public final class Gaps {

    private Gaps() {}

    /** Fills interior runs of at most {@code maxRun} missing points by linear interpolation. */
    public static Series interpolate(Series s, int maxRun) {
        double[] v = s.values();
        int i = 0;
        while (i < v.length) {
            if (!Double.isNaN(v[i])) { i++; continue; }
            int j = i;
            while (j < v.length && Double.isNaN(v[j])) j++;
            if (i > 0 && j < v.length && j - i <= maxRun) {
                double a = v[i - 1], b = v[j];
                for (int k = i; k < j; k++) v[k] = a + (b - a) * (k - i + 1) / (j - i + 1);
            }
            i = j;
        }
        return new Series(s.name(), s.start(), s.step(), v);
    }

    /** Drops leading gaps; returns an empty-valued series when all are gaps. */
    public static Series trimLeading(Series s) {
        int first = s.firstPresentIndex();
        return first <= 0 ? (first < 0 ? s.slice(s.size(), s.size()) : s) : s.slice(first, s.size());
    }
}
