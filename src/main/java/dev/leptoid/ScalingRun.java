package dev.leptoid;

import dev.leptoid.actuation.ActuationException;
import dev.leptoid.actuation.CapacityActuator;
import dev.leptoid.actuation.GroupState;
import dev.leptoid.config.EnvironmentConfig;
import dev.leptoid.config.ServiceConfig;
import dev.leptoid.decision.CapacityDecision;
import dev.leptoid.decision.CapacityDecision.Basis;
import dev.leptoid.decision.CapacityDecision.Hold;
import dev.leptoid.decision.CapacityDecision.HoldReason;
import dev.leptoid.decision.CapacityPolicy;
import dev.leptoid.decision.DecisionResolution;
import dev.leptoid.decision.PolicySettings;
import dev.leptoid.forecast.Forecast;
import dev.leptoid.forecast.ForecastResult;
import dev.leptoid.forecast.Forecaster;
import dev.leptoid.model.Gaps;
import dev.leptoid.model.LoadHistory;
import dev.leptoid.model.ServiceView;
import dev.leptoid.publication.DecisionLog;
import dev.leptoid.publication.EventSink;
import dev.leptoid.publication.MetricSink;
import dev.leptoid.publication.Publication;
import dev.leptoid.publication.RunPublisher;
import dev.leptoid.source.MetricSource;
import dev.leptoid.source.Series;
import dev.leptoid.source.SourceException;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One run over one environment: for each service, read -> model -> forecast -> decide ->
 * act -> publish. A failure in one service never stops the others; a service whose data
 * cannot be seen is held, never scaled in.
 */
public final class ScalingRun {

    /** Horizon series h1..hN published per service. */
    public static final int HORIZON_SERIES = 12;

    private final MetricSource source;
    private final LoadHistory history;
    private final Forecaster forecaster;
    private final CapacityPolicy policy;
    private final CapacityActuator actuator;
    private final Publication publication;
    private final Clock clock;

    public ScalingRun(MetricSource source, Forecaster forecaster, CapacityPolicy policy, CapacityActuator actuator,
                      MetricSink metrics, EventSink events, String prefix, Clock clock) {
        this(source, forecaster, policy, actuator, new Publication(metrics, events, prefix, null, null, DecisionLog.stderr()), clock);
    }

    /** With the full write-back: forecast error read back from Graphite, CloudWatch run health, decision log. */
    public ScalingRun(MetricSource source, Forecaster forecaster, CapacityPolicy policy, CapacityActuator actuator,
                      Publication publication, Clock clock) {
        this.source = source;
        this.history = new LoadHistory(source, publication.prefix());
        this.forecaster = forecaster;
        this.policy = policy;
        this.actuator = actuator;
        this.publication = publication;
        this.clock = clock;
    }

    public RunReport run(EnvironmentConfig env) {
        return run(env, env.mode());
    }

