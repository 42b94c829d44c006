package dev.leptoid.simulation;

import dev.leptoid.source.Series;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;

/** Reads a {@code timestamp,value} CSV trace (NAB format) onto a regular grid; missing rows are gaps. */
public final class Trace {

    private Trace() {}

    public static Series read(InputStream in, String name) throws IOException {
        return readColumns(in, name).value();
    }

    /** A trace's value column and, when the header has a third column {@code service_time}, that column (else null). */
    public record Columns(Series value, Series serviceTime) {}

    /** Reads {@code timestamp,value} or {@code timestamp,value,service_time}. */
    public static Columns readColumns(InputStream in, String name) throws IOException {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String header = r.readLine();
            if (header == null || !header.trim().toLowerCase(java.util.Locale.ROOT).startsWith("timestamp,value"))
                throw new IOException(name + ":1: expected the header 'timestamp,value'");
            String[] head = header.trim().toLowerCase(java.util.Locale.ROOT).split(",");
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
                if (n == t.length) { t = Arrays.copyOf(t, n * 2); v = Arrays.copyOf(v, n * 2); st = Arrays.copyOf(st, n * 2); }
                t[n] = parseTime(parts[0].trim(), name, lineNo);
                try {
                    v[n] = parts[1].isBlank() ? Double.NaN : Double.parseDouble(parts[1].trim());
                } catch (NumberFormatException e) {
                    throw new IOException(name + ":" + lineNo + ": value '" + parts[1] + "' is not a number");
                }
                if (hasService) {
                    String x = parts.length > 2 ? parts[2].trim() : "";
                    try {
                        st[n] = x.isEmpty() ? Double.NaN : Double.parseDouble(x);
                    } catch (NumberFormatException e) {
                        throw new IOException(name + ":" + lineNo + ": service_time '" + x + "' is not a number");
                    }
                    if (st[n] < 0) throw new IOException(name + ":" + lineNo + ": service_time " + x + " is negative");
                }
                if (n > 0 && t[n] <= t[n - 1]) throw new IOException(name + ":" + lineNo + ": timestamps not increasing");
                n++;
            }
            if (n < 2) throw new IOException(name + ": fewer than 2 points");
            long step = smallestStep(t, n);
            int size = (int) ((t[n - 1] - t[0]) / step) + 1;
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

    static long parseTime(String s, String name, int line) throws IOException {
        try {
            if (s.matches("\\d+")) return Long.parseLong(s);
            if (s.endsWith("Z") || s.matches(".*[+-]\\d\\d:\\d\\d$"))
                return OffsetDateTime.parse(s.replace(' ', 'T')).toEpochSecond();
            return LocalDateTime.parse(s.replace(' ', 'T')).toEpochSecond(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new IOException(name + ":" + line + ": timestamp '" + s + "' is not ISO-8601 UTC or epoch seconds");
        }
    }
}
