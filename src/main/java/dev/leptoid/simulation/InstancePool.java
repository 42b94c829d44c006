package dev.leptoid.simulation;

import dev.leptoid.actuation.SimulatedAutoScaling;
import dev.leptoid.config.MetricsConfig;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The instances of a replayed service, as leptoid reads them from Graphite: slots of a pool, one rule for
 * every replay. Each minute the first {@code inService} slots serve the traffic evenly and report their share
 * of the arrival rate and the service time; a slot out of service (terminated, or not launched again yet)
 * reports zero requests, like an instance drained from its load balancer. Writing nothing there instead
 * would make a slot reused after a silence read as an interior gap of that instance, i.e. unknown load
 * (see docs/backtest.md).
 */
final class InstancePool {

    /** Where a minute's points go: a {@link TrafficStore} or {@link RecordedMetrics}. */
    interface Sink { void put(String path, long epochSeconds, double value); }

    private final String prefix;
    private final List<String> paths = new ArrayList<>();

    InstancePool(String environment, String service) { this.prefix = "app." + environment + "." + service + "."; }

    /** Where the pool's series are, as a service's metrics configuration. */
    static MetricsConfig metrics(Duration step, Duration lookback) {
        return new MetricsConfig(Optional.of("app.{environment}.{service}.{instance}.requests_per_second"),
                MetricsConfig.RateUnit.PER_SECOND, Optional.of("app.{environment}.{service}.{instance}.service_time_ms"),
                MetricsConfig.TimeUnit.MILLISECONDS, Optional.empty(), MetricsConfig.UtilizationUnit.FRACTION, 3, step, lookback);
    }

    /**
     * Writes the minute at {@code t}: {@code perSecond} requests per second spread over {@code inService} slots,
     * {@code seconds} per request. Unknown traffic writes nothing (a gap, never zero).
     */
    void write(Sink sink, long t, double perSecond, double seconds, int inService) {
        if (Double.isNaN(perSecond) || Double.isNaN(seconds)) return;
        while (paths.size() < 2 * inService) {
            String base = prefix + SimulatedAutoScaling.slotId(paths.size() / 2); // the ids the simulated group lists
            paths.add(base + ".requests_per_second");
            paths.add(base + ".service_time_ms");
        }
        for (int k = 0; k < paths.size() / 2; k++) {
            sink.put(paths.get(2 * k), t, k < inService ? perSecond / inService : 0);
            if (k < inService) sink.put(paths.get(2 * k + 1), t, seconds * 1000);
        }
    }
}
