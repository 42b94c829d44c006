package dev.leptoid.forecast;

import dev.leptoid.source.Series;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a CSV with header {@code timestamp,value}: timestamp in ISO-8601 UTC
 * ({@code 2014-04-10T00:04:00Z}, {@code 2014-04-10 00:04:00}) or epoch seconds; an empty value
 * is a gap. {@link #parse} is strict (the forecast command); {@link #regularize} snaps a slightly
 * irregular recording onto its grid and says what it changed (the evaluation).
 */
public final class TimeSeriesCsv {

    private TimeSeriesCsv() {}

    /** Bad input at a line (1-based) of a named source. */
    public static final class BadInput extends Exception {
        private final int line;

        public BadInput(int line, String message) {
            super(message);
            this.line = line;
        }

        public int line() { return line; }
    }

    /** A series read leniently, with one note per kind of repair made. */
    public record Regularized(Series series, List<String> notes) {}

    private record Row(int line, long time, double value) {}

    /**
     * Strict: sorted unique timestamps, numeric values, every spacing a multiple of the step
     * (the most common spacing; missing rows are gaps).
     */
    public static Series parse(String name, List<String> lines) throws BadInput {
        List<Row> rows = rows(lines);
        if (rows.size() < 2) throw new BadInput(Math.max(1, lines.size()), "fewer than 2 data rows");
        Map<Long, Integer> spacing = new HashMap<>();
        for (int i = 1; i < rows.size(); i++) {
            Row a = rows.get(i - 1), b = rows.get(i);
            if (b.time == a.time) throw new BadInput(b.line, "duplicate timestamp (same as line " + a.line + ")");
            if (b.time < a.time) throw new BadInput(b.line, "timestamps not sorted (earlier than line " + a.line + ")");
            spacing.merge(b.time - a.time, 1, Integer::sum);
        }
        long step = mostCommon(spacing);
        for (int i = 1; i < rows.size(); i++) {
            long d = rows.get(i).time - rows.get(i - 1).time;
            if (d % step != 0)
                throw new BadInput(rows.get(i).line, "irregular step: " + d + " s after the previous row, not a multiple of the " + step + " s step");
        }
        long start = rows.get(0).time;
        int n = (int) ((rows.get(rows.size() - 1).time - start) / step) + 1;
        double[] v = new double[n];
        java.util.Arrays.fill(v, Double.NaN);
        int present = 0;
        for (Row r : rows) {
            v[(int) ((r.time - start) / step)] = r.value;
            if (!Double.isNaN(r.value)) present++;
        }
        if (present < AutoForecaster.MIN_POINTS)
            throw new BadInput(rows.get(rows.size() - 1).line, "only " + present + " values; every model needs at least " + AutoForecaster.MIN_POINTS);
        return new Series(name, start, step, v);
    }

    /**
     * Lenient: the step is the most common spacing; timestamps are rounded to the grid, values
     * landing on the same slot averaged, slots with no row left as gaps.
     */
    public static Regularized regularize(String name, List<String> lines) throws BadInput {
        List<Row> rows = new ArrayList<>(rows(lines));
        if (rows.size() < 2) throw new BadInput(Math.max(1, lines.size()), "fewer than 2 data rows");
        rows.sort((a, b) -> Long.compare(a.time, b.time));
        Map<Long, Integer> spacing = new HashMap<>();
        for (int i = 1; i < rows.size(); i++) spacing.merge(rows.get(i).time - rows.get(i - 1).time, 1, Integer::sum);
        spacing.remove(0L);
        if (spacing.isEmpty()) throw new BadInput(2, "all timestamps equal");
        long step = mostCommon(spacing);
        long start = rows.get(0).time;
        int n = (int) Math.round((rows.get(rows.size() - 1).time - start) / (double) step) + 1;
        double[] sum = new double[n];
        int[] count = new int[n];
        int snapped = 0, merged = 0;
        for (Row r : rows) {
            long off = r.time - start;
            int slot = (int) Math.round(off / (double) step);
            if (off != (long) slot * step) snapped++;
            if (Double.isNaN(r.value)) continue;
            if (count[slot] > 0) merged++;
            sum[slot] += r.value;
            count[slot]++;
        }
        double[] v = new double[n];
        int gaps = 0;
        for (int i = 0; i < n; i++) {
            v[i] = count[i] == 0 ? Double.NaN : sum[i] / count[i];
            if (count[i] == 0) gaps++;
        }
        List<String> notes = new ArrayList<>();
        if (snapped > 0) notes.add(snapped + " off-grid timestamps rounded to the " + step + " s grid");
        if (merged > 0) notes.add(merged + " rows sharing a slot averaged");
        if (gaps > 0) notes.add(gaps + " missing slots left as gaps");
        return new Regularized(new Series(name, start, step, v), notes);
    }

    /** The most frequent spacing; ties go to the smaller one. */
    private static long mostCommon(Map<Long, Integer> spacing) {
        long best = 0;
        int count = -1;
        for (var e : spacing.entrySet())
            if (e.getValue() > count || (e.getValue() == count && e.getKey() < best)) { best = e.getKey(); count = e.getValue(); }
        return best;
    }

    private static List<Row> rows(List<String> lines) throws BadInput {
        if (lines.isEmpty()) throw new BadInput(1, "empty file; expected header 'timestamp,value'");
        String header = lines.get(0).strip().replace("\"", "");
        if (header.startsWith("\uFEFF")) header = header.substring(1);
        if (!header.equalsIgnoreCase("timestamp,value"))
            throw new BadInput(1, "expected header 'timestamp,value', got '" + abbreviate(header) + "'");
        List<Row> rows = new ArrayList<>(lines.size());
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) continue;
            int comma = line.indexOf(',');
            if (comma < 0 || line.indexOf(',', comma + 1) >= 0)
                throw new BadInput(i + 1, "expected 2 fields 'timestamp,value', got '" + abbreviate(line) + "'");
            long t = parseTime(line.substring(0, comma).strip().replace("\"", ""), i + 1);
            String vs = line.substring(comma + 1).strip().replace("\"", "");
            rows.add(new Row(i + 1, t, parseValue(vs, i + 1)));
        }
        return rows;
    }

    private static final DateTimeFormatter SPACE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSS]");

    static long parseTime(String s, int line) throws BadInput {
        if (!s.isEmpty() && s.chars().allMatch(Character::isDigit) && s.length() <= 12) return Long.parseLong(s);
        long plain = plainDateTime(s);
        if (plain != Long.MIN_VALUE) return plain;
        try {
            if (s.length() > 10 && s.charAt(10) == ' ' && s.length() <= 23) return LocalDateTime.parse(s, SPACE).toEpochSecond(ZoneOffset.UTC);
            if (s.endsWith("Z") || s.endsWith("z")) return Instant.parse(s.toUpperCase()).getEpochSecond();
            if (s.matches(".*[+-]\\d\\d:?\\d\\d$")) return OffsetDateTime.parse(s).toEpochSecond();
            return LocalDateTime.parse(s).toEpochSecond(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new BadInput(line, "timestamp '" + abbreviate(s) + "' is neither ISO-8601 nor epoch seconds");
        }
    }

    /**
     * {@code yyyy-MM-dd HH:mm:ss} or {@code yyyy-MM-ddTHH:mm:ss[Z]} (UTC) read digit by digit, or Long.MIN_VALUE for
     * any other shape or an impossible date (the general parsers then decide). A profile of {@code leptoid forecast}
     * found a third of its CPU in DateTimeFormatter for these rows (docs/benchmarks.md).
     */
    private static long plainDateTime(String s) {
        int n = s.length();
        if (n != 19 && !(n == 20 && (s.charAt(19) == 'Z' || s.charAt(19) == 'z'))) return Long.MIN_VALUE;
        char sep = s.charAt(10);
        if (s.charAt(4) != '-' || s.charAt(7) != '-' || (sep != ' ' && sep != 'T' && sep != 't') || s.charAt(13) != ':'
                || s.charAt(16) != ':') return Long.MIN_VALUE;
        int y = digits(s, 0, 4), mo = digits(s, 5, 7), d = digits(s, 8, 10), h = digits(s, 11, 13), mi = digits(s, 14, 16),
                sec = digits(s, 17, 19);
        if ((y | mo | d | h | mi | sec) < 0 || mo < 1 || mo > 12 || d < 1 || d > java.time.YearMonth.of(y, mo).lengthOfMonth()
                || h > 23 || mi > 59 || sec > 59) return Long.MIN_VALUE;
        return java.time.LocalDate.of(y, mo, d).toEpochDay() * 86_400 + h * 3600L + mi * 60L + sec;
    }

    /** The decimal number in s[from, to), or -1 when a character is not a digit. */
    private static int digits(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return -1;
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static double parseValue(String s, int line) throws BadInput {
        if (s.isEmpty() || s.equalsIgnoreCase("nan")) return Double.NaN;
        try {
            double v = Double.parseDouble(s);
            if (Double.isInfinite(v)) throw new BadInput(line, "value '" + abbreviate(s) + "' is infinite");
            return v;
        } catch (NumberFormatException e) {
            throw new BadInput(line, "value '" + abbreviate(s) + "' is not a number");
        }
    }

    private static String abbreviate(String s) { return s.length() <= 40 ? s : s.substring(0, 37) + "..."; }
}
