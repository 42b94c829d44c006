package dev.leptoid.publication;

import java.util.List;

/**
 * Where a run's health goes: CloudWatch through the {@code PutMetricData} API
 * ({@link CloudWatchPublisher}) or as Embedded Metric Format log lines ({@link EmfRunHealth}).
 * Both carry the same metrics, so alarms and dashboards do not depend on the choice.
 */
public interface RunHealthSink {

    /** Publishes a run's health; returns the errors (one line each), empty when all went out. Never throws. */
    List<String> publish(RunHealth health);
}
