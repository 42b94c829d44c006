package dev.leptoid.simulation;

import dev.leptoid.forecast.TimeSeriesCsv;
import dev.leptoid.source.Series;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Reads a {@code timestamp,value} CSV trace (NAB format) onto a regular grid; missing rows are gaps (an
 * irregular export is put on its grid, see {@link Columns#notes()}).
 * Values are checked at load, each bad row one line naming file and row: arrival rates and service
 * times must be finite and not negative, and their product, the offered load, at most
 * {@link #MAX_OFFERED_LOAD} (a larger figure is a unit error, and would overflow the replay's sums).
 */
public final class Trace {

    /** Most offered load (Erlangs: busy servers) a row may carry: a billion, beyond any fleet. */
    public static final double MAX_OFFERED_LOAD = 1e9;

    private Trace() {}

    public static Series read(InputStream in, String name) throws IOException {
        return readColumns(in, name, 0).value();
    }

    /**
     * A trace's value column and, when the header has a third column {@code service_time}, that column (else null);
     * {@code notes}: what was repaired to put the rows on their grid, one note per kind (none for a regular trace).
     */
    public record Columns(Series value, Series serviceTime, List<String> notes) {
        public Columns {
            notes = List.copyOf(notes);
        }
    }

    /**
     * Reads {@code timestamp,value} or {@code timestamp,value,service_time}; {@code serviceTime}
     * (seconds) is the service time of rows without one, for the offered-load check.
     */
    public static Columns readColumns(InputStream in, String name, double serviceTime) throws IOException {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String header = r.readLine();
            if (header == null || !header.trim().toLowerCase(Locale.ROOT).startsWith("timestamp,value"))
                throw new IOException(name + ":1: expected the header 'timestamp,value'");
            String[] head = header.trim().toLowerCase(Locale.ROOT).split(",");
            boolean hasService = head.length >= 3 && head[2].trim().equals("service_time");
            if (head.length > 3 || (head.length == 3 && !hasService))
                throw new IOException(name + ":1: expected the header 'timestamp,value' or 'timestamp,value,service_time'");
            long[] t = new long[1024];
            double[] v = new double[1024];
            double[] st = new double[1024];
            int n = 0;
            int lineNo = 1;
            for (String line; (line = r.readLine()) != null; ) {
                lineNo++;
                if (line.isBlank()) continue;
                String[] parts = line.split(",", -1);
                if (parts.length < 2) throw new IOException(name + ":" + lineNo + ": expected 'timestamp,value'");
                if (n == TimeSeriesCsv.MAX_POINTS)
                    throw new IOException(name + ":" + lineNo + ": more than " + TimeSeriesCsv.MAX_POINTS + " rows");
                if (n == t.length) { t = Arrays.copyOf(t, n * 2); v = Arrays.copyOf(v, n * 2); st = Arrays.copyOf(st, n * 2); }
                try {
                    t[n] = TimeSeriesCsv.parseTime(parts[0].trim(), lineNo);
                    v[n] = TimeSeriesCsv.parseValue(parts[1].trim(), "value", lineNo);
                    st[n] = hasService ? TimeSeriesCsv.parseValue(parts.length > 2 ? parts[2].trim() : "", "service_time", lineNo) : Double.NaN;
                } catch (TimeSeriesCsv.BadInput e) {
                    throw new IOException(name + ":" + e.line() + ": " + e.getMessage());
                }
                if (v[n] < 0) throw new IOException(name + ":" + lineNo + ": value " + parts[1].trim() + " is negative (an arrival rate)");
                if (st[n] < 0) throw new IOException(name + ":" + lineNo + ": service_time " + parts[2].trim() + " is negative");
                double load = v[n] * (hasService ? st[n] : serviceTime);
                if (load > MAX_OFFERED_LOAD)
                    throw new IOException(name + ":" + lineNo + ": offered load " + String.format(Locale.ROOT, "%.3g", load)
                            + " Erlangs (value x service time) is above a billion; check the units (requests per second, seconds)");
                n++;
            }
            if (n < 2) throw new IOException(name + ": fewer than 2 points");
            return onGrid(name, t, v, hasService ? st : null, n);
        }
    }

    /**
     * The rows on their grid, as {@code leptoid forecast} puts an export on it: sorted by time (a
     * CloudWatch export lists datapoints in no order), the step the most common spacing, timestamps
     * rounded to it, rows sharing a slot averaged (an export in local time repeats an hour at a
     * daylight-saving change), slots with no row gaps; each repair one note.
     */
    private static Columns onGrid(String name, long[] t, double[] v, double[] st, int n) throws IOException {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        int unsorted = TimeSeriesCsv.sortByTime(t, order); // stable: repeated timestamps keep file order
        long step = TimeSeriesCsv.mostCommonStep(t, order, n);
        if (step == 0) throw new IOException(name + ": all timestamps are equal");
        long first = t[order[0]];
        long steps = Math.round((t[order[n - 1]] - first) / (double) step) + 1;
        if (steps > TimeSeriesCsv.MAX_POINTS)
            throw new IOException(name + ": the rows span " + steps + " steps of " + step + " s; at most " + TimeSeriesCsv.MAX_POINTS);
        int size = (int) steps;
        double[] grid = new double[size], sgrid = new double[size];
        int[] count = new int[size], scount = new int[size];
        int snapped = 0, merged = 0;
        for (int i = 0; i < n; i++) {
            int r = order[i];
            long off = t[r] - first;
            int slot = (int) Math.round(off / (double) step);
            if (off != slot * step) snapped++;
            if (count[slot] + scount[slot] > 0) merged++;
            if (!Double.isNaN(v[r])) grid[slot] += (v[r] - grid[slot]) / ++count[slot];
            if (st != null && !Double.isNaN(st[r])) sgrid[slot] += (st[r] - sgrid[slot]) / ++scount[slot];
        }
        for (int i = 0; i < size; i++) {
            if (count[i] == 0) grid[i] = Double.NaN;
            if (scount[i] == 0) sgrid[i] = Double.NaN;
        }
        List<String> notes = new ArrayList<>();
        if (unsorted > 0) notes.add(unsorted + " rows out of time order sorted");
        if (snapped > 0) notes.add(snapped + " off-grid timestamps rounded to the " + step + " s grid");
        if (merged > 0) notes.add(merged + " rows sharing a slot averaged");
        return new Columns(new Series(name, first, step, grid), st == null ? null : new Series(name + ".service_time", first, step, sgrid),
                notes);
    }
}
