package dev.leptoid.model;

import dev.leptoid.config.MetricsConfig;
import dev.leptoid.config.ServiceConfig;
import dev.leptoid.source.MetricSource;
import dev.leptoid.source.Series;
import dev.leptoid.source.SourceException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a service's per-instance metrics and turns them into a {@link ServiceView} on one time
 * grid: {@code [now - lookback, now)} in steps of the configured step, {@code now} rounded down
 * to the step.
 *
 * <ul>
 *   <li>Series finer than the step are averaged into it (present points only); coarser ones, or
 *       steps that do not divide it (a consolidated answer), are refused.</li>
 *   <li>An instance lives from its first to its last point with data (any of its metrics).
 *       Before its first point it did not exist: a new instance counts from its first point,
 *       warm-up included (its requests are real load; leaving them out would hide load), and
 *       is labelled {@code warming-up} for {@link #WARMING_UP_STEPS} steps.</li>
 *   <li>Interior gaps of at most {@link #MAX_INTERPOLATED} steps are interpolated; longer ones
 *       stay unknown, and so does the service's sum there.</li>
 *   <li>An instance whose data ends more than {@link #STOPPED_AFTER_STEPS} steps before the
 *       service's newest point has stopped (terminated) and counts up to its last point only.
 *       One that ends fewer steps short is late: the sums after its last point are unknown, so the
 *       offered load ends at the last time every reporting instance has data.</li>
 *   <li>{@code per_interval} arrival counts are counts per configured step (the reporter's
 *       interval); counts per minute stored every minute are {@code per_minute}.</li>
 *   <li>Arrival rate zero means utilization zero, even without a service time (no requests, no
 *       timing). A missing arrival rate is unknown, never zero.</li>
 * </ul>
 */
public final class ServiceLoadReader {

    /** Interior gaps up to this many steps are interpolated; longer ones stay gaps. */
    public static final int MAX_INTERPOLATED = 3;
    /** An instance whose data ends more than this many steps before the service's newest point has stopped. */
    public static final int STOPPED_AFTER_STEPS = 5;
    /** An instance whose first point is within this many steps of the newest point is warming up. */
    public static final int WARMING_UP_STEPS = 10;

    private final MetricSource source;

    public ServiceLoadReader(MetricSource source) { this.source = source; }

    public ServiceView read(String environment, ServiceConfig service, Instant now) throws SourceException {
        MetricsConfig m = service.metrics();
        long step = m.step().toSeconds();
        long until = Math.floorDiv(now.getEpochSecond(), step) * step;
        long from = until - m.lookback().toSeconds() / step * step;
        int n = (int) ((until - from) / step);
        String where = environment + "." + service.name();
        Map<String, double[]> util = new TreeMap<>();
        Map<String, int[]> life = new TreeMap<>();
        double[] busy = null, arrivals = null; // per step, over instances where both are known: for the mean service time
        if (m.direct()) {
            for (Map.Entry<String, Series> e : byInstance(m.utilization().get(), environment, service, m, from, until).entrySet()) {
                Series u = ServiceQueue.utilization(e.getValue(), m.utilizationUnit(), e.getKey());
                double[] grid = onGrid(u, from, step, n, where);
                util.put(e.getKey(), grid);
                life.put(e.getKey(), span(grid));
            }
        } else {
            Map<String, Series> rates = byInstance(m.arrivalRate().get(), environment, service, m, from, until);
            Map<String, Series> times = byInstance(m.serviceTime().get(), environment, service, m, from, until);
            java.util.Set<String> ids = new java.util.TreeSet<>(rates.keySet());
            ids.addAll(times.keySet());
            busy = new double[n];
            arrivals = new double[n];
            for (String id : ids) {
                double[] lambda = rates.containsKey(id) ? onGrid(perSecond(rates.get(id), m.arrivalRateUnit(), step), from, step, n, where) : nans(n);
                double[] s = times.containsKey(id) ? onGrid(seconds(times.get(id), m.serviceTimeUnit()), from, step, n, where) : nans(n);
                double[] u = new double[n];
                for (int i = 0; i < n; i++) {
                    u[i] = lambda[i] == 0 ? 0 : lambda[i] * s[i]; // NaN if either is unknown
                    if (lambda[i] > 0 && !Double.isNaN(u[i])) {
                        busy[i] += u[i];
                        arrivals[i] += lambda[i];
                    }
                }
                util.put(id, u);
                int[] a = span(lambda), b = span(s);
                life.put(id, a[0] < 0 ? b : b[0] < 0 ? a : new int[]{Math.min(a[0], b[0]), Math.max(a[1], b[1])});
            }
        }
        if (util.isEmpty())
            throw new InsufficientDataException("no instances found for " + where + " (no series match the configured metrics)");
        ServiceView view = view(where, util, life, from, step, n);
        return busy == null ? view : withServiceTime(view, busy, arrivals, from, step, service.name() + ".service_time");
    }

    /**
     * Arrival-weighted mean service time (seconds) per step: sum of utilization over sum of arrival
     * rate across the instances where both are known; NaN where no requests were seen. On the
     * offered load's grid.
     */
    private static ServiceView withServiceTime(ServiceView v, double[] busy, double[] arrivals, long from, long step, String name) {
        int offset = (int) ((v.offeredLoad().start() - from) / step);
        double[] t = new double[busy.length - offset];
        boolean any = false;
        for (int i = 0; i < t.length; i++) {
            t[i] = arrivals[offset + i] > 0 ? busy[offset + i] / arrivals[offset + i] : Double.NaN;
            any |= !Double.isNaN(t[i]);
        }
        Series time = any ? new Series(name, v.offeredLoad().start(), step, t) : null;
        return new ServiceView(v.instances(), v.offeredLoad(), time, v.details(), v.problems());
    }

    /** Builds the view from per-instance utilization on the grid and each instance's life [first, last]. */
    static ServiceView view(String where, Map<String, double[]> util, Map<String, int[]> life, long from, long step, int n)
            throws InsufficientDataException {
        int newest = -1, oldest = Integer.MAX_VALUE;
        for (int[] l : life.values()) {
            newest = Math.max(newest, l[1]);
            if (l[0] >= 0) oldest = Math.min(oldest, l[0]);
        }
        if (newest < 0)
            throw new InsufficientDataException("every series of " + where + " is empty (all null) in the look-back window");
        double[] sum = new double[n];
        boolean[] counted = new boolean[n];
        List<InstanceView> details = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, double[]> e : util.entrySet()) {
            String id = e.getKey();
            double[] raw = e.getValue();
            int[] l = life.get(id);
            int points = 0;
            for (double v : raw) if (!Double.isNaN(v)) points++;
            if (l[0] < 0) {
                details.add(new InstanceView(id, new Series(id, from, step, raw), 0, 0, 0, -1, -1, Double.NaN,
                        InstanceView.Status.NO_DATA));
                continue;
            }
            double[] filled = Gaps.interpolate(new Series(id, from, step, raw), MAX_INTERPOLATED).values();
            boolean stopped = newest - l[1] > STOPPED_AFTER_STEPS;
            int end = stopped ? l[1] : newest;
            int gaps = 0, interpolated = 0, longest = 0, run = 0;
            for (int i = l[0]; i <= l[1]; i++) {
                if (Double.isNaN(raw[i])) {
                    gaps++;
                    run++;
                    longest = Math.max(longest, run);
                    if (!Double.isNaN(filled[i])) interpolated++;
                } else {
                    run = 0;
                }
            }
            for (int i = 0; i < n; i++) if (i < l[0] || i > l[1]) filled[i] = Double.NaN;
            for (int i = l[0]; i <= end; i++) {
                sum[i] += filled[i]; // NaN poisons the sum: unknown, not zero
                counted[i] = true;
            }
            int lastU = lastPresent(filled);
            InstanceView.Status status = stopped ? InstanceView.Status.STOPPED
                    : newest - l[0] < WARMING_UP_STEPS ? InstanceView.Status.WARMING_UP : InstanceView.Status.REPORTING;
            details.add(new InstanceView(id, new Series(id, from, step, filled), points, gaps, interpolated,
                    from + l[0] * step, lastU < 0 ? -1 : from + lastU * step, lastU < 0 ? Double.NaN : filled[lastU], status));
            if (longest > MAX_INTERPOLATED)
                problems.add(id + ": gap of " + longest + " steps (longer than " + MAX_INTERPOLATED
                        + " are not interpolated): the service's load is unknown there");
            if (stopped)
                problems.add(id + ": no data after " + Instant.ofEpochSecond(from + l[1] * step)
                        + ": counted as terminated from then on");
            else if (l[1] < newest)
                problems.add(id + ": data ends " + (newest - l[1]) + " step(s) before the newest point: the newest sums are unknown");
            if (lastU < l[1])
                problems.add(id + ": utilization unknown at its newest points (arrival rate or service time missing)");
        }
        for (int j = 0; j < n; j++) if (!counted[j]) sum[j] = Double.NaN;
        Series load = new Series(where, from + oldest * step, step, java.util.Arrays.copyOfRange(sum, oldest, n));
        Map<String, Series> byId = new LinkedHashMap<>(ServiceView.byId(details));
        return new ServiceView(byId, load, null, details, problems);
    }

    /** Places {@code s} on the grid [from, from + n*step): same step copied, finer steps averaged. */
    static double[] onGrid(Series s, long from, long step, int n, String where) throws SourceException {
        if (s.step() > step || step % s.step() != 0)
            throw new SourceException("Graphite returned " + s.name() + " of " + where + " at a " + s.step()
                    + "s step; the configured step is " + step + "s (set metrics.step to a multiple of the stored resolution"
                    + " or shorten the look-back so Graphite reads a finer archive)");
        double[] total = new double[n];
        int[] count = new int[n];
        for (int i = 0; i < s.size(); i++) {
            double v = s.valueAt(i);
            if (Double.isNaN(v)) continue;
            long j = Math.floorDiv(s.timeAt(i) - from, step);
            if (j < 0 || j >= n) continue;
            total[(int) j] += v;
            count[(int) j]++;
        }
        for (int j = 0; j < n; j++) total[j] = count[j] == 0 ? Double.NaN : total[j] / count[j];
        return total;
    }

    /**
     * Requests per second. A per-interval count is a count per configured step (the reporting
     * interval, e.g. Logster's run interval), whatever resolution Graphite stores it at: a count
     * every 5 minutes in a 1-minute archive is still a 5-minute count.
     */
    private static Series perSecond(Series rate, MetricsConfig.RateUnit unit, long step) {
        double[] v = rate.values();
        for (int i = 0; i < v.length; i++) v[i] = unit.perSecond(v[i], step);
        return new Series(rate.name(), rate.start(), rate.step(), v);
    }

    private static Series seconds(Series time, MetricsConfig.TimeUnit unit) {
        double[] v = time.values();
        for (int i = 0; i < v.length; i++) v[i] = unit.seconds(v[i]);
        return new Series(time.name(), time.start(), time.step(), v);
    }

    private static double[] nans(int n) {
        double[] v = new double[n];
        java.util.Arrays.fill(v, Double.NaN);
        return v;
    }

    /** [first, last] index with a value, or [-1, -1]. */
    private static int[] span(double[] v) {
        int a = -1, b = -1;
        for (int i = 0; i < v.length; i++) if (!Double.isNaN(v[i])) { if (a < 0) a = i; b = i; }
        return new int[]{a, b};
    }

    private static int lastPresent(double[] v) {
        for (int i = v.length - 1; i >= 0; i--) if (!Double.isNaN(v[i])) return i;
        return -1;
    }

    private Map<String, Series> byInstance(String template, String env, ServiceConfig service, MetricsConfig m,
                                           long from, long until) throws SourceException {
        String target = MetricsConfig.expand(template, env, service.name());
        Map<String, Series> out = new LinkedHashMap<>();
        for (Series s : source.fetch(target, Instant.ofEpochSecond(from), Instant.ofEpochSecond(until), m.step())) {
            String[] nodes = s.name().split("\\.");
            if (m.instanceNode() >= nodes.length)
                throw new SourceException("series " + s.name() + " has no node " + m.instanceNode() + " for the instance id");
            String id = nodes[m.instanceNode()];
            if (out.put(id, s.withName(id)) != null)
                throw new SourceException("Graphite returned two series for instance " + id + " of " + target
                        + " (duplicate targets): refusing to guess which is right");
        }
        return out;
    }
}
