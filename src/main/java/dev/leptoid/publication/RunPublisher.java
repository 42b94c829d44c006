package dev.leptoid.publication;

import dev.leptoid.actuation.GroupState;
import dev.leptoid.config.Names;
import dev.leptoid.decision.CapacityDecision;
import dev.leptoid.forecast.Forecast;
import dev.leptoid.model.ServiceView;
import dev.leptoid.source.Series;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes what a run saw, predicted and decided, in leptoid's naming scheme
 * ({@code <prefix>.<env>.<service>...}; every node sanitized to [A-Za-z0-9_-]).
 * <ul>
 *   <li>{@code offered_load} and {@code utilization} (offered load per in-service instance) at their timestamps,
 *       {@code instances.<id>.utilization} per instance;</li>
 *   <li>{@code forecast.h<k>.{mean,lower,upper}}: forecast for origin + k steps, stored at the origin
 *       (the last data point), so Grafana can show it by shifting forward k steps;</li>
 *   <li>{@code forecast.path.{mean,lower,upper}}: the same forecast at its own future timestamps;</li>
 *   <li>{@code capacity.{desired,recommended,in_service}} and {@code decision.code} at the run time.</li>
 * </ul>
 */
public final class RunPublisher {

    /** decision.code values. */
    public static final int HOLD = 0, SCALE_OUT = 1, SCALE_IN = 2, NO_CHANGE = 3;

    private final MetricSink metrics;
    private final EventSink events;
    private final String prefix;
    private final int horizonSeries;
    private final List<String> errors = new ArrayList<>();

    public RunPublisher(MetricSink metrics, EventSink events, String prefix, int horizonSeries) {
        this.metrics = metrics;
        this.events = events;
        this.prefix = prefix;
        this.horizonSeries = horizonSeries;
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

    /** Writes capacity and decision series, and an event for every action and every hold. */
    public void decision(String env, String service, GroupState group, CapacityDecision d, boolean applied, long now) {
        String base = Names.path(prefix, env, service);
        if (group != null) {
            metrics.send(base + ".capacity.desired", applied && d instanceof CapacityDecision.ScaleTo t ? t.capacity() : group.desired(), now);
            metrics.send(base + ".capacity.in_service", group.inService(), now);
        }
        int code;
        String what;
        String data;
        switch (d) {
            case CapacityDecision.Hold h -> {
                code = HOLD;
                what = "hold: " + h.code().code();
                data = h.detail();
            }
            case CapacityDecision.ScaleTo t -> {
                metrics.send(base + ".capacity.recommended", t.capacity(), now);
                code = switch (t.direction()) { case OUT -> SCALE_OUT; case IN -> SCALE_IN; case NONE -> NO_CHANGE; };
                what = (t.direction() == CapacityDecision.Direction.IN ? "scale-in " : "scale-out ") + t.current() + " -> " + t.capacity()
                        + (applied ? "" : " (not applied)");
                data = String.join("; ", t.reasons());
            }
        }
        metrics.send(base + ".decision.code", code, now);
        if (code != NO_CHANGE) {
            String error = events.post(what, List.of("leptoid", env, service), data, now);
            if (error != null) errors.add(error);
        }
    }

    /** Run health: duration, holds, actions, errors. */
    public void health(String env, long durationMillis, long holds, long actions, long errorCount, long now) {
        String base = Names.path(prefix, env, "run");
        metrics.send(base + ".duration_ms", durationMillis, now);
        metrics.send(base + ".holds", holds, now);
        metrics.send(base + ".actions", actions, now);
        metrics.send(base + ".errors", errorCount, now);
    }

    /** Flushes the metrics; returns every publication error of this run (one line each). */
    public List<String> finish() {
        MetricSink.PublishResult r = metrics.flush();
        if (r.error() != null) errors.add(r.error() + " (" + r.failed() + " points not published)");
        return List.copyOf(errors);
    }
}
