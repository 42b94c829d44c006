package dev.leptoid.bench;

import dev.leptoid.config.ForecastSettings;
import dev.leptoid.config.PolicySettings;
import dev.leptoid.config.Slo;
import dev.leptoid.forecast.AutoForecaster;
import dev.leptoid.model.ServiceQueue;
import dev.leptoid.publication.MetricSink;
import dev.leptoid.simulation.Backtest;
import dev.leptoid.simulation.BundledTraces;
import dev.leptoid.simulation.LeptoidPipeline;
import dev.leptoid.simulation.SharedForecasts;
import dev.leptoid.simulation.TargetTracking;
import dev.leptoid.simulation.Workload;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * Where leptoid's instance-hours above target tracking's go, at one limit L each (docs/backtest.md, "Where the
 * extra hours go"): each run's desired capacity split into layers, from what it publishes -- the forecast mean
 * peak of the sizing window at L; the margin the upper quantile adds; the floors (load now / L, the proven rise);
 * and what the scale-in stabilization holds above that (the window's actual peak, the upper forecast ahead, the
 * read-back of earlier runs' recommendations, the scale-in step) -- each layer in instance-hours over the measured
 * days, and hour by hour; then how often a sizing window's actual peak was above the upper bound the run sized on
 * (the margin's calibration), overall and by tercile of the forecast mean ({@link #calibration}). The read-back layer
 * is what the highest recommendation of the stabilization window would hold, capped at the desired capacity: where
 * the policy did not hold it (after a proven fall, {@code CapacityPolicy.heldRecommendation}) it is what remains. Run: {@code java ... MarginProbe DAYS TRACE LEAD_MIN L_LEPTOID TARGET_TT} (3 days of
 * history, DAYS - 3 measured, breach limit 0.85, billed as before: no drain) with the classpath of
 * {@code scripts/cost-decomposition}; {@code -Dprobe.hourly} prints every hour (else the hours where the two differ by
 * 3 instance-hours or more), {@code -Dprobe.from=INSTANT} replays DAYS days from there (as {@code backtest --from}); {@code -Dprobe.at=ISO-TIME,MINUTES} both policies' capacity minute by minute from then.
 */
public final class MarginProbe {

    /** What one run published: its time, recommendation and desired capacity, and its forecast path. */
    private static final class RunPoints {
        long time = -1;
        int recommended = -1, desired = -1;
        final TreeMap<Long, Double> upper = new TreeMap<>(), mean = new TreeMap<>();
    }

    /** Collects each run's points; a flush ends a run. */
    private static final class Collector implements MetricSink {
        final List<RunPoints> runs = new ArrayList<>();
        RunPoints current = new RunPoints();

        @Override public void send(String path, double value, long t) {
            if (path.endsWith(".capacity.recommended")) { current.recommended = (int) value; current.time = t; }
            else if (path.endsWith(".capacity.desired")) { current.desired = (int) value; current.time = t; }
            else if (path.endsWith(".forecast.path.upper")) current.upper.put(t, value);
            else if (path.endsWith(".forecast.path.mean")) current.mean.put(t, value);
        }

        @Override public PublishResult flush() {
            if (current.time >= 0) runs.add(current);
            current = new RunPoints();
            return PublishResult.EMPTY;
        }

        @Override public void close() {}
    }

    static final String[] LAYERS = {"mean at L", "margin (quantile)", "floors (load now, rise)", "stab: actual peak",
            "stab: forecast ahead", "stab: read-back", "stab: step", "other"};

    public static void main(String[] args) throws Exception {
        int days = Integer.parseInt(args[0]);
        String trace = args[1];
        int lead = Integer.parseInt(args[2]);
        double limit = Double.parseDouble(args[3]), ttTarget = Double.parseDouble(args[4]);
        PolicySettings d = PolicySettings.DEFAULTS;
        PolicySettings settings = new PolicySettings(d.targetUtilization(), d.leadTime(), d.runInterval(), d.quantile(),
                d.stabilization(), d.maxScaleInStep(), d.minCapacity(), 10_000, d.maxStaleness())
                .withSlo(new Slo(0.85, 0.001)).withLeadTime(Duration.ofMinutes(lead)).withLimit(limit);
        Workload all = BundledTraces.workload(trace, BundledTraces.SERVICE_TIME);
        if (System.getProperty("probe.from") != null) // the window from this ISO instant on, as backtest --from
            all = all.from(Instant.parse(System.getProperty("probe.from")));
        Workload w = all.slice(0, Math.min(all.size(), days * 1440));
        Backtest.Setup setup = new Backtest.Setup(1, 10_000, Duration.ofMinutes(lead - 2), Duration.ofMinutes(2), 0.85,
                Duration.ofDays(3));
        Collector c = new Collector();
        Backtest.Outcome lep = new Backtest().run(w, new LeptoidPipeline(new SharedForecasts(new AutoForecaster()), settings,
                ForecastSettings.DEFAULTS, Duration.ofDays(7), c, (what, tags, data, t, within) -> null), limit, setup);
        Backtest.Outcome tt = new Backtest().run(w, new TargetTracking(ttTarget), ttTarget, setup);
        long start = lep.start();
        int m = lep.load().length;
        double[][] layer = new double[LAYERS.length][m];
        long lt = lead * 60L, interval = settings.runInterval().toSeconds(), stab = settings.stabilization().toSeconds();
        double onlyPeak = 0; // instance-hours the window's actual peak holds beyond every other term
        for (int r = 0; r < c.runs.size(); r++) {
            RunPoints p = c.runs.get(r);
            if (p.recommended < 0 || p.desired < 0 || p.upper.isEmpty()) continue;
            long now = p.time;
            double wu = max(p.upper, now + lt, now + lt + interval), wm = max(p.mean, now + lt, now + lt + interval);
            int mean = ServiceQueue.capacityFor(Math.max(0, wm), limit);
            int upper = Math.max(mean, ServiceQueue.capacityFor(Math.max(0, wu), limit));
            int need = p.recommended, des = p.desired;
            double[] v = new double[LAYERS.length];
            v[0] = mean;
            v[1] = upper - mean;
            v[2] = Math.max(0, need - upper);
            int base = Math.max(need, upper);
            if (des > base) {
                int behind = ServiceQueue.capacityFor(Math.max(0, recentPeak(lep, start, now, stab)), limit);
                int ahead = ServiceQueue.capacityFor(Math.max(0, max(p.upper, now + 1, now + lt + stab + 1)), limit);
                int readBack = -1;
                for (int q = r - 1; q >= 0 && c.runs.get(q).time >= now - stab; q--) readBack = Math.max(readBack, c.runs.get(q).recommended);
                int level = base;
                v[3] = Math.max(0, Math.min(des, behind) - level); level = Math.max(level, Math.min(des, behind));
                v[4] = Math.max(0, Math.min(des, ahead) - level); level = Math.max(level, Math.min(des, ahead));
                v[5] = Math.max(0, Math.min(des, readBack) - level); level = Math.max(level, Math.min(des, readBack));
                v[6] = des - level;
                onlyPeak += Math.max(0, Math.min(des, behind) - Math.max(base, Math.max(Math.min(des, ahead), Math.min(des, readBack))))
                        * interval / 3600.0;
            } else v[7] = des - base; // below what was needed: clamped or held
            for (long t = now; t < now + interval; t += Workload.MINUTE) {
                int j = (int) ((t - start) / Workload.MINUTE);
                if (j < 0 || j >= m) continue;
                for (int k = 0; k < LAYERS.length; k++) layer[k][j] = v[k];
            }
        }
        System.out.printf(Locale.ROOT, "%s lead %d: leptoid at L %.2f %.1f h (%d breach min, %d actions), target tracking at "
                        + "%.2f %.1f h (%d breach min, %d actions)%n", w.name(), lead, limit, lep.instanceHours(),
                lep.breachMinutes(), lep.actions(), ttTarget, tt.instanceHours(), tt.breachMinutes(), tt.actions());
        double[] total = new double[LAYERS.length];
        double lepDesired = 0, ttDesired = 0, perfectL = 0, perfect85 = 0, meanAt85 = 0;
        for (int j = 0; j < m; j++) {
            for (int k = 0; k < LAYERS.length; k++) total[k] += layer[k][j] / 60.0;
            lepDesired += lep.desired()[j] / 60.0;
            ttDesired += tt.desired()[j] / 60.0;
            double a = lep.load()[j];
            if (!Double.isNaN(a)) {
                perfectL += ServiceQueue.capacityFor(a, limit) / 60.0;
                perfect85 += ServiceQueue.capacityFor(a, 0.85) / 60.0;
            }
        }
        System.out.printf(Locale.ROOT, "desired capacity, instance-hours: leptoid %.1f, target tracking %.1f (difference %.1f); "
                + "ceil(load / %.2f) %.1f, ceil(load / 0.85) %.1f%n", lepDesired, ttDesired, lepDesired - ttDesired, limit,
                perfectL, perfect85);
        double sum = 0;
        for (int k = 0; k < LAYERS.length; k++) {
            System.out.printf(Locale.ROOT, "  %-26s %9.1f h%n", LAYERS[k], total[k]);
            sum += total[k];
        }
        System.out.printf(Locale.ROOT, "  %-26s %9.1f h (runs' desired, in effect from each run for one interval)%n", "sum", sum);
        System.out.printf(Locale.ROOT, "  the actual peak alone (beyond the forecast ahead and the read-back): %.1f h%n", onlyPeak);
        // the sizing windows whose actual peak was above the upper quantile the run sized on (calibration of the margin)
        int windows = 0, above = 0, aboveMean = 0;
        for (var pr : lep.predictions()) {
            double peak = Double.NEGATIVE_INFINITY;
            for (long t = pr.time(); t < pr.time() + pr.windowSeconds(); t += Workload.MINUTE) {
                int j = (int) ((t - start) / Workload.MINUTE);
                if (j >= 0 && j < m && !Double.isNaN(lep.load()[j])) peak = Math.max(peak, lep.load()[j]);
            }
            if (peak == Double.NEGATIVE_INFINITY) continue;
            windows++;
            if (peak > pr.windowUpper()) above++;
            if (peak > pr.mean()) aboveMean++;
        }
        System.out.printf(Locale.ROOT, "windows whose actual peak exceeded the upper bound sized on: %d of %d (%.2f %%; the "
                + "quantile allows %.1f %%); above the mean: %.1f %%%n", above, windows, 100.0 * above / Math.max(1, windows),
                100 - settings.quantile(), 100.0 * aboveMean / Math.max(1, windows));
        calibration(lep, start, m, settings.quantile());
        if (System.getProperty("probe.at") != null) { // -Dprobe.at=ISO-TIME,MINUTES: minute by minute from then
            String[] at = System.getProperty("probe.at").split(",");
            int from = (int) ((Instant.parse(at[0]).getEpochSecond() - start) / Workload.MINUTE);
            for (int j = Math.max(0, from); j < Math.min(m, from + Integer.parseInt(at[1])); j++)
                System.out.printf(Locale.ROOT, "  %s load %6.2f  TT in %3d desired %3d  leptoid in %3d desired %3d%n",
                        Instant.ofEpochSecond(start + j * Workload.MINUTE), lep.load()[j], tt.inService()[j], tt.desired()[j],
                        lep.inService()[j], lep.desired()[j]);
        }
        // hour by hour: leptoid - target tracking and the layers above the mean
        boolean hourly = System.getProperty("probe.hourly") != null;
        System.out.println("hour (UTC)            load   TT  lep  meanL margin floors  peak  ahead  rback  step   lep-TT");
        for (int h = 0; h * 60 < m; h++) {
            double load = 0, ttH = 0, lepH = 0;
            double[] lh = new double[LAYERS.length];
            int n = 0, peakMinute = -1;
            double peak = 0;
            for (int j = h * 60; j < Math.min(m, h * 60 + 60); j++) {
                double a = lep.load()[j];
                if (!Double.isNaN(a)) { load += a; n++; if (a > peak) { peak = a; peakMinute = j; } }
                ttH += tt.desired()[j] / 60.0;
                lepH += lep.desired()[j] / 60.0;
                for (int k = 0; k < LAYERS.length; k++) lh[k] += layer[k][j] / 60.0;
            }
            if (!hourly && Math.abs(lepH - ttH) < 3) continue;
            System.out.printf(Locale.ROOT, "%s %6.2f %4.1f %4.1f %6.1f %6.1f %6.1f %5.1f %6.1f %6.1f %5.1f %7.1f%n",
                    Instant.ofEpochSecond(start + h * 3600L), n == 0 ? Double.NaN : load / n, ttH, lepH, lh[0], lh[1], lh[2],
                    lh[3], lh[4], lh[5], lh[6], lepH - ttH);
        }
    }

    /**
     * The margin's calibration, overall and by tercile of the forecast mean: the share of sizing windows whose
     * actual peak was above the upper bound sized on, and the quantile-th percentile of (actual peak - mean) /
     * (upper - mean): the factor by which the margin would have to be scaled for the windows' peaks to stay under it
     * exactly as often as the quantile says (1: calibrated; below 1: wider than the errors call for).
     */
    private static void calibration(Backtest.Outcome lep, long start, int m, double quantile) {
        List<double[]> rows = new ArrayList<>(); // mean, upper, peak
        double windowMinutes = lep.predictions().isEmpty() ? 0 : lep.predictions().get(0).windowSeconds() / 60.0;
        for (var pr : lep.predictions()) {
            double peak = Double.NEGATIVE_INFINITY;
            for (long t = pr.time(); t < pr.time() + pr.windowSeconds(); t += Workload.MINUTE) {
                int j = (int) ((t - start) / Workload.MINUTE);
                if (j >= 0 && j < m && !Double.isNaN(lep.load()[j])) peak = Math.max(peak, lep.load()[j]);
            }
            if (peak > Double.NEGATIVE_INFINITY && pr.windowUpper() > pr.mean()) rows.add(new double[] {pr.mean(), pr.windowUpper(), peak});
        }
        if (rows.isEmpty()) return;
        rows.sort((a, b) -> Double.compare(a[0], b[0]));
        int n = rows.size();
        System.out.println("calibration of the margin (windows with upper > mean), by tercile of the forecast mean:");
        for (int g = -1; g < 3; g++) {
            List<double[]> part = g < 0 ? rows : rows.subList(g * n / 3, (g + 1) * n / 3);
            double[] ratio = new double[part.size()];
            int above = 0;
            double margin = 0, erlangs = 0;
            for (int i = 0; i < part.size(); i++) {
                double[] r = part.get(i);
                ratio[i] = (r[2] - r[0]) / (r[1] - r[0]);
                if (r[2] > r[1]) above++;
                margin += (r[1] - r[0]) / r[0];
                erlangs += r[1] - r[0];
            }
            Arrays.sort(ratio);
            double needed = ratio[Math.min(ratio.length - 1, (int) Math.ceil(quantile / 100 * ratio.length) - 1)];
            System.out.printf(Locale.ROOT, "  %-10s %5d windows, mean %6.2f-%6.2f: above the upper %.2f %% (quantile allows %.1f %%); "
                            + "margin / mean %.3f, %.2f Erlangs; p%s of (peak - mean) / margin %.3f (scaled so: %+.1f Erlang-hours)%n",
                    g < 0 ? "all" : "tercile " + (g + 1), part.size(), part.get(0)[0], part.get(part.size() - 1)[0],
                    100.0 * above / part.size(), 100 - quantile, margin / part.size(), erlangs / part.size(), quantile, needed,
                    (needed - 1) * erlangs * windowMinutes / 60.0);
        }
    }

    private static double max(TreeMap<Long, Double> path, long from, long to) {
        double v = Double.NEGATIVE_INFINITY;
        for (double x : path.subMap(from, true, to, false).values()) v = Math.max(v, x);
        if (v == Double.NEGATIVE_INFINITY) v = path.floorEntry(to) != null ? path.floorEntry(to).getValue() : path.firstEntry().getValue();
        return v;
    }

    private static double recentPeak(Backtest.Outcome o, long start, long now, long stab) {
        double p = 0;
        for (long t = now - stab; t < now; t += Workload.MINUTE) {
            int j = (int) ((t - start) / Workload.MINUTE);
            if (j >= 0 && j < o.load().length && !Double.isNaN(o.load()[j])) p = Math.max(p, o.load()[j]);
        }
        return p;
    }
}
