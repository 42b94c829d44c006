package dev.leptoid.forecast;

import dev.leptoid.source.Series;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a CSV with header {@code timestamp,value}: timestamp in ISO-8601 UTC
 * ({@code 2014-04-10T00:04:00Z}, {@code 2014-04-10 00:04:00}) or epoch seconds; an empty value
 * is a gap. Real exports are slightly irregular (CloudWatch lists datapoints in no order, an
 * agent restart repeats a timestamp or reports a few seconds late), so the series is put on its
 * grid and every repair is named in {@link Regularized#notes()}. The file is read as a stream
 * and at most the most recent {@link #MAX_POINTS} rows and steps are kept, so memory does not
 * grow with the file.
 */
public final class TimeSeriesCsv {

    /** Most rows kept from a file, and most steps in the series made of them (the most recent ones). */
    public static final int MAX_POINTS = 1_000_000;

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

    /**
     * A series put on its grid, with one note per kind of repair made; {@code lastLine} is the
     * number of lines read and {@code largestLine} the line of the value largest in magnitude.
     */
    public record Regularized(Series series, List<String> notes, int lastLine, int largestLine) {
        public Regularized {
            notes = List.copyOf(notes);
        }
    }

    /** {@link #read} of lines already in memory. */
    public static Regularized regularize(String name, List<String> lines) throws BadInput {
        try {
            return read(name, new BufferedReader(new StringReader(String.join("\n", lines))), MAX_POINTS);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringReader does not fail
        }
    }

    /**
     * Reads {@code in} to its end, keeping the last {@code maxPoints} rows (in file order), then
     * regularizes them: rows sorted by time, the step is the most common spacing, timestamps
     * rounded to the grid, values landing on the same slot averaged, slots with no row left as
     * gaps, and slots more than {@code maxPoints} steps before the last dropped.
     */
    public static Regularized read(String name, BufferedReader in, int maxPoints) throws BadInput, IOException {
        Rows rows = new Rows(maxPoints);
        int lineNo = 1;
        try {
            String header = in.readLine();
            if (header == null) throw new BadInput(1, "empty file; expected header 'timestamp,value'");
            header = header.strip().replace("\"", "");
            if (header.startsWith("\uFEFF")) header = header.substring(1);
            if (!header.equalsIgnoreCase("timestamp,value"))
                throw new BadInput(1, "expected header 'timestamp,value', got '" + abbreviate(header) + "'");
            for (String line; (line = in.readLine()) != null; ) {
                lineNo++;
                line = line.strip();
                if (line.isEmpty()) continue;
                int comma = line.indexOf(',');
                if (comma < 0 || line.indexOf(',', comma + 1) >= 0)
                    throw new BadInput(lineNo, "expected 2 fields 'timestamp,value', got '" + abbreviate(line) + "'");
                long t = parseTime(line.substring(0, comma).strip().replace("\"", ""), lineNo);
                rows.add(t, parseValue(line.substring(comma + 1).strip().replace("\"", ""), "value", lineNo), lineNo);
            }
        } catch (CharacterCodingException e) {
            throw new BadInput(lineNo + 1, "not UTF-8 text");
        }
        return rows.regularize(name, lineNo);
    }

    /** The last {@code capacity} rows read, in a ring. */
    private static final class Rows {
        private final int capacity;
        private long[] time = new long[1024];
        private double[] value = new double[1024];
        private int[] line = new int[1024];
        private int size, next;
        private long dropped;
        private long latestDropped = Long.MIN_VALUE;

        Rows(int capacity) { this.capacity = capacity; }

        void add(long t, double v, int lineNo) {
            if (size == time.length && size < capacity) {
                int grown = (int) Math.min(capacity, 2L * size);
                time = Arrays.copyOf(time, grown);
                value = Arrays.copyOf(value, grown);
                line = Arrays.copyOf(line, grown);
            }
            if (size < capacity) {
                next = size++;
            } else {
                next = (next + 1) % capacity;
                dropped++;
                latestDropped = Math.max(latestDropped, time[next]);
            }
            time[next] = t;
            value[next] = v;
            line[next] = lineNo;
        }

        Regularized regularize(String name, int lastLine) throws BadInput {
            if (size < 2) throw new BadInput(lastLine, "fewer than 2 data rows");
            int[] order = new int[size];
            int first = size < capacity ? 0 : (next + 1) % capacity;
            for (int i = 0; i < size; i++) order[i] = (first + i) % capacity;
            int unsorted = sortByTime(time, order);
            long earliest = time[order[0]], latest = time[order[size - 1]];
            if (dropped > 0 && latestDropped > earliest)
                throw new BadInput(lastLine, "more than " + capacity + " rows and not in time order; sort the file by timestamp");
            long step = mostCommonStep(time, order, size);
            if (step == 0) throw new BadInput(lastLine, "all timestamps are equal");
            int from = 0;
            while (Math.round((latest - time[order[from]]) / (double) step) >= capacity) from++;
            long start = time[order[from]];
            int n = (int) Math.round((latest - start) / (double) step) + 1;
            double[] mean = new double[n];
            int[] count = new int[n];
            int snapped = 0, merged = 0, largestLine = lastLine;
            double largest = -1;
            for (int i = from; i < size; i++) {
                int r = order[i];
                long off = time[r] - start;
                int slot = (int) Math.round(off / (double) step);
                if (off != (long) slot * step) snapped++;
                double v = value[r];
                if (Double.isNaN(v)) continue;
                if (count[slot] > 0) merged++;
                count[slot]++;
                mean[slot] += (v - mean[slot]) / count[slot];
                if (Math.abs(v) > largest) { largest = Math.abs(v); largestLine = line[r]; }
            }
            int gaps = 0;
            for (int i = 0; i < n; i++) {
                if (count[i] == 0) { mean[i] = Double.NaN; gaps++; }
            }
            List<String> notes = new ArrayList<>();
            if (dropped > 0) notes.add(dropped + " earlier rows skipped (at most the last " + capacity + " rows are read)");
            if (unsorted > 0) notes.add(unsorted + " rows out of time order sorted");
            if (from > 0) notes.add(from + " rows more than " + capacity + " steps before the last skipped");
            if (snapped > 0) notes.add(snapped + " off-grid timestamps rounded to the " + step + " s grid");
            if (merged > 0) notes.add(merged + " rows sharing a slot averaged");
            if (gaps > 0) notes.add(gaps + " missing slots left as gaps");
            return new Regularized(new Series(name, start, step, mean), notes, lastLine, largestLine);
        }
    }

    /**
     * Sorts the row indices {@code order} by {@code time[order[i]]}, stably (rows with one timestamp keep their
     * order); returns how many rows were earlier than the row before them.
     */
    public static int sortByTime(long[] time, int[] order) {
        int unsorted = 0;
        for (int i = 1; i < order.length; i++) if (time[order[i]] < time[order[i - 1]]) unsorted++;
        if (unsorted > 0) {
            Integer[] boxed = Arrays.stream(order).boxed().toArray(Integer[]::new);
            Arrays.sort(boxed, (a, b) -> Long.compare(time[a], time[b]));
            for (int i = 0; i < order.length; i++) order[i] = boxed[i];
        }
        return unsorted;
    }

    /**
     * The grid's step of rows at {@code time[order[0]] <= time[order[1]] <= ...} (the first {@code size}):
     * the most frequent positive spacing, ties to the smaller one; 0 when all the times are equal.
     */
    public static long mostCommonStep(long[] time, int[] order, int size) {
        Map<Long, Integer> spacing = new HashMap<>();
        for (int i = 1; i < size; i++) {
            long d = time[order[i]] - time[order[i - 1]];
            if (d > 0) spacing.merge(d, 1, Integer::sum);
        }
        long best = 0;
        int count = -1;
        for (var e : spacing.entrySet())
            if (e.getValue() > count || (e.getValue() == count && e.getKey() < best)) { best = e.getKey(); count = e.getValue(); }
        return best;
    }

    /** Strict: an impossible date (February 30) is an error, not the last day of the month. */
    private static final DateTimeFormatter SPACE = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss[.SSS]")
            .withResolverStyle(ResolverStyle.STRICT);

    /** Epoch seconds of an ISO-8601 (UTC unless it says otherwise) or epoch-seconds timestamp. */
    public static long parseTime(String s, int line) throws BadInput {
        if (!s.isEmpty() && s.length() <= 12 && allDigits(s)) return Long.parseLong(s);
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
        if ((y | mo | d | h | mi | sec) < 0 || mo < 1 || mo > 12 || d < 1 || d > YearMonth.of(y, mo).lengthOfMonth()
                || h > 23 || mi > 59 || sec > 59) return Long.MIN_VALUE;
        return LocalDate.of(y, mo, d).toEpochDay() * 86_400 + h * 3600L + mi * 60L + sec;
    }

    /** Every char a digit ({@link Character#isDigit}, as {@link Long#parseLong} reads them); a loop, not a stream per row. */
    private static boolean allDigits(String s) {
        for (int i = 0; i < s.length(); i++) if (!Character.isDigit(s.charAt(i))) return false;
        return true;
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

    /** A finite number, or NaN (a gap) when empty or {@code nan}; {@code field} names the column in errors. */
    public static double parseValue(String s, String field, int line) throws BadInput {
        if (s.isEmpty() || s.equalsIgnoreCase("nan")) return Double.NaN;
        try {
            double v = Double.parseDouble(s);
            if (Double.isInfinite(v)) throw new BadInput(line, field + " '" + abbreviate(s) + "' is infinite");
            return v;
        } catch (NumberFormatException e) {
            throw new BadInput(line, field + " '" + abbreviate(s) + "' is not a number");
        }
    }

    private static String abbreviate(String s) { return s.length() <= 40 ? s : s.substring(0, 37) + "..."; }
}
