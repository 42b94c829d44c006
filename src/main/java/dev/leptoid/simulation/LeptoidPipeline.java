package dev.leptoid.simulation;

import dev.leptoid.RunReport;
import dev.leptoid.ScalingRun;
import dev.leptoid.ServiceOutcome;
import dev.leptoid.actuation.ActuationException;
import dev.leptoid.actuation.CapacityActuator;
import dev.leptoid.actuation.GroupState;
import dev.leptoid.actuation.SimulatedAutoScaling;
import dev.leptoid.config.EnvironmentConfig;
import dev.leptoid.config.ForecastSettings;
import dev.leptoid.config.MetricsConfig;
import dev.leptoid.config.ServiceConfig;
import dev.leptoid.model.LoadHistory;
import dev.leptoid.decision.CapacityPolicy;
import dev.leptoid.config.PolicySettings;
import dev.leptoid.forecast.Forecast;
import dev.leptoid.forecast.Forecaster;
import dev.leptoid.publication.DecisionLog;
import dev.leptoid.publication.EventSink;
import dev.leptoid.publication.MetricSink;
import dev.leptoid.publication.Publication;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import dev.leptoid.decision.CapacityDecision;

/**
 * leptoid itself in a backtest: every minute the traffic is written per instance ({@link InstancePool})
 * to an in-memory Graphite, and at each run
 * interval the real {@link ScalingRun} reads it back, forecasts, decides and sets the group.
 * What it publishes goes to {@code published} (e.g. a directory), or nowhere.
 */
public final class LeptoidPipeline implements ReplayPolicy {

    public static final String ENVIRONMENT = "backtest";
    public static final String SERVICE = "web";
    public static final String GROUP = "backtest-web";

    private final Forecaster forecaster;
    private final PolicySettings settings;
    private final ForecastSettings forecast;
    private final Duration lookback;
    private final MetricSink metrics;
    private final EventSink events;
    private final MutableClock clock = new MutableClock(Instant.EPOCH);
    private final List<Prediction> predictions = new ArrayList<>();
    private final InstancePool pool = new InstancePool(ENVIRONMENT, SERVICE);
    private RecordedMetrics store;
    private ScalingRun run;
    private EnvironmentConfig env;
    private int holds;
    private final boolean readBack;

    public LeptoidPipeline(Forecaster forecaster, PolicySettings settings, ForecastSettings forecast, Duration lookback,
                           MetricSink metrics, EventSink events) {
        this(forecaster, settings, forecast, lookback, metrics, events, true);
    }

    /**
     * @param readBack whether runs read back the recommendations of earlier runs (as production does); without,
     *                 the policy {@link #WITHOUT_READ_BACK}: scale-in rests on the window's actual peak and the
     *                 forecast ahead only
     */
    public LeptoidPipeline(Forecaster forecaster, PolicySettings settings, ForecastSettings forecast, Duration lookback,
                           MetricSink metrics, EventSink events, boolean readBack) {
        this.readBack = readBack;
        this.forecaster = forecaster;
        this.settings = settings;
        this.forecast = forecast;
        this.lookback = lookback;
        this.metrics = metrics;
        this.events = events;
    }

    /** Discards what leptoid publishes. */
    public LeptoidPipeline(Forecaster forecaster, PolicySettings settings, ForecastSettings forecast, Duration lookback) {
        this(forecaster, settings, forecast, lookback, MetricSink.DISCARD, (what, tags, data, t, within) -> null);
    }

    /** The name of leptoid replayed without reading back earlier runs' recommendations. */
    public static final String WITHOUT_READ_BACK = "leptoid-no-readback";

    @Override public String name() { return readBack ? "leptoid" : WITHOUT_READ_BACK; }

    /** Runs that held (no data, stale, too little history, ...). */
    public int holds() { return holds; }

    @Override
    public void endOfMinute(Past past, GroupState group, CapacityActuator actuator) throws ActuationException {
        int now = past.now();
        long t = past.timeAt(now);
        if (run == null) start(past.timeAt(0), group.name(), actuator);
        double lambda = past.arrivalRate(now), s = past.serviceTime(now);
        int n = past.inService(now);
        pool.write(store::put, t, lambda, s, n);
        long end = t + Workload.MINUTE;
        if ((end - past.timeAt(0)) % settings.runInterval().toSeconds() != 0) return;
        clock.set(Instant.ofEpochSecond(end));
        RunReport report = run.run(env);
        ServiceOutcome o = report.services().get(0);
        if (o.decision() instanceof CapacityDecision.Hold) holds++;
        if (o.forecast() instanceof Forecast f && o.forecastOrigin() >= 0) {
            long lead = settings.leadTime().toSeconds();
            int k = (int) ((end + lead - o.forecastOrigin()) / Workload.MINUTE) - 1;
            if (k >= 0 && k < f.horizon()) {
                // the sizing window [end + lead, end + lead + interval) starts at minute k
                int window = (int) (settings.runInterval().toSeconds() / Workload.MINUTE);
                double windowUpper = Double.NEGATIVE_INFINITY;
                for (int j = k; j < Math.min(f.horizon(), k + window); j++) windowUpper = Math.max(windowUpper, f.upperAt(j));
                predictions.add(new Prediction(o.forecastOrigin() + (k + 1) * Workload.MINUTE,
                        o.forecastOrigin() + (k + 1) * Workload.MINUTE - end, f.meanAt(k), f.lowerAt(k), f.upperAt(k),
                        window * Workload.MINUTE, windowUpper));
            }
        }
    }

    private void start(long start, String group, CapacityActuator actuator) {
        // the grid starts a look-back before the trace, so the history leptoid publishes about that time (unknown
        // load) is kept like Graphite would keep it, and later runs do not read it again from the instances
        MetricsConfig mc = InstancePool.metrics(Duration.ofSeconds(Workload.MINUTE), lookback);
        ServiceConfig service = new ServiceConfig(SERVICE, group, mc, settings, forecast);
        // each run reads the instances over its recent window only (the rest from the history it publishes, kept
        // whole): twice that window of each instance is all the store keeps, so thousands of instances fit
        int keep = (int) (2 * LoadHistory.recentWindow(service, CapacityPolicy.SERVICE_TIME_WINDOW).toSeconds() / Workload.MINUTE);
        store = new RecordedMetrics(start - lookback.toSeconds() / Workload.MINUTE * Workload.MINUTE, Workload.MINUTE, keep);
        env = new EnvironmentConfig(ENVIRONMENT, EnvironmentConfig.Mode.ACT, List.of(service));
        run = new ScalingRun(store, forecaster, new CapacityPolicy(), actuator,
                new Publication(store.echoing(metrics, readBack), events, "leptoid", null, null, DecisionLog.NONE), clock);
    }

    @Override public List<Prediction> predictions() { return List.copyOf(predictions); }
}
