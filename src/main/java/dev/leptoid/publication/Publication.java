package dev.leptoid.publication;

import dev.leptoid.config.Names;
import dev.leptoid.source.MetricSource;

/**
 * Where a run writes back what it did.
 *
 * @param metrics Carbon (or a directory)
 * @param events Graphite events (or a directory)
 * @param prefix first node of every published path
 * @param readBack where earlier horizon series are read back for the forecast error (the Graphite source); null: no error series
 * @param cloudWatch run health metrics; null: none
 * @param log one JSON line per decision; {@link DecisionLog#NONE} to keep quiet
 */
public record Publication(MetricSink metrics, EventSink events, String prefix, MetricSource readBack,
                          RunHealthSink cloudWatch, DecisionLog log) {

    public Publication {
        Names.requireNode("publish prefix", prefix);
        if (metrics == null || events == null || log == null) throw new IllegalArgumentException("metrics, events and log are required");
    }
}
