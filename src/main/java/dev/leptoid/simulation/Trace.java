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
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String header = r.readLine();
            if (header == null || !header.trim().toLowerCase(java.util.Locale.ROOT).startsWith("timestamp,value"))
                throw new IOException(name + ":1: expected the header 'timestamp,value'");
            long[] t = new long[1024];
            double[] v = new double[1024];
            int n = 0;
            int lineNo = 1;
            for (String line; (line = r.readLine()) != null; ) {
                lineNo++;
                if (line.isBlank()) continue;
                String[] parts = line.split(",", -1);
                if (parts.length < 2) throw new IOException(name + ":" + lineNo + ": expected 'timestamp,value'");
                if (n == t.length) { t = Arrays.copyOf(t, n * 2); v = Arrays.copyOf(v, n * 2); }
                t[n] = parseTime(parts[0].trim(), name, lineNo);
                try {
                    v[n] = parts[1].isBlank() ? Double.NaN : Double.parseDouble(parts[1].trim());
                } catch (NumberFormatException e) {
                    throw new IOException(name + ":" + lineNo + ": value '" + parts[1] + "' is not a number");
                }
                if (n > 0 && t[n] <= t[n - 1]) throw new IOException(name + ":" + lineNo + ": timestamps not increasing");
                n++;
            }
            if (n < 2) throw new IOException(name + ": fewer than 2 points");
            long step = smallestStep(t, n);
            int size = (int) ((t[n - 1] - t[0]) / step) + 1;
            double[] grid = new double[size];
            Arrays.fill(grid, Double.NaN);
            for (int i = 0; i < n; i++) {
                long off = t[i] - t[0];
                if (off % step != 0) throw new IOException(name + ": timestamp " + t[i] + " is off the " + step + "s grid");
                grid[(int) (off / step)] = v[i];
            }
            return new Series(name, t[0], step, grid);
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