    public RunReport run(EnvironmentConfig env, EnvironmentConfig.Mode mode) {
        Instant now = clock.instant();
        long started = System.nanoTime();
        RunPublisher publisher = RunPublisher.of(publication, HORIZON_SERIES);
        List<ServiceOutcome> outcomes = new ArrayList<>();
        List<String> publicationErrors;
        try {
            for (ServiceConfig service : env.services()) {
                ServiceOutcome outcome = runService(env.name(), service, mode, now, publisher);
                outcomes.add(outcome);
                publication.log().decision(env.name(), mode.label(), outcome, now);
                publisher.flush(); // this service's points go out now, after its decision was applied
            }
        } finally {
            long millis = (System.nanoTime() - started) / 1_000_000;
            RunReport partial = new RunReport(env.name(), mode.label(), now, millis, outcomes, List.of());
            publisher.health(env.name(), millis, partial.holds(), partial.actions(), partial.errors(), now.getEpochSecond());
            publicationErrors = publisher.finish();
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        return new RunReport(env.name(), mode.label(), now, millis, outcomes, publicationErrors);
    }

    private ServiceOutcome runService(String env, ServiceConfig service, EnvironmentConfig.Mode mode, Instant now,
                                      RunPublisher publisher) {
        PolicySettings s = service.policy();
        long step = service.metrics().step().toSeconds();
        GroupState group;
        try {
            // no auto_scaling_group configured: the group tagged leptoid:environment/leptoid:service
            group = service.autoScalingGroup() == null ? actuator.find(env, service.name())
                    : actuator.describe(service.autoScalingGroup());
        } catch (ActuationException e) {
            Hold hold = new Hold(HoldReason.GROUP_UNKNOWN, e.getMessage(), -1, Basis.NONE);
            publisher.decision(env, service.name(), null, hold, false, now.getEpochSecond());
            return new ServiceOutcome(service.name(), service.autoScalingGroup(), hold, false, null, null, -1, 0);
        }
        LoadHistory.Reading reading;
        try {
            // the long history from leptoid's own offered-load series; per-instance data for the recent window
            reading = history.read(env, service, now, LoadHistory.recentWindow(service, CapacityPolicy.SERVICE_TIME_WINDOW));
        } catch (SourceException e) {
            HoldReason why = e instanceof dev.leptoid.model.InsufficientDataException ? HoldReason.INSUFFICIENT_DATA : HoldReason.SOURCE_ERROR;
            Hold hold = new Hold(why, e.getMessage(), group.desired(), Basis.NONE);
            publisher.decision(env, service.name(), group, hold, false, now.getEpochSecond());
            return new ServiceOutcome(service.name(), group.name(), hold, false, null, null, -1, 0);
        }
        ServiceView view = reading.view();
        Series load = Gaps.trimLeading(view.offeredLoad());
        int last = load.lastPresentIndex();
        int horizon = Math.max(HORIZON_SERIES,
                (int) Math.ceil((double) (s.leadTime().plus(max(s.runInterval(), s.stabilization())).toSeconds()
                        + Math.min(staleness(load, last, now), s.maxStaleness().toSeconds())) / step));
        ForecastResult forecast = last < 0 ? null
                : DecisionResolution.forecast(forecaster, load.slice(0, last + 1).values(), step, horizon, s.intervalLevel(),
                        DecisionResolution.factor(step, s.runInterval()), DecisionResolution.AGGREGATE);
        CapacityDecision decision = forecast == null
                ? new Hold(HoldReason.NO_DATA, "no data points in the look-back window", group.desired(), Basis.NONE)
                : policy.decide(new CapacityPolicy.Input(load, forecast, group,
                        CapacityPolicy.measuredServiceTime(view.serviceTime(), now),
                        pastRecommendations(env, service, s, now)), s, now);

        boolean applied = false;
        String actuationError = null;
        if (mode == EnvironmentConfig.Mode.ACT && decision instanceof CapacityDecision.ScaleTo t && t.capacity() != t.current()) {
            try {
                actuator.setDesiredCapacity(group.name(), t.capacity());
                applied = true;
            } catch (ActuationException e) {
                if (e.kind() == ActuationException.Kind.BUSY) // not an error: the next run sets it
                    decision = new Hold(HoldReason.GROUP_BUSY, e.getMessage() + " (would set " + t.capacity() + ")",
                            t.current(), t.basis());
                else actuationError = e.getMessage();
            }
        }
        publisher.history(reading.update());
        publisher.actuals(env, service.name(), view, group.inService(), (int) Math.max(1, s.runInterval().toSeconds() / step));
        publisher.forecastError(env, service.name(), load, last, step);
        Forecast published = null;
        if (forecast instanceof Forecast f) {
            publisher.forecast(env, service.name(), f, load.timeAt(last), step);
            published = f;
        }
        publisher.decision(env, service.name(), group, decision, applied, now.getEpochSecond());
        return new ServiceOutcome(service.name(), group.name(), decision, applied, actuationError, published,
                last < 0 ? -1 : load.timeAt(last), view.instances().size());
    }

    /**
     * Capacities recommended by earlier runs within the stabilization window, read back from what
     * they published; null when they cannot be read (the actual load still guards scale-in).
     */
    private Series pastRecommendations(String env, ServiceConfig service, PolicySettings s, Instant now) {
        if (s.stabilization().isZero()) return null;
        String path = dev.leptoid.config.Names.path(publication.prefix(), env, service.name()) + ".capacity.recommended";
        try {
            List<Series> found = source.fetch(path, now.minus(s.stabilization()), now.plusSeconds(1));
            return found.size() == 1 ? found.get(0) : null;
        } catch (SourceException | RuntimeException e) {
            return null;
        }
    }

    /** The forecast reaches over the sizing window and, for scale-in, over the stabilization window ahead. */
    private static java.time.Duration max(java.time.Duration a, java.time.Duration b) { return a.compareTo(b) >= 0 ? a : b; }

    /** Seconds between the last data point and now (the forecast must reach past it). */
    private static long staleness(Series load, int last, Instant now) {
        return last < 0 ? 0 : Math.max(0, now.getEpochSecond() - load.timeAt(last));
    }
}
