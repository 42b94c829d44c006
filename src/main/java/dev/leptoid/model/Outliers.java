package dev.leptoid.model;

import dev.leptoid.source.Series;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Values of a service's offered load that leptoid does not believe, set to missing (never to
 * zero) before anything is forecast or sized on them:
 * <ul>
 *   <li>a value that is not a finite number or is negative (an overflow of rate x time, a counter
 *       reset through {@code derivative});</li>
 *   <li>a short burst -- at most {@link #MAX_RUN} consecutive steps -- above {@link #RATIO} times
 *       the 99th percentile of the whole look-back: an order of magnitude beyond what the service
 *       normally reaches, and gone at once (a unit bug, one agent's garbage). A level that really
 *       rose stays up: once it has lasted longer than {@link #MAX_RUN} steps it is believed, so a
 *       real surge costs at most that many steps of delay (the next run sees it).</li>
 * </ul>
 * The test needs {@link #MIN_POINTS} present points to know what "normal" is; with fewer only
 * the first rule applies (the configured and the group's max capacity still bound any decision).
 * Real bursts of one or two minutes are usually far below ten times the 99th percentile (the
 * bundled traces peak at 1.3-2.6x it); where a near-idle service's minute spike is caught, it
 * is one a forecast-driven scaler could not have served in time anyway.
 */
public final class Outliers {

    /** Ratio to the look-back's 99th percentile above which a short burst is distrusted. */
    public static final double RATIO = 10;
    /** Longest run of steps that can be distrusted; a longer one is a real level. */
    public static final int MAX_RUN = 2;
    /** Present points needed before the ratio test applies. */
    public static final int MIN_POINTS = 60;

    private Outliers() {}

    /**
     * @param load the series as believed (distrusted points NaN)
     * @param note one line naming what was distrusted and why, or null when nothing was
     */
    public record Filtered(Series load, String note) {}

    public static Filtered filter(Series load) {
        double[] v = load.values();
        int distrusted = 0;
        int worst = -1;
        for (int i = 0; i < v.length; i++) {
            if (Double.isNaN(v[i])) continue;
            if (!Double.isFinite(v[i]) || v[i] < 0) {
                worst = worse(load, worst, i);
                v[i] = Double.NaN;
                distrusted++;
            }
        }
        double limit = Double.NaN;
        double[] present = Arrays.stream(v).filter(x -> !Double.isNaN(x)).toArray();
        if (present.length >= MIN_POINTS) {
            Arrays.sort(present);
            double p99 = present[(int) Math.floor(0.99 * (present.length - 1))];
            limit = RATIO * p99;
            if (limit > 0) {
                int i = 0;
                while (i < v.length) {
                    if (!(v[i] > limit)) { i++; continue; }
                    int j = i;
                    while (j < v.length && v[j] > limit) j++;
                    if (j - i <= MAX_RUN) {
                        for (int k = i; k < j; k++) {
                            worst = worse(load, worst, k);
                            v[k] = Double.NaN;
                            distrusted++;
                        }
                    }
                    i = j;
                }
            }
        }
        if (distrusted == 0) return new Filtered(load, null);
        double original = load.valueAt(worst);
        String note = String.format(Locale.ROOT, "distrusted %d offered-load point(s) (worst %s at %s): %s; treated as missing",
                distrusted, number(original), Instant.ofEpochSecond(load.timeAt(worst)),
                Double.isFinite(original) && original >= 0
                        ? String.format(Locale.ROOT, "more than %.0fx the look-back's 99th percentile (%s) for at most %d step(s)",
                                RATIO, number(limit / RATIO), MAX_RUN)
                        : "not a finite number >= 0");
        return new Filtered(new Series(load.name(), load.start(), load.step(), v), note);
    }

    /**
     * A history with its isolated upward bursts replaced (R's {@code tsclean}, with a rolling median as
     * the robust fit): the residual of each present point from the median of the present points within
     * {@code maxRun} steps either side; a point is a burst point when its residual is above the upper
     * far-out fence of all residuals, Q3 + {@link #FENCE} x IQR (Tukey; also {@code forecast::tsoutliers}),
     * and it also stands that far above every point within {@code maxRun} steps of the same phase one
     * {@code season} and seven seasons before and after (a spike that comes back at the same time of day, or
     * of the week, is one a seasonal forecast can see: it stays). A burst is a run of at most {@code maxRun} such points with a present,
     * believed point on each side (the newest points are never cleaned: whether a rise that is still going on
     * ends is not known yet); a longer run moves the median itself: a level, not a burst. At most
     * {@code maxBursts} bursts are replaced, the highest above the fence first, each by the straight line
     * between its two neighbours; when there are more, the rest stay (bursts that frequent are a property of
     * the service, for the margin to carry).
     *
     * @param values the history (gaps NaN), not changed
     * @param maxRun the longest run of steps taken for a burst (>= 1)
     * @param season steps in a season (e.g. a day), or 0 for none
     * @param maxBursts the most bursts replaced
     * @return the cleaned copy, how many bursts and how many points were replaced
     */
    public static Cleaned isolatedBursts(double[] values, int maxRun, int season, int maxBursts) {
        if (maxRun < 1) throw new IllegalArgumentException("maxRun must be >= 1, got " + maxRun);
        int n = values.length;
        double[] residual = new double[n];
        double[] window = new double[2 * maxRun + 1];
        int present = 0;
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(values[i])) { residual[i] = Double.NaN; continue; }
            int c = 0;
            for (int j = Math.max(0, i - maxRun); j <= Math.min(n - 1, i + maxRun); j++)
                if (!Double.isNaN(values[j])) window[c++] = values[j];
            Arrays.sort(window, 0, c);
            double median = c % 2 == 1 ? window[c / 2] : (window[c / 2 - 1] + window[c / 2]) / 2;
            residual[i] = values[i] - median;
            present++;
        }
        if (present < MIN_POINTS || maxBursts < 1) return new Cleaned(values.clone(), 0, 0);
        double[] sorted = Arrays.stream(residual).filter(r -> !Double.isNaN(r)).sorted().toArray();
        double q1 = quantile(sorted, 0.25), q3 = quantile(sorted, 0.75);
        double fence = q3 + FENCE * (q3 - q1);
        List<int[]> runs = new ArrayList<>(); // {from, to (exclusive)}
        List<Double> heights = new ArrayList<>();
        int i = 0;
        while (i < n) {
            if (!burstPoint(values, residual, i, fence, maxRun, season)) { i++; continue; }
            int j = i;
            double height = 0;
            while (j < n && burstPoint(values, residual, j, fence, maxRun, season)) height = Math.max(height, residual[j++]);
            // [i, j) is a run above the fence; a burst when short and between two believed points
            if (j - i <= maxRun && i > 0 && j < n && !Double.isNaN(values[i - 1]) && !Double.isNaN(values[j])) {
                runs.add(new int[] {i, j});
                heights.add(height);
            }
            i = j;
        }
        Integer[] order = new Integer[runs.size()];
        for (int r = 0; r < order.length; r++) order[r] = r;
        Arrays.sort(order, (x, y) -> Double.compare(heights.get(y), heights.get(x)));
        double[] out = values.clone();
        int bursts = 0, points = 0;
        for (int r = 0; r < Math.min(maxBursts, order.length); r++) {
            int from = runs.get(order[r])[0], to = runs.get(order[r])[1];
            double a = values[from - 1], b = values[to];
            for (int k = from; k < to; k++) out[k] = a + (b - a) * (k - from + 1) / (to - from + 1);
            bursts++;
            points += to - from;
        }
        return new Cleaned(out, bursts, points);
    }

    /**
     * Above the fence from its local median, and as far above the same phase one season (a day) and seven seasons
     * (a week: a Saturday-night peak that a day either side does not have) before and after, where the history
     * reaches.
     */
    private static boolean burstPoint(double[] v, double[] residual, int i, double fence, int maxRun, int season) {
        if (!(residual[i] > fence)) return false;
        if (season <= 0) return true;
        for (int shift : new int[] {-season, season, -7 * season, 7 * season})
            for (int j = Math.max(0, i + shift - maxRun); j <= Math.min(v.length - 1, i + shift + maxRun); j++)
                if (!Double.isNaN(v[j]) && v[i] - v[j] <= fence) return false;
        return true;
    }

    /** Tukey's far-out fence, in interquartile ranges beyond the upper quartile. */
    public static final double FENCE = 3;

    /** A history with isolated bursts replaced: {@code bursts} runs, {@code points} points in all. */
    public record Cleaned(double[] values, int bursts, int points) {}

    private static double quantile(double[] sorted, double p) {
        double h = p * (sorted.length - 1);
        int lo = (int) Math.floor(h);
        return lo + 1 < sorted.length ? sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]) : sorted[lo];
    }

    /** Of indices a (or -1) and b, the one whose original value is further from believable. */
    private static int worse(Series load, int a, int b) {
        if (a < 0) return b;
        return rank(load.valueAt(b)) > rank(load.valueAt(a)) ? b : a;
    }

    private static double rank(double x) {
        return Double.isNaN(x) ? -1 : !Double.isFinite(x) || x < 0 ? Double.POSITIVE_INFINITY : x;
    }

    private static String number(double x) {
        return Double.isFinite(x) ? String.format(Locale.ROOT, "%.4g", x) : String.valueOf(x);
    }
}
