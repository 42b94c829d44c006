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
