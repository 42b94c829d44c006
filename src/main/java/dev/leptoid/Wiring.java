package dev.leptoid;

import dev.leptoid.actuation.CapacityActuator;
import dev.leptoid.config.LeptoidConfig;
import dev.leptoid.decision.CapacityPolicy;
import dev.leptoid.forecast.AutoForecaster;
import dev.leptoid.forecast.Forecaster;
import dev.leptoid.publication.CarbonPublisher;
import dev.leptoid.publication.CloudWatchPublisher;
import dev.leptoid.publication.DecisionLog;
import dev.leptoid.publication.EventSink;
import dev.leptoid.publication.MetricSink;
import dev.leptoid.publication.Publication;
import dev.leptoid.source.MetricSource;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;

import java.time.Clock;
import java.util.Collection;

/**
 * How a configuration becomes a {@link ScalingRun}; one place for the CLI and the Lambda, so
 * both run the same forecaster, policy and write-back.
 */
public final class Wiring {

    private Wiring() {}

    /** The forecaster leptoid runs with (demo, backtest, run, Lambda). */
    public static Forecaster forecaster() {
        return new AutoForecaster();
    }

    /** Carbon as configured (plaintext or pickle), or a sink that publishes nothing when none is. */
    public static MetricSink carbon(LeptoidConfig config) {
        return config.carbon() == null ? MetricSink.DISCARD : CarbonPublisher.of(config.carbon());
    }

    /**
     * @param source where the run reads Graphite (also where it reads back its own earlier forecasts)
     * @param cloudWatch the client for run health, or null when the configuration names no namespace
     * @param secrets values that must never appear in the decision log
     */
    public static ScalingRun scalingRun(LeptoidConfig config, MetricSource source, CapacityActuator actuator,
                                        MetricSink metrics, EventSink events, CloudWatchClient cloudWatch,
                                        Collection<String> secrets, Clock clock) {
        CloudWatchPublisher health = cloudWatch == null || config.cloudWatchNamespace() == null ? null
                : new CloudWatchPublisher(cloudWatch, config.cloudWatchNamespace());
        Publication publication = new Publication(metrics, events, config.prefix(), source, health,
                new DecisionLog(System.err, secrets));
        return new ScalingRun(source, forecaster(), new CapacityPolicy(), actuator, publication, clock);
    }
}
