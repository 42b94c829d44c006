package dev.leptoid.simulation;

import dev.leptoid.publication.MetricSink;
import dev.leptoid.source.MetricSource;

/** Where a replay writes the per-instance traffic it generates, and where leptoid reads it back. */
public interface TrafficStore {

    void put(String path, long epochSeconds, double value);

    /** Makes what was put readable through {@link #source()}; returns a one-line error or null. */
    String flush();

    MetricSource source();

    /** Where leptoid's own series go so that {@link #source()} reads them back (Graphite: Carbon already does). */
    default MetricSink published(MetricSink metrics) { return metrics; }

    /** In memory: {@link RecordedMetrics}. */
    static TrafficStore inMemory(long start, long step) {
        RecordedMetrics m = new RecordedMetrics(start, step);
        return new TrafficStore() {
            @Override public void put(String path, long t, double v) { m.put(path, t, v); }
            @Override public String flush() { return null; }
            @Override public MetricSource source() { return m; }
            @Override public MetricSink published(MetricSink metrics) { return m.echoing(metrics); }
        };
    }
}
