package dev.leptoid.config;

import java.time.Duration;
import java.util.Optional;

/**
 * Where a service's per-instance load is in Graphite. Either arrival rate and service time
 * (utilization = rate x time), or a direct utilization metric. Templates may use
 * {environment}, {service} and {instance}; {instance} is read with a wildcard and the
 * instance id is the path node at {@code instanceNode} (0-based).
 */
public record MetricsConfig(Optional<String> arrivalRate, RateUnit arrivalRateUnit,
                            Optional<String> serviceTime, TimeUnit serviceTimeUnit,
                            Optional<String> utilization, UtilizationUnit utilizationUnit,
                            int instanceNode, Duration step, Duration lookback) {

    public enum RateUnit {
        PER_SECOND(1), PER_MINUTE(1.0 / 60), PER_INTERVAL(Double.NaN);
        private final double toPerSecond;
        RateUnit(double f) { this.toPerSecond = f; }
        /** Requests per second from a value in this unit, for points {@code stepSeconds} apart. */
        public double perSecond(double v, long stepSeconds) {
            return this == PER_INTERVAL ? v / stepSeconds : v * toPerSecond;
        }
    }

    public enum TimeUnit {
        SECONDS(1), MILLISECONDS(1e-3), MICROSECONDS(1e-6);
        private final double toSeconds;
        TimeUnit(double f) { this.toSeconds = f; }
        public double seconds(double v) { return v * toSeconds; }
    }

    public enum UtilizationUnit {
        FRACTION(1), PERCENT(0.01);
        private final double toFraction;
        UtilizationUnit(double f) { this.toFraction = f; }
        public double fraction(double v) { return v * toFraction; }
    }

    public boolean direct() { return utilization.isPresent(); }

    /** The template with {environment} and {service} filled in and {instance} as a wildcard. */
    public static String expand(String template, String environment, String service) {
        return template.replace("{environment}", environment).replace("{service}", service).replace("{instance}", "*");
    }
}
