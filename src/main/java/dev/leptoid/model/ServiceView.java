package dev.leptoid.model;

import dev.leptoid.source.Series;

import java.util.Map;

/**
 * What leptoid sees of one service: each instance's utilization and the service's offered
 * load (Erlangs), all on one time grid; gaps are NaN.
 *
 * @param serviceTime arrival-weighted mean service time in seconds (sum of utilization over sum of
 *                    arrival rate across instances) per step, or null when the metrics give a direct
 *                    utilization only; used by a latency objective (Erlang C)
 */
public record ServiceView(Map<String, Series> instances, Series offeredLoad, Series serviceTime) {
    public ServiceView {
        instances = Map.copyOf(instances);
    }

    /** A view without service time (direct utilization metrics). */
    public ServiceView(Map<String, Series> instances, Series offeredLoad) {
        this(instances, offeredLoad, null);
    }
}
