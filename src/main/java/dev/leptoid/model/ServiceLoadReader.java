package dev.leptoid.model;

import dev.leptoid.config.MetricsConfig;
import dev.leptoid.config.Names;
import dev.leptoid.config.ServiceConfig;
import dev.leptoid.source.MetricSource;
import dev.leptoid.source.Series;
import dev.leptoid.source.SourceException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.DoubleUnaryOperator;

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
 *       offered load ends at the last time every reporting instance has data -- unless its Auto
 *       Scaling group, read with the data, no longer lists it (in any lifecycle state) while it lists
 *       every instance reporting at the newest point (so the metric's instance node is the instance
 *       id, and no other group's instances share the path): then it has left the group and stopped
 *       at its last point, and the newest sums are known at once after a scale-in.</li>
 *   <li>{@code per_interval} arrival counts are counts per configured step (the reporter's
 *       interval); counts per minute stored every minute are {@code per_minute}.</li>
 *   <li>Arrival rate zero means utilization zero, even without a service time (no requests, no
 *       timing). A missing arrival rate is unknown, never zero.</li>
 *   <li>Refused with one line (the service holds): two series that name one instance while both report
 *       ({@link #twice}): read as load, they count the instance twice.</li>
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

    /** The whole look-back {@code [now - lookback, now)}. */
    public ServiceView read(String environment, ServiceConfig service, Instant now) throws SourceException {
        long step = service.metrics().step().toSeconds();
        long until = Math.floorDiv(now.getEpochSecond(), step) * step;
        return read(environment, service, until - service.metrics().lookback().toSeconds() / step * step, until);
    }

    /** The grid {@code [from, until)}, both on the step. */
    public ServiceView read(String environment, ServiceConfig service, long from, long until) throws SourceException {
        return read(environment, service, from, until, null);
    }

    /**
     * The grid {@code [from, until)}, both on the step, knowing the instances the service's group lists
     * in any lifecycle state ({@code listed}; null when unknown).
     */
    public ServiceView read(String environment, ServiceConfig service, long from, long until, Set<String> listed)
            throws SourceException {
        MetricsConfig m = service.metrics();
        long step = m.step().toSeconds();
        int n = (int) ((until - from) / step);
        String where = environment + "." + service.name();
        Map<String, Series> direct = null, rates = null, times = null;
        if (m.direct()) {
            direct = byInstance(m.utilization().get(), environment, service, m, from, until);
        } else {
            rates = byInstance(m.arrivalRate().get(), environment, service, m, from, until);
            times = byInstance(m.serviceTime().get(), environment, service, m, from, until);
        }
        // Steps before the first point of any series are gaps for every instance and are cut from the
        // offered load anyway: the work is done from there on (a new service, a replay), and the
        // instances' series are padded back to the whole grid at the end. Same view, less work.
        int skip = firstStep(m.direct() ? List.of(direct) : List.of(rates, times), from, step, n);
        long f = from + skip * step;
        int k = n - skip;
        Map<String, double[]> util = new TreeMap<>();
        Map<String, int[]> life = new TreeMap<>();
        double[] busy = null, arrivals = null; // per step, over instances where both are known: for the mean service time
        if (m.direct()) {
            for (Map.Entry<String, Series> e : direct.entrySet()) {
                Series u = ServiceQueue.utilization(e.getValue(), m.utilizationUnit(), e.getKey());
                double[] grid = onGrid(u, e.getValue().name(), v -> v, f, step, k, where);
                util.put(e.getKey(), grid);
                life.put(e.getKey(), span(grid));
            }
        } else {
            Set<String> ids = new TreeSet<>(rates.keySet());
            ids.addAll(times.keySet());
            busy = new double[k];
            arrivals = new double[k];
            MetricsConfig.RateUnit rateUnit = m.arrivalRateUnit();
            MetricsConfig.TimeUnit timeUnit = m.serviceTimeUnit();
            for (String id : ids) {
                Series r = rates.get(id), st = times.get(id);
                double[] lambda = r != null ? onGrid(r, r.name(), v -> rateUnit.perSecond(v, step), f, step, k, where) : nans(k);
                double[] s = st != null ? onGrid(st, st.name(), timeUnit::seconds, f, step, k, where) : nans(k);
                double[] u = new double[k];
                for (int i = 0; i < k; i++) {
                    u[i] = ServiceQueue.utilization(lambda[i], s[i]);
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
        ServiceView view = padded(view(where, util, life, f, step, k, listed), from, skip);
        return busy == null ? view : withServiceTime(view, busy, arrivals, f, step, service.name() + ".service_time");
    }

    /** Grid index of the first present point of any of the series (0 when there is none: nothing to skip). */
    private static int firstStep(List<Map<String, Series>> all, long from, long step, int n) {
        long first = Long.MAX_VALUE;
        for (Map<String, Series> m : all)
            for (Series s : m.values()) {
                int i = s.firstPresentIndex();
                if (i >= 0) first = Math.min(first, s.timeAt(i));
            }
        if (first == Long.MAX_VALUE) return 0;
        return (int) Math.max(0, Math.min(n, Math.floorDiv(first - from, step)));
    }

    /** The view with each instance's series padded with {@code skip} leading gaps, i.e. on the grid from {@code from}. */
    private static ServiceView padded(ServiceView v, long from, int skip) {
        if (skip == 0) return v;
        List<InstanceView> details = new ArrayList<>();
        for (InstanceView i : v.details()) {
            Series u = i.utilization();
            double[] p = new double[skip + u.size()];
            Arrays.fill(p, 0, skip, Double.NaN);
            for (int j = 0; j < u.size(); j++) p[skip + j] = u.valueAt(j);
            details.add(new InstanceView(i.id(), new Series(u.name(), from, u.step(), p), i.points(), i.gaps(), i.interpolated(),
                    i.firstTime(), i.lastTime(), i.lastValue(), i.status()));
        }
        return new ServiceView(new LinkedHashMap<>(ServiceView.byId(details)), v.offeredLoad(), v.serviceTime(), details,
                v.problems());
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

    /**
     * Builds the view from per-instance utilization on the grid and each instance's life [first, last],
     * knowing the instances the group lists ({@code listed}; null when unknown).
     */
    static ServiceView view(String where, Map<String, double[]> util, Map<String, int[]> life, long from, long step, int n,
                            Set<String> listed) throws SourceException {
        int newest = -1, oldest = Integer.MAX_VALUE;
        for (int[] l : life.values()) {
            newest = Math.max(newest, l[1]);
            if (l[0] >= 0) oldest = Math.min(oldest, l[0]);
        }
        if (newest < 0)
            throw new InsufficientDataException("every series of " + where + " is empty (all null) in the look-back window");
        // the group's list speaks for these instances only when it names every one reporting at the newest point:
        // instance ids, not host names, and no other group's instances under the same path
        boolean idsMatch = listed != null;
        for (Map.Entry<String, int[]> e : life.entrySet())
            if (idsMatch && e.getValue()[1] == newest && !listed.contains(e.getKey())) idsMatch = false;
        String twice = twice(life, newest, listed);
        if (twice != null)
            throw new SourceException(where + ": " + twice + ": its load would count twice; refusing to guess which series is"
                    + " right (stop writing the other, or delete it from Graphite; ids are compared exactly)");
        double[] sum = new double[n];
        boolean[] counted = new boolean[n];
        List<InstanceView> details = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, double[]> e : util.entrySet()) {
            String id = e.getKey();
            double[] raw = e.getValue();
            int[] l = life.get(id);
            if (l[0] < 0) {
                details.add(new InstanceView(id, new Series(id, from, step, raw), 0, 0, 0, -1, -1, Double.NaN,
                        InstanceView.Status.NO_DATA));
                continue;
            }
            int points = 0;
            for (int i = l[0]; i <= l[1]; i++) if (!Double.isNaN(raw[i])) points++;
            double[] filled = interpolated(raw, l[0], l[1]);
            boolean left = idsMatch && l[1] < newest && !listed.contains(id);
            boolean stopped = newest - l[1] > STOPPED_AFTER_STEPS || left;
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
            if (left)
                problems.add(id + ": no data after " + Instant.ofEpochSecond(from + l[1] * step)
                        + " and its group no longer lists it: it left the group, and the offered load counts it up to then");
            else if (stopped)
                problems.add(id + ": no data after " + Instant.ofEpochSecond(from + l[1] * step)
                        + ": left out of the offered load from then on; while its group counts it InService its load is"
                        + " unknown, and leptoid will not scale in (an instance in Standby or waiting on a hook does not count)");
            else if (l[1] < newest)
                problems.add(id + ": data ends " + (newest - l[1]) + " step(s) before the newest point: the newest sums are unknown");
            if (lastU < l[1])
                problems.add(id + ": utilization unknown at its newest points (arrival rate or service time missing)");
        }
        for (int j = 0; j < n; j++) if (!counted[j]) sum[j] = Double.NaN;
        Series load = new Series(where, from + oldest * step, step, Arrays.copyOfRange(sum, oldest, n));
        Map<String, Series> byId = new LinkedHashMap<>(ServiceView.byId(details));
        return new ServiceView(byId, load, null, details, problems);
    }

    /**
     * Two series that name one instance and both count at the newest point (neither has stopped), or null: ids that
     * differ only in case ({@code I-0ABC}, {@code i-0abc}: one host, one EC2 instance), or an id the group lists and
     * one it does not that starts with it and a separator ({@code i-0abc}, {@code i-0abc_old}: a renamed metric
     * still written). Series that follow each other (the old one stopped) count once and are not named.
     */
    static String twice(Map<String, int[]> life, int newest, Set<String> listed) {
        Map<String, String> byLower = new TreeMap<>(), listedByLower = new TreeMap<>();
        List<String> counting = new ArrayList<>();
        for (Map.Entry<String, int[]> e : life.entrySet())
            if (e.getValue()[0] >= 0 && newest - e.getValue()[1] <= STOPPED_AFTER_STEPS) counting.add(e.getKey());
        for (String id : counting) {
            String lower = id.toLowerCase(Locale.ROOT);
            String other = byLower.putIfAbsent(lower, id);
            if (other != null) return "two series name instance " + other + ": " + other + " and " + id + " both report";
            if (listed != null && listed.contains(id)) listedByLower.put(lower, id);
        }
        if (listed == null) return null;
        for (String id : counting) {
            if (listed.contains(id)) continue;
            String lower = id.toLowerCase(Locale.ROOT);
            for (int i = 1; i < lower.length(); i++) {
                if (Character.isLetterOrDigit(lower.charAt(i))) continue;
                String same = listedByLower.get(lower.substring(0, i));
                if (same != null)
                    return "two series name instance " + same + " of the group: " + same + " and " + id + " both report";
            }
        }
        return null;
    }

    /**
     * {@code raw} with interior runs of at most {@link #MAX_INTERPOLATED} gaps filled linearly inside
     * [first, last] ({@link Gaps#interpolate}), NaN outside. Every present value lies in the
     * instance's life [first, last], so runs reaching outside it are never interior.
     */
    private static double[] interpolated(double[] raw, int first, int last) {
        double[] v = new double[raw.length];
        Arrays.fill(v, 0, first, Double.NaN);
        Arrays.fill(v, last + 1, v.length, Double.NaN);
        System.arraycopy(raw, first, v, first, last - first + 1);
        Gaps.interpolate(v, first, last, MAX_INTERPOLATED);
        return v;
    }

    /** Places {@code s} on the grid [from, from + n*step): same step copied, finer steps averaged. */
    static double[] onGrid(Series s, long from, long step, int n, String where) throws SourceException {
        return onGrid(s, s.name(), v -> v, from, step, n, where);
    }

    /**
     * {@link #onGrid(Series, long, long, int, String)} of the series' values converted by {@code unit}
     * point by point (as if the series had been converted first); {@code name} is the series' name in errors.
     */
    private static double[] onGrid(Series s, String name, DoubleUnaryOperator unit, long from, long step,
                                   int n, String where) throws SourceException {
        if (s.step() > step)
            throw new CoarserStepException("Graphite returned " + name + " of " + where + " at a " + s.step()
                    + "s step; the configured step is " + step + "s (set metrics.step to a multiple of the stored resolution"
                    + " or give the series a finest archive at the step that covers the look-back)", name, s.step());
        if (step % s.step() != 0)
            throw new SourceException("Graphite returned " + name + " of " + where + " at a " + s.step()
                    + "s step; the configured step is " + step + "s (set metrics.step to a multiple of the stored resolution"
                    + " or shorten the look-back so Graphite reads a finer archive)");
        double[] total = new double[n];
        if (s.step() == step && Math.floorMod(s.start() - from, step) == 0) {
            // one point per grid step: a copy (a single point's mean is the point itself)
            Arrays.fill(total, Double.NaN);
            long offset = Math.floorDiv(s.start() - from, step);
            int i0 = (int) Math.max(0, -offset), i1 = (int) Math.min(s.size(), n - offset);
            for (int i = i0; i < i1; i++) {
                double v = s.valueAt(i);
                if (!Double.isNaN(v)) total[(int) (i + offset)] = unit.applyAsDouble(v);
            }
            return total;
        }
        int[] count = new int[n];
        for (int i = 0; i < s.size(); i++) {
            double v = s.valueAt(i);
            if (Double.isNaN(v)) continue;
            long j = Math.floorDiv(s.timeAt(i) - from, step);
            if (j < 0 || j >= n) continue;
            total[(int) j] += unit.applyAsDouble(v);
            count[(int) j]++;
        }
        for (int j = 0; j < n; j++) total[j] = count[j] == 0 ? Double.NaN : total[j] / count[j];
        return total;
    }

    static double[] nans(int n) {
        double[] v = new double[n];
        Arrays.fill(v, Double.NaN);
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
            if (!Names.isValidNode(id))
                throw new SourceException("series " + Names.printable(s.name()) + " has no usable instance id at node "
                        + m.instanceNode() + " ('" + Names.printable(id) + "'): refusing to guess which instance it is");
            if (out.put(id, s) != null)
                throw new SourceException("Graphite returned two series for instance " + id + " of " + target
                        + " (duplicate targets): refusing to guess which is right");
        }
        return out;
    }
}
