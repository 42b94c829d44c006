package dev.leptoid.model;

import dev.leptoid.source.Series;

import java.util.Map;

/**
 * What leptoid sees of one service: each instance's utilization and the service's offered
 * load (Erlangs), all on one time grid; gaps are NaN.
 */
public record ServiceView(Map<String, Series> instances, Series offeredLoad) {
    public ServiceView {
        instances = Map.copyOf(instances);
    }
}
