package dev.leptoid.simulation;

import dev.leptoid.publication.MetricSink;
import dev.leptoid.source.MetricSource;

/** Writes replayed traffic to a real Graphite through Carbon and reads it back through /render. */
public final class GraphiteTrafficStore implements TrafficStore {

    private final MetricSink carbon;
    private final MetricSource render;

    public GraphiteTrafficStore(MetricSink carbon, MetricSource render) {
        this.carbon = carbon;
        this.render = render;
    }

    @Override public void put(String path, long epochSeconds, double value) { carbon.send(path, value, epochSeconds); }

    @Override public String flush() {
        MetricSink.PublishResult r = carbon.flush();
        return r.ok() ? null : r.error();
    }

    @Override public MetricSource source() { return render; }
}
