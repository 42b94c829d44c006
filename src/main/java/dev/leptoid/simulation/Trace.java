package dev.leptoid.simulation;

import dev.leptoid.forecast.TimeSeriesCsv;
import dev.leptoid.source.Series;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * Reads a {@code timestamp,value} CSV trace (NAB format) onto a regular grid; missing rows are gaps.
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

    /** A trace's value column and, when the header has a third column {@code service_time}, that column (else null). */
    public record Columns(Series value, Series serviceTime) {}

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
                if (n > 0 && t[n] <= t[n - 1]) throw new IOException(name + ":" + lineNo + ": timestamps not increasing");
                n++;
            }
            if (n < 2) throw new IOException(name + ": fewer than 2 points");
            long step = smallestStep(t, n);
            long steps = (t[n - 1] - t[0]) / step + 1;
            if (steps > TimeSeriesCsv.MAX_POINTS)
                throw new IOException(name + ": the rows span " + steps + " steps of " + step + " s; at most " + TimeSeriesCsv.MAX_POINTS);
            int size = (int) steps;
            double[] grid = new double[size], sgrid = new double[size];
            Arrays.fill(grid, Double.NaN);
            Arrays.fill(sgrid, Double.NaN);
            for (int i = 0; i < n; i++) {
                long off = t[i] - t[0];
                if (off % step != 0) throw new IOException(name + ": timestamp " + t[i] + " is off the " + step + "s grid");
                grid[(int) (off / step)] = v[i];
                sgrid[(int) (off / step)] = st[i];
            }
            return new Columns(new Series(name, t[0], step, grid), hasService ? new Series(name + ".service_time", t[0], step, sgrid) : null);
        }
    }

    static long smallestStep(long[] t, int n) {
        long step = Long.MAX_VALUE;
        for (int i = 1; i < n; i++) step = Math.min(step, t[i] - t[i - 1]);
        return step;
    }
}
