package dev.leptoid.model;

import dev.leptoid.source.Series;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What leptoid sees of one service: each instance's utilization and the service's offered
 * load (Erlangs), all on one time grid; gaps are NaN, never zero.
 *
 * @param instances each instance's utilization by id (as in {@link InstanceView#utilization()})
 * @param offeredLoad sum of the counted instances' utilization; starts at the first point any
 *                    instance has (leading missing data is cut); NaN where any counted instance's
 *                    value is unknown
 * @param serviceTime arrival-weighted mean service time in seconds (sum of utilization over sum of
 *                    arrival rate across instances) per step, or null when the metrics give a direct
 *                    utilization only; used by a latency objective (Erlang C)
 * @param details per instance: points, gaps, last value, status
 * @param problems one line per thing an operator should know (long gaps, stopped instances...)
 */
public record ServiceView(Map<String, Series> instances, Series offeredLoad, Series serviceTime,
                          List<InstanceView> details, List<String> problems) {

    public ServiceView {
        instances = Map.copyOf(instances);
        details = List.copyOf(details);
        problems = List.copyOf(problems);
    }

    public ServiceView(Map<String, Series> instances, Series offeredLoad, Series serviceTime) {
        this(instances, offeredLoad, serviceTime, List.of(), List.of());
    }

    /** A view without service time (direct utilization metrics). */
    public ServiceView(Map<String, Series> instances, Series offeredLoad) {
        this(instances, offeredLoad, null);
    }

    /** Instances that count at the service's newest time (reporting or warming up). */
    public int reporting() {
        int n = 0;
        for (InstanceView i : details)
            if (i.status() == InstanceView.Status.REPORTING || i.status() == InstanceView.Status.WARMING_UP) n++;
        return n;
    }

    static Map<String, Series> byId(List<InstanceView> details) {
        Map<String, Series> m = new LinkedHashMap<>();
        for (InstanceView i : details) m.put(i.id(), i.utilization());
        return m;
    }
}
