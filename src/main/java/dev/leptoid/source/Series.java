package dev.leptoid.source;

import java.util.Arrays;

/**
 * A metric on a regular time grid. Timestamps are epoch seconds; {@code values[i]} is the
 * value at {@code start + i * step}. A gap is {@link Double#NaN}, never zero.
 */
public record Series(String name, long start, long step, double[] values) {

    public Series {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("series name is empty");
        if (step <= 0) throw new IllegalArgumentException("series " + name + ": step must be positive, got " + step);
        values = values.clone();
    }

    public int size() { return values.length; }

    public long timeAt(int i) { return start + i * step; }

    /** Timestamp one step after the last point. */
    public long end() { return start + (long) values.length * step; }

    public double valueAt(int i) { return values[i]; }

    @Override public double[] values() { return values.clone(); }

    public boolean isGap(int i) { return Double.isNaN(values[i]); }

    public int presentCount() {
        int n = 0;
        for (double v : values) if (!Double.isNaN(v)) n++;
        return n;
    }

    /** Index of the last non-gap point, or -1. */
    public int lastPresentIndex() {
        for (int i = values.length - 1; i >= 0; i--) if (!Double.isNaN(values[i])) return i;
        return -1;
    }

    /** Index of the first non-gap point, or -1. */
    public int firstPresentIndex() {
        for (int i = 0; i < values.length; i++) if (!Double.isNaN(values[i])) return i;
        return -1;
    }

    public Series withName(String newName) { return new Series(newName, start, step, values); }

    public Series slice(int from, int to) {
        return new Series(name, timeAt(from), step, Arrays.copyOfRange(values, from, to));
    }

    @Override public boolean equals(Object o) {
        return o instanceof Series s && s.name.equals(name) && s.start == start && s.step == step
                && Arrays.equals(s.values, values);
    }

    @Override public int hashCode() { return name.hashCode() * 31 + Arrays.hashCode(values); }

    @Override public String toString() {
        return "Series[" + name + ", start=" + start + ", step=" + step + ", n=" + values.length + "]";
    }
}
