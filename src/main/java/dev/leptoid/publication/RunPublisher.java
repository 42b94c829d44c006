package dev.leptoid.publication;

import dev.leptoid.actuation.GroupState;
import dev.leptoid.actuation.LeadTime;
import dev.leptoid.config.Names;
import dev.leptoid.decision.CapacityDecision;
import dev.leptoid.forecast.Forecast;
import dev.leptoid.model.LoadHistory;
import dev.leptoid.model.ServiceView;
import dev.leptoid.source.MetricSource;
import dev.leptoid.source.Series;
import dev.leptoid.source.SourceException;
import dev.leptoid.source.Within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes what one run saw, predicted and decided, in leptoid's naming scheme
 * ({@code <prefix>.<env>.<service>...}; every node sanitized to [A-Za-z0-9_-]); see docs/naming.md.
 * <ul>
 *   <li>{@code offered_load} and {@code utilization} (offered load per in-service instance) at their timestamps,
 *       {@code instances.<id>.utilization} per instance;</li>
 *   <li>{@code forecast.h<k>.{mean,lower,upper}}: forecast for origin + k steps, stored at the origin
 *       (the last data point), so Grafana can show it by shifting forward k steps;</li>
 *   <li>{@code forecast.path.{mean,lower,upper}}: the same forecast at its own future timestamps;</li>
 *   <li>{@code forecast_error.h<k>.{abs,mase}} at the origin: the actual there against the h<k> forecast
 *       made k steps earlier, read back from Graphite;</li>
 *   <li>{@code capacity.{desired,recommended,in_service}} and {@code decision.code} at the run time;</li>
 *   <li>{@code lead_time.{configured,measured}} in seconds at the run time (measured only when it was);</li>
 *   <li>{@code <prefix>.<env>.run.{duration_ms,holds,actions,errors}}.</li>
 * </ul>
 * Graphite events for every scaling action and every hold where leptoid could not do its job ({@link
 * #evented}). Nothing here throws into the run: every failure becomes one line in {@link #finish()}.
 * The requests it makes of Graphite (the forecast error's read-back, the events) end by the service's
 * share of the run's time ({@link #until}): a Graphite that became slow after the data was read costs
 * a line in the report, not the services after it or the Lambda's timeout; after one event fails, the
 * run's other events are not tried (the same endpoint) and are counted in one line.
 */
public final class RunPublisher {

    /** decision.code values. */
    public static final int HOLD = 0, SCALE_OUT = 1, SCALE_IN = 2, NO_CHANGE = 3;
    /**
     * Series (under the service's path) of each run's recommendation before scale-in stabilization
     * ({@link CapacityDecision.ScaleTo#recommended()}), which later runs read back for their window.
     */
    public static final String RECOMMENDED = ".capacity.recommended";

    /**
     * Whether a hold is an event (annotation): when leptoid could not do its job for the service
     * ({@link CapacityDecision.HoldReason#fault()}: data missing, stale or unseen for an InService
     * instance, Graphite or AWS unreachable, a bad configuration) or the history is too short to
     * forecast. Not a {@code deadline} hold: time is short then, and an event is one more request
     * to a Graphite that may be what made the run slow (cut services are counted in {@code run.cut}).
     * Holds for the group's own state (busy, cooldown, suspended, paused, changed) are decisions, in
     * {@code decision.code} and the log, without an event each run.
     */
    public static boolean evented(CapacityDecision.HoldReason code) {
        return code.fault() && code != CapacityDecision.HoldReason.DEADLINE || code == CapacityDecision.HoldReason.INSUFFICIENT_HISTORY;
    }

    private static final Pattern HORIZON_NAME = Pattern.compile(".*\\.forecast\\.h(\\d+)\\.mean$");

    private final MetricSink metrics;
    private final EventSink events;
    private final String prefix;
    private final int horizonSeries;
    private final MetricSource readBack;
    private final RunHealthSink cloudWatch;
    private final List<String> errors = new ArrayList<>();
    private final Set<String> sinkErrors = new LinkedHashSet<>();
    private final Map<String, RunHealth.ServiceHealth> health = new LinkedHashMap<>();
    private final Map<String, Map<Integer, Double>> absErrors = new LinkedHashMap<>();
    private final Map<String, Map<Integer, Double>> maseErrors = new LinkedHashMap<>();
    private RunHealth runHealth;
    /** Points the metric sink could not write in this run. */
    private int failed;
    /** {@link System#nanoTime()} by which requests to Graphite end ({@link Long#MAX_VALUE}: no limit). */
    private long deadline = Long.MAX_VALUE;
    /** Whether an event post failed in this run, and how many were not tried after it. */
    private boolean eventsFailed;
    private int eventsSkipped;

    /**
     * @param readBack where earlier horizon series are read back for the forecast error (Graphite); null: none
     * @param cloudWatch run health to CloudWatch (API or Embedded Metric Format lines); null: none
     */
    public RunPublisher(MetricSink metrics, EventSink events, String prefix, int horizonSeries, MetricSource readBack,
                        RunHealthSink cloudWatch) {
        this.metrics = metrics;
        this.events = events;
        this.prefix = prefix;
        this.horizonSeries = horizonSeries;
        this.readBack = readBack;
        this.cloudWatch = cloudWatch;
    }

    public RunPublisher(MetricSink metrics, EventSink events, String prefix, int horizonSeries) {
        this(metrics, events, prefix, horizonSeries, null, null);
    }

    public static RunPublisher of(Publication p, int horizonSeries) {
        return new RunPublisher(p.metrics(), p.events(), p.prefix(), horizonSeries, p.readBack(), p.cloudWatch());
    }

    /**
     * The time by which this publisher's requests to Graphite for the service published next end: its
     * share of the run's time ({@link System#nanoTime()}; {@link Long#MAX_VALUE}: no limit, the default).
     */
    public void until(long deadlineNanos) {
        this.deadline = deadlineNanos;
    }

    /** Nanoseconds left before the deadline ({@link Long#MAX_VALUE}: no limit). */
    private long left() {
        return deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - System.nanoTime();
    }

    /** Writes the recent actuals ({@code recentPoints} last points) of a service. */
    public void actuals(String env, String service, ServiceView view, int inService, int recentPoints) {
        Series a = view.offeredLoad();
        String base = Names.path(prefix, env, service);
        for (int i = Math.max(0, a.size() - recentPoints); i < a.size(); i++) {
            metrics.send(base + ".offered_load", a.valueAt(i), a.timeAt(i));
            if (inService > 0) metrics.send(base + ".utilization", a.valueAt(i) / inService, a.timeAt(i));
        }
        for (Map.Entry<String, Series> e : view.instances().entrySet()) {
            Series s = e.getValue();
            String p = base + ".instances." + Names.sanitizeNode(e.getKey()) + ".utilization";
            for (int i = Math.max(0, s.size() - recentPoints); i < s.size(); i++) metrics.send(p, s.valueAt(i), s.timeAt(i));
        }
    }

    /**
     * Writes the offered-load history a run computed ({@link dev.leptoid.model.LoadHistory.Reading#update()}, named by
     * the history's base path): each known step to {@code .offered_load}, each unknown one as 1 to {@code .unknown},
     * so the next run reads both instead of recomputing them from the per-instance series.
     */
    public void history(Series update) {
        for (int i = 0; i < update.size(); i++) {
            boolean known = !update.isGap(i);
            metrics.send(update.name() + "." + (known ? LoadHistory.VALUE : LoadHistory.UNKNOWN), known ? update.valueAt(i) : 1, update.timeAt(i));
        }
    }

    /** Writes the horizon series at {@code origin} and the future path. */
    public void forecast(String env, String service, Forecast f, long origin, long step) {
        String base = Names.path(prefix, env, service) + ".forecast";
        for (int k = 0; k < f.horizon(); k++) {
            if (k < horizonSeries) {
                String h = base + ".h" + (k + 1);
                metrics.send(h + ".mean", f.meanAt(k), origin);
                metrics.send(h + ".lower", f.lowerAt(k), origin);
                metrics.send(h + ".upper", f.upperAt(k), origin);
            }
            long t = origin + (k + 1) * step;
            metrics.send(base + ".path.mean", f.meanAt(k), t);
            metrics.send(base + ".path.lower", f.lowerAt(k), t);
            metrics.send(base + ".path.upper", f.upperAt(k), t);
        }
    }

    /**
     * Rolling forecast error at the origin (index {@code last} of {@code load}): for each k, the actual
     * there against {@code forecast.h<k>.mean} as an earlier run stored it at origin - k steps, read back
     * with one /render. Stateless: Graphite is the memory. Horizons without an earlier forecast or an
     * actual are skipped. MASE scales by the mean absolute one-step change of {@code load}.
     */
    public void forecastError(String env, String service, Series load, int last, long step) {
        if (readBack == null || last < 0 || load.isGap(last)) return;
        long origin = load.timeAt(last);
        double actual = load.valueAt(last);
        String base = Names.path(prefix, env, service);
        List<Series> earlier;
        String notComputed = "forecast error for " + env + "." + service + " not computed: ";
        long left = left();
        if (left <= 0) {
            errors.add(notComputed + "no time left of its share of the run's time");
            return;
        }
        try {
            Optional<List<Series>> read = Within.call("leptoid-read-back-" + service, () -> readBack.fetch(base + ".forecast.h*.mean",
                    Instant.ofEpochSecond(origin - (long) horizonSeries * step), Instant.ofEpochSecond(origin)), left);
            if (read.isEmpty()) {
                errors.add(notComputed + "earlier forecasts not read within the time left of its share of the run's time ("
                        + TimeUnit.NANOSECONDS.toMillis(left) + " ms)");
                return;
            }
            earlier = read.get();
        } catch (SourceException | RuntimeException e) {
            errors.add(notComputed + "cannot read earlier forecasts (" + Names.printable(e.getMessage()) + ")");
            return;
        }
        double scale = meanAbsoluteChange(load, last);
        Map<Integer, Double> abs = new TreeMap<>();
        Map<Integer, Double> mase = new TreeMap<>();
        for (Series s : earlier) {
            Matcher m = HORIZON_NAME.matcher(s.name());
            if (!m.matches() || s.step() <= 0) continue;
            int k = Integer.parseInt(m.group(1));
            if (k < 1 || k > horizonSeries) continue;
            long made = origin - k * step;
            long offset = made - s.start();
            if (offset < 0 || offset % s.step() != 0 || offset / s.step() >= s.size()) continue;
            double predicted = s.valueAt((int) (offset / s.step()));
            if (Double.isNaN(predicted)) continue;
            double e = Math.abs(actual - predicted);
            abs.put(k, e);
            metrics.send(base + ".forecast_error.h" + k + ".abs", e, origin);
            if (scale > 0) {
                mase.put(k, e / scale);
                metrics.send(base + ".forecast_error.h" + k + ".mase", e / scale, origin);
            }
        }
        absErrors.put(service, abs);
        maseErrors.put(service, mase);
    }

    /** Mean |y[t] - y[t-1]| over the present pairs up to {@code last}; NaN when there are none. */
    static double meanAbsoluteChange(Series load, int last) {
        double sum = 0;
        int n = 0;
        for (int i = 1; i <= last; i++) {
            if (load.isGap(i) || load.isGap(i - 1)) continue;
            sum += Math.abs(load.valueAt(i) - load.valueAt(i - 1));
            n++;
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** Writes capacity and decision series, and an event for every action and every hold for missing data. */
    public void decision(String env, String service, GroupState group, CapacityDecision d, boolean applied, long now) {
        String base = Names.path(prefix, env, service);
        if (group != null) {
            metrics.send(base + ".capacity.desired", applied && d instanceof CapacityDecision.ScaleTo t ? t.capacity() : group.desired(), now);
            metrics.send(base + ".capacity.in_service", group.inService(), now);
        }
        int code;
        String what = null;
        String kind = null;
        String data = null;
        switch (d) {
            case CapacityDecision.Hold h -> {
                code = HOLD;
                if (evented(h.code())) {
                    kind = "hold";
                    what = "leptoid hold " + service + ": " + h.code().code();
                    data = h.detail();
                }
            }
            case CapacityDecision.ScaleTo t -> {
                metrics.send(base + RECOMMENDED, t.recommended(), now);
                code = switch (t.direction()) { case OUT -> SCALE_OUT; case IN -> SCALE_IN; case NONE -> NO_CHANGE; };
                if (code != NO_CHANGE) {
                    kind = code == SCALE_OUT ? "scale-out" : "scale-in";
                    what = "leptoid " + kind + " " + service + ": " + t.current() + " -> " + t.capacity() + (applied ? "" : " (not applied)");
                    data = String.join("; ", t.reasons());
                }
            }
        }
        metrics.send(base + ".decision.code", code, now);
        health.put(service, RunHealth.ServiceHealth.of(service, d instanceof CapacityDecision.Hold, applied, Map.of(), Map.of()));
        if (what != null) event(env, service, what, kind, data, now);
    }

    private void event(String env, String service, String what, String kind, String data, long now) {
        if (eventsFailed) {
            eventsSkipped++;
            return;
        }
        long left = left();
        if (left <= 0) {
            errors.add("Graphite event for " + env + "." + service + " not posted: no time left of its share of the run's time");
            return;
        }
        String error;
        try {
            error = events.post(what, List.of("leptoid", env, service, kind), data, now, Duration.ofNanos(left));
        } catch (RuntimeException e) {
            error = "Graphite event for " + env + "." + service + " failed: " + e.getClass().getSimpleName();
        }
        if (error != null) {
            errors.add(error);
            eventsFailed = true; // the endpoint failed: the run's other events are not tried
        }
    }

    /**
     * Writes the configured lead time and, when the group's launches gave one, the measured one (the
     * latest look, at most {@link dev.leptoid.actuation.LeadTimeWatch#EVERY} old), in seconds at the run
     * time; nothing for a null look. An unmeasured lead time is a gap, never 0.
     */
    public void leadTime(String env, String service, LeadTime leadTime, long now) {
        if (leadTime == null) return;
        String base = Names.path(prefix, env, service) + ".lead_time";
        metrics.send(base + ".configured", leadTime.configured().toSeconds(), now);
        if (leadTime instanceof LeadTime.Measured m) metrics.send(base + ".measured", m.measured().leadTime().toSeconds(), now);
    }

    /**
     * Writes the run health series under {@code <prefix>.<env>.run}, or under {@code
     * <prefix>.<env>.run.<part>} for a part of the environment (null: the whole), and keeps it for
     * CloudWatch, where it stays per environment (parts add up in a {@code Sum}).
     */
    public void health(String env, String part, long durationMillis, long holds, long actions, long errorCount, long cut,
                       long now) {
        String base = part == null ? Names.path(prefix, env, "run") : Names.path(prefix, env, "run", part);
        metrics.send(base + ".cut", cut, now);
        metrics.send(base + ".duration_ms", durationMillis, now);
        metrics.send(base + ".holds", holds, now);
        metrics.send(base + ".actions", actions, now);
        metrics.send(base + ".errors", errorCount, now);
        List<RunHealth.ServiceHealth> services = new ArrayList<>();
        for (RunHealth.ServiceHealth s : health.values())
            services.add(RunHealth.ServiceHealth.of(s.service(), s.hold(), s.action(),
                    absErrors.getOrDefault(s.service(), Map.of()), maseErrors.getOrDefault(s.service(), Map.of())));
        runHealth = new RunHealth(env, Instant.ofEpochSecond(now), durationMillis, holds, actions, errorCount, services);
    }

    /** Writes what is buffered so far (e.g. after each service), keeping the run's connection open. */
    public void flush() {
        MetricSink.PublishResult r;
        try {
            r = metrics.flush();
        } catch (RuntimeException e) {
            r = new MetricSink.PublishResult(0, 0, "metric sink failed: " + e.getClass().getSimpleName());
        }
        failed += r.failed();
        if (r.error() != null) sinkErrors.add(r.error());
    }

    /** Flushes the metrics, closes the run's connection, sends run health to CloudWatch; returns every publication error. */
    public List<String> finish() {
        flush();
        if (eventsSkipped > 0)
            errors.add(eventsSkipped + " more Graphite event" + (eventsSkipped == 1 ? "" : "s") + " not posted: not tried after the"
                    + " first failed in this run");
        if (!sinkErrors.isEmpty()) errors.add(String.join("; ", sinkErrors) + " (" + failed + " points not published)");
        try {
            metrics.close();
        } catch (RuntimeException e) {
            errors.add("metric sink did not close: " + e.getClass().getSimpleName());
        }
        if (cloudWatch != null && runHealth != null) {
            RunHealth h = new RunHealth(runHealth.environment(), runHealth.time(), runHealth.durationMillis(), runHealth.holds(),
                    runHealth.actions(), runHealth.errors() + errors.size(), runHealth.services());
            try {
                errors.addAll(cloudWatch.publish(h));
            } catch (RuntimeException e) {
                errors.add("CloudWatch run health failed: " + e.getClass().getSimpleName());
            }
        }
        return List.copyOf(errors);
    }
}
