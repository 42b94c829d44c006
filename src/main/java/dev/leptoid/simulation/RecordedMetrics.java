package dev.leptoid.simulation;

import dev.leptoid.model.LoadHistory;
import dev.leptoid.publication.MetricSink;
import dev.leptoid.publication.RunPublisher;
import dev.leptoid.source.MetricSource;
import dev.leptoid.source.Series;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.HashMap;

/**
 * An in-memory metric store on one time grid, answering {@link MetricSource#fetch} like
 * Graphite's /render for plain paths with {@code *} wildcards. Used by the demo, backtests
 * and tests in place of Graphite; points never written are gaps (NaN).
 *
 * <p>With a retention of {@code keepSteps}, the series {@link #put} writes keep only their newest
 * {@code keepSteps} points (older ones read as gaps), like a Graphite retention far shorter than
 * the replay, while the history {@link #echoing} keeps is kept whole: a replay of thousands of
 * instances then holds a window of each, not the whole trace (a 10-day replay of 10,000
 * instances held 2.3 GB of per-instance points).
 */
public final class RecordedMetrics implements MetricSource {

    private final long start;
    private final long step;
    private final int keepSteps;
    private final Map<String, double[]> series = new LinkedHashMap<>();
    /** Newest index written per series kept as a ring of {@link #keepSteps} points. */
    private final Map<String, Integer> newest = new HashMap<>();
    /** Paths matching each target asked for, valid while no new path is added. */
    private final Map<String, List<String>> matches = new HashMap<>();

    public RecordedMetrics(long start, long step) {
        this(start, step, 0);
    }

    /** A store whose {@link #put} series keep their newest {@code keepSteps} points (0: all). */
    public RecordedMetrics(long start, long step, int keepSteps) {
        if (keepSteps < 0) throw new IllegalArgumentException("keepSteps must not be negative");
        this.start = start;
        this.step = step;
        this.keepSteps = keepSteps;
    }

    public void put(String path, long epochSeconds, double value) {
        if (keepSteps == 0) {
            putWhole(path, epochSeconds, value);
            return;
        }
        int i = index(path, epochSeconds);
        double[] ring = series.get(path);
        Integer last = newest.get(path);
        if (ring != null && last == null) throw new IllegalStateException(path + " is kept whole");
        if (ring == null) {
            ring = nans(keepSteps);
            series.put(path, ring);
            matches.clear();
            last = i;
        }
        if (i <= last - keepSteps) throw new IllegalArgumentException(path + ": " + epochSeconds + " is older than the "
                + keepSteps + " steps kept");
        for (int j = last + 1; j < i && j <= last + keepSteps; j++) ring[j % keepSteps] = Double.NaN; // skipped steps are gaps
        ring[i % keepSteps] = value;
        newest.put(path, Math.max(last, i));
    }

    private int index(String path, long epochSeconds) {
        if (epochSeconds < start) throw new IllegalArgumentException(path + ": " + epochSeconds + " is before the grid start " + start);
        return (int) ((epochSeconds - start) / step);
    }

    /** Writes a point of a series kept whole. */
    private void putWhole(String path, long epochSeconds, double value) {
        int i = index(path, epochSeconds);
        if (newest.containsKey(path)) throw new IllegalStateException(path + " is kept as its newest " + keepSteps + " steps");
        double[] v = series.get(path);
        if (v == null) {
            v = nans(Math.max(64, i + 1));
            series.put(path, v);
            matches.clear();
        }
        if (i >= v.length) {
            int old = v.length;
            v = Arrays.copyOf(v, Math.max(i + 1, old * 2));
            Arrays.fill(v, old, v.length, Double.NaN);
            series.put(path, v);
        }
        v[i] = value;
    }

    /**
     * {@code published} that also keeps, in this store, the series leptoid reads back from Graphite: its offered-load
     * history ({@link LoadHistory}) and its earlier runs' recommendations ({@link RunPublisher#RECOMMENDED}, for the
     * scale-in stabilization window). So a replay reads them the way a run in production does.
     */
    public MetricSink echoing(MetricSink published) {
        return echoing(published, true);
    }

    /**
     * As {@link #echoing(MetricSink)}; without {@code recommendations} the runs' recommendations are not kept, so
     * a run reads none back (the policy without that term of its stabilization window).
     */
    public MetricSink echoing(MetricSink published, boolean recommendations) {
        String history = "." + LoadHistory.NODE + ".";
        return new MetricSink() {
            @Override public void send(String path, double value, long epochSeconds) {
                published.send(path, value, epochSeconds);
                if (epochSeconds >= start && !Double.isNaN(value) && (path.contains(history) || recommendations && path.endsWith(RunPublisher.RECOMMENDED)))
                    putWhole(path, epochSeconds, value);
            }
            @Override public PublishResult flush() { return published.flush(); }
            @Override public void close() { published.close(); }
        };
    }

    @Override
    public List<Series> fetch(String target, Instant from, Instant until) {
        List<String> paths = matches.computeIfAbsent(target, t -> {
            Pattern p = glob(t);
            return series.keySet().stream().filter(k -> p.matcher(k).matches()).toList();
        });
        long f = Math.max(start, Math.floorDiv(from.getEpochSecond() - start + step - 1, step) * step + start);
        long u = until.getEpochSecond();
        int i0 = (int) ((f - start) / step);
        int n = (int) Math.max(0, (u - f + step - 1) / step);
        List<Series> out = new ArrayList<>();
        for (String path : paths) {
            double[] src = series.get(path);
            double[] v = nans(n);
            Integer last = newest.get(path);
            if (last == null) {
                if (i0 < src.length) System.arraycopy(src, i0, v, 0, Math.min(n, src.length - i0));
            } else {
                for (int i = Math.max(i0, last - keepSteps + 1); i <= Math.min(last, i0 + n - 1); i++) v[i - i0] = src[i % keepSteps];
            }
            out.add(new Series(path, f, step, v));
        }
        return out;
    }

    /** Graphite's globs as leptoid uses them: {@code *} within a node, {@code {a,b}} alternatives. */
    private static Pattern glob(String target) {
        StringBuilder re = new StringBuilder();
        for (char c : target.toCharArray()) {
            switch (c) {
                case '*' -> re.append("[^.]*");
                case '{' -> re.append("(?:");
                case ',' -> re.append('|');
                case '}' -> re.append(')');
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }

    private static double[] nans(int n) {
        double[] v = new double[n];
        Arrays.fill(v, Double.NaN);
        return v;
    }
}
