package dev.leptoid;

import dev.leptoid.actuation.ActuationException;
import dev.leptoid.actuation.CapacityActuator;
import dev.leptoid.actuation.GroupState;
import dev.leptoid.actuation.LeadTime;
import dev.leptoid.config.EnvironmentConfig;
import dev.leptoid.config.Names;
import dev.leptoid.config.ServiceConfig;
import dev.leptoid.decision.CapacityDecision;
import dev.leptoid.decision.CapacityDecision.Basis;
import dev.leptoid.decision.CapacityDecision.Hold;
import dev.leptoid.decision.CapacityDecision.HoldReason;
import dev.leptoid.decision.CapacityPolicy;
import dev.leptoid.decision.Coverage;
import dev.leptoid.decision.DecisionResolution;
import dev.leptoid.decision.GroupStates;
import dev.leptoid.config.PolicySettings;
import dev.leptoid.forecast.Forecast;
import dev.leptoid.forecast.ForecastResult;
import dev.leptoid.forecast.Forecaster;
import dev.leptoid.forecast.Refits;
import dev.leptoid.model.Gaps;
import dev.leptoid.model.InsufficientDataException;
import dev.leptoid.model.LoadHistory;
import dev.leptoid.model.Outliers;
import dev.leptoid.model.ServiceView;
import dev.leptoid.publication.DecisionLog;
import dev.leptoid.publication.EventSink;
import dev.leptoid.publication.MetricSink;
import dev.leptoid.publication.Publication;
import dev.leptoid.publication.RunPublisher;
import dev.leptoid.source.MetricSource;
import dev.leptoid.source.Series;
import dev.leptoid.source.SourceException;
import dev.leptoid.source.Within;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

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
    /** Each service's fitted model, kept for as long as this run object lives (a warm Lambda container). */
    private final Refits refits = new Refits();
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

    /** The fits this run keeps between its runs, and how often they were carried forward. */
    public Refits refits() { return refits; }

    /** The least time a service is given; with less left before the deadline it is cut (held unread). */
    public static final Duration SERVICE_RESERVE = Duration.ofSeconds(2);

    /**
     * The least time left of a service's share in which a run starts to set its group: a set cut short leaves
     * unknown whether it was applied, so with less left nothing is set (one API call is tens of ms; a second
     * leaves room for one retry of a throttled or dropped call).
     */
    static final Duration SET_RESERVE = Duration.ofSeconds(1);

    public RunReport run(EnvironmentConfig env) {
        return run(env, env.mode());
    }

    public RunReport run(EnvironmentConfig env, EnvironmentConfig.Mode mode) {
        return run(env, mode, null);
    }

    /**
     * One run with a time limit: each service is given what is left before the deadline less
     * {@link #SERVICE_RESERVE} for each service after it, to see its group and data; one that
     * cannot in that time, or is reached with less than the reserve left, holds ({@code deadline}),
     * so one unreachable dependency never keeps the healthy services after it from being decided.
     *
     * @param timeLimit how long the run may take (null: no limit)
     */
    public RunReport run(EnvironmentConfig env, EnvironmentConfig.Mode mode, Duration timeLimit) {
        return run(env, mode, timeLimit, null);
    }

    /**
     * One run of a part of an environment (a shard, or a list of services) that may run at the same
     * time as its other parts: its run health goes to {@code <prefix>.<env>.run.<healthNode>}, so the
     * parts do not overwrite each other's (null: the whole environment, {@code <prefix>.<env>.run}).
     */
    public RunReport run(EnvironmentConfig env, EnvironmentConfig.Mode mode, Duration timeLimit, String healthNode) {
        Instant now = clock.instant();
        long started = System.nanoTime();
        long deadline = timeLimit == null ? Long.MAX_VALUE : started + timeLimit.toNanos();
        RunPublisher publisher = RunPublisher.of(publication, HORIZON_SERIES);
        List<ServiceOutcome> outcomes = new ArrayList<>();
        Map<String, String> groups = new HashMap<>(); // group name -> the service that sized it in this run
        List<String> publicationErrors;
        try {
            List<ServiceConfig> services = env.services();
            for (int i = 0; i < services.size(); i++) {
                ServiceConfig service = services.get(i);
                long budget = timeLimit == null ? UNLIMITED
                        : deadline - System.nanoTime() - (services.size() - i - 1) * SERVICE_RESERVE.toNanos();
                ServiceOutcome outcome;
                // this service's requests, its publication's included, end within its share
                publisher.until(budget == UNLIMITED ? UNLIMITED : System.nanoTime() + Math.max(budget, SERVICE_RESERVE.toNanos()));
                try {
                    outcome = budget != UNLIMITED && budget < SERVICE_RESERVE.toNanos() / 2
                            ? held(env.name(), service, null, new Hold(HoldReason.DEADLINE, "the run's time limit of "
                                    + timeLimit.toSeconds() + " s left too little for this service (" + (services.size() - i)
                                    + " still to do): not read, nothing changed", -1, Basis.NONE), now, publisher)
                            : runService(env.name(), service, mode, now, publisher, Math.max(budget, SERVICE_RESERVE.toNanos()), groups);
                } catch (RuntimeException e) {
                    // a bug or an input nothing else caught: this service holds, the others go on
                    outcome = held(env.name(), service, null, new Hold(HoldReason.INTERNAL_ERROR, "leptoid failed on "
                            + service.name() + ": " + oneLine(e), -1, Basis.NONE), now, publisher);
                }
                outcomes.add(outcome);
                publication.log().decision(env.name(), mode.label(), outcome, now);
                publisher.flush(); // this service's points go out now, after its decision was applied
            }
        } finally {
            long millis = (System.nanoTime() - started) / 1_000_000;
            RunReport partial = new RunReport(env.name(), mode.label(), now, millis, outcomes, List.of());
            publisher.health(env.name(), healthNode, millis, partial.holds(), partial.actions(), partial.errors(), partial.cut(),
                    now.getEpochSecond());
            publicationErrors = publisher.finish();
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        return new RunReport(env.name(), mode.label(), now, millis, outcomes, publicationErrors);
    }

    private static final long UNLIMITED = Long.MAX_VALUE;

    /**
     * What a run sees of a service before deciding: its group and data, or why it cannot see them.
     *
     * @param unread why earlier runs' recommendations could not be read (null: read, or none needed)
     */
    private record Observation(GroupState group, LoadHistory.Reading reading, Series recommendations, String unread, Hold hold) {
        static Observation held(GroupState group, Hold hold) { return new Observation(group, null, null, null, hold); }
    }

    private Observation observe(String env, ServiceConfig service, Instant now) {
        GroupState group;
        try {
            // no auto_scaling_group configured: the group tagged leptoid:environment/leptoid:service
            group = service.autoScalingGroup() == null ? actuator.find(env, service.name())
                    : actuator.describe(service.autoScalingGroup());
        } catch (ActuationException e) {
            HoldReason why = e.kind() == ActuationException.Kind.UNSUPPORTED ? HoldReason.BAD_CONFIG : HoldReason.GROUP_UNKNOWN;
            return Observation.held(null, new Hold(why, e.getMessage(), -1, Basis.NONE));
        }
        try {
            // the long history from leptoid's own offered-load series; per-instance data for the recent window
            LoadHistory.Reading reading = history.read(env, service, now,
                    LoadHistory.recentWindow(service, CapacityPolicy.SERVICE_TIME_WINDOW), group.listedIds());
            Series recommendations = null;
            String unread = null;
            try {
                recommendations = pastRecommendations(env, service, service.policy(), now);
            } catch (SourceException | RuntimeException e) {
                unread = "earlier runs' recommendations not read (" + Names.printable(e.getMessage()) + "): the scale-in"
                        + " window rests on its actual peak and the forecast";
            }
            return new Observation(group, reading, recommendations, unread, null);
        } catch (SourceException e) {
            HoldReason why = e instanceof InsufficientDataException ? HoldReason.INSUFFICIENT_DATA : HoldReason.SOURCE_ERROR;
            return Observation.held(group, new Hold(why, e.getMessage(), group.desired(), Basis.NONE));
        }
    }

    /** Nanoseconds left of a service's {@code budget} that started at {@code started}. */
    private static long left(long budget, long started) {
        return budget == UNLIMITED ? UNLIMITED : budget - (System.nanoTime() - started);
    }

    /** A call to the group's API within {@code nanos} ({@link Within}); without a limit, on this thread. */
    private static <T> Optional<T> within(String thread, Within.Call<T, ActuationException> call, long nanos) throws ActuationException {
        return nanos == UNLIMITED ? Optional.of(call.run()) : Within.call(thread, call, nanos);
    }

    /** {@link #observe} within {@code budget} nanoseconds; a hold ({@code deadline}) when it takes longer. */
    private Observation observeWithin(String env, ServiceConfig service, Instant now, long budget) {
        if (budget == UNLIMITED) return observe(env, service, now);
        return Within.call("leptoid-observe-" + service.name(), () -> observe(env, service, now), budget)
                .orElseGet(() -> Observation.held(null, new Hold(HoldReason.DEADLINE, "reading the group and data"
                        + " did not finish within this service's share of the run's time (" + TimeUnit.NANOSECONDS.toMillis(budget)
                        + " ms): nothing changed", -1, Basis.NONE)));
    }

    private ServiceOutcome runService(String env, ServiceConfig service, EnvironmentConfig.Mode mode, Instant now,
                                      RunPublisher publisher, long budget, Map<String, String> groups) {
        long serviceStarted = System.nanoTime();
        PolicySettings s = service.policy();
        long step = service.metrics().step().toSeconds();
        // reading may take the share but for the time a change needs (SET_RESERVE <= SERVICE_RESERVE / 2)
        Observation seen = observeWithin(env, service, now, budget == UNLIMITED ? UNLIMITED : budget - SET_RESERVE.toNanos());
        GroupState group = seen.group();
        if (seen.hold() != null) return held(env, service, group, seen.hold(), now, publisher);
        String other = groups.putIfAbsent(group.name(), service.name());
        if (other != null) // e.g. one named by one service and found by its tags for another
            return held(env, service, group, new Hold(HoldReason.BAD_CONFIG, group.name() + " is also the group of " + other
                    + " in this run: each would size it for its own load alone, so only " + other + " decides it (one group, one"
                    + " service)", group.desired(), Basis.NONE), now, publisher);
        ServiceView view = seen.reading().view();
        Outliers.Filtered believed = Outliers.filter(Gaps.trimLeading(view.offeredLoad()));
        Series load = believed.load();
        int last = load.lastPresentIndex();
        Forecaster refitted = (history, st, horizon, level) -> refits.forecast(forecaster, env + "." + service.name(),
                load.timeAt(last), service.forecast().refitInterval(), history, st, horizon, level);
        ForecastResult forecast = last < 0 ? null
                : DecisionResolution.forecast(refitted, load.slice(0, last + 1).values(), step,
                        forecastHorizon(s, step, staleness(load, last, now)), s.intervalLevel(),
                        DecisionResolution.factor(step, s.runInterval()), DecisionResolution.AGGREGATE,
                        DecisionResolution.Bursts.of(s, step));
        CapacityDecision decision = forecast == null
                ? new Hold(HoldReason.NO_DATA, "no data points in the look-back window", group.desired(), Basis.NONE)
                : policy.decide(new CapacityPolicy.Input(load, forecast, group,
                        CapacityPolicy.measuredServiceTime(view.serviceTime(), now), seen.recommendations()), s, now);
        decision = noted(noted(noted(GroupStates.guard(group, Coverage.of(view, group, now, s.maxStaleness()).guard(decision)),
                believed.note()), seen.reading().limited()), seen.unread());
        // the calls around a change end within the service's share too: a group API that stops answering
        // costs this service's change, not the run's time limit and the services after it
        if (decision instanceof CapacityDecision.ScaleTo t && t.capacity() != t.current())
            decision = unlessFought(group, t, left(budget, serviceStarted));
        if (decision instanceof CapacityDecision.ScaleTo t && t.capacity() < t.current())
            decision = unlessRefreshing(group, t, left(budget, serviceStarted));

        boolean applied = false;
        String actuationError = null;
        if (mode == EnvironmentConfig.Mode.ACT && decision instanceof CapacityDecision.ScaleTo t && t.capacity() != t.current()) {
            decision = unlessChanged(group, t, left(budget, serviceStarted));
            long left = left(budget, serviceStarted);
            if (decision == t && left < SET_RESERVE.toNanos())
                decision = new Hold(HoldReason.DEADLINE, "this service's share of the run's time left "
                        + TimeUnit.NANOSECONDS.toMillis(left) + " ms, too little to set " + group.name() + " to " + t.capacity()
                        + " and know that it was set: nothing changed", t.current(), t.basis());
            if (decision == t) {
                try {
                    if (within("leptoid-set-" + service.name(), () -> {
                        actuator.setDesiredCapacity(group.name(), t.capacity());
                        return true;
                    }, left).isPresent()) applied = true;
                    else actuationError = "setting " + group.name() + " to " + t.capacity() + " did not answer within this"
                            + " service's share of the run's time (" + TimeUnit.NANOSECONDS.toMillis(left) + " ms): whether it"
                            + " was applied is unknown; the next run reads the group and decides again";
                } catch (ActuationException e) {
                    if (e.kind() == ActuationException.Kind.BUSY) // not an error: the next run sets it
                        decision = new Hold(HoldReason.GROUP_BUSY, e.getMessage() + " (would set " + t.capacity() + ")",
                                t.current(), t.basis());
                    else actuationError = e.getMessage();
                }
            }
        }
        publisher.history(seen.reading().update());
        publisher.actuals(env, service.name(), view, group.inService(), (int) Math.max(1, s.runInterval().toSeconds() / step));
        publisher.forecastError(env, service.name(), load, last, step);
        Forecast published = null;
        if (forecast instanceof Forecast f) {
            publisher.forecast(env, service.name(), f, load.timeAt(last), step);
            published = f;
        }
        publisher.decision(env, service.name(), group, decision, applied, now.getEpochSecond());
        // informational, after the decision: the group's measured lead time beside the configured one
        LeadTime leadTime = LeadTimeCheck.within(actuator, group.name(), s.leadTime(), now, left(budget, serviceStarted));
        publisher.leadTime(env, service.name(), leadTime, now.getEpochSecond());
        return new ServiceOutcome(service.name(), group.name(), decision, applied, actuationError, published,
                last < 0 ? -1 : load.timeAt(last), view.instances().size(), leadTime);
    }

    /**
     * {@code t}, unless the group has another controller that can scale it in (a scaling policy, a scheduled action
     * that sets the desired capacity): it would take back a scale-out made ahead of the load, and leptoid would set
     * it again each run. Asked only when a run would change the group (two API calls per action, not per service
     * and run), in every mode, so a dry run shows it.
     */
    private CapacityDecision unlessFought(GroupState group, CapacityDecision.ScaleTo t, long left) {
        List<String> policies;
        try {
            Optional<List<String>> read = within("leptoid-controllers-" + group.name(),
                    () -> actuator.controllersThatScaleIn(group.name()), left);
            if (read.isEmpty()) return new Hold(HoldReason.DEADLINE, "the scaling policies and scheduled actions of " + group.name()
                    + " were not read within this service's share of the run's time (" + TimeUnit.NANOSECONDS.toMillis(left)
                    + " ms): not setting " + t.capacity() + "; nothing changed", t.current(), t.basis());
            policies = read.get();
        } catch (ActuationException e) {
            return new Hold(HoldReason.GROUP_UNKNOWN, "could not read the scaling policies and scheduled actions of " + group.name()
                    + " before setting it to " + t.capacity() + ": " + e.getMessage(), t.current(), t.basis());
        }
        if (policies.isEmpty()) return t;
        return new Hold(HoldReason.BAD_CONFIG, "Auto Scaling group '" + group.name() + "' also has " + String.join(", ", policies)
                + " that can scale it in, undoing leptoid's scale-outs before the load they were made for arrives: not setting "
                + t.capacity() + " (set DisableScaleIn on a target tracking policy to keep it as a guard that only scales out;"
                + " in a scheduled action set MinSize instead of DesiredCapacity, a floor leptoid keeps; disable or delete the"
                + " others: docs/deploy.md)", t.current(), t.basis());
    }

    /**
     * {@code t} (a scale-in) unless an instance refresh is replacing the group's instances ({@link GroupStates#refreshing});
     * asked only before a scale-in, in every mode. Refreshes that cannot be read hold the scale-in: whether one is under
     * way is unknown.
     */
    private CapacityDecision unlessRefreshing(GroupState group, CapacityDecision.ScaleTo t, long left) {
        try {
            Optional<List<String>> read = within("leptoid-refreshes-" + group.name(),
                    () -> actuator.activeInstanceRefreshes(group.name()), left);
            if (read.isEmpty()) return new Hold(HoldReason.DEADLINE, "the instance refreshes of " + group.name() + " were not read"
                    + " within this service's share of the run's time (" + TimeUnit.NANOSECONDS.toMillis(left) + " ms): not setting "
                    + t.capacity() + "; nothing changed", t.current(), t.basis());
            return GroupStates.refreshing(group, t, read.get());
        } catch (ActuationException e) {
            return new Hold(HoldReason.GROUP_UNKNOWN, "could not read the instance refreshes of " + group.name()
                    + " before scaling it in to " + t.capacity() + ": " + e.getMessage(), t.current(), t.basis());
        }
    }

    /**
     * {@code t} when the group is still as it was when the decision was made; else a hold: someone
     * changed it while leptoid was reading (a person, another scaler), so a decision sized against
     * the old desired capacity -- and its scale-in step limit -- no longer holds.
     */
    private CapacityDecision unlessChanged(GroupState decidedOn, CapacityDecision.ScaleTo t, long left) {
        GroupState now;
        try {
            Optional<GroupState> read = within("leptoid-reread-" + decidedOn.name(), () -> actuator.describe(decidedOn.name()), left);
            if (read.isEmpty()) return new Hold(HoldReason.DEADLINE, decidedOn.name() + " was not read again within this service's"
                    + " share of the run's time (" + TimeUnit.NANOSECONDS.toMillis(left) + " ms): not setting " + t.capacity()
                    + "; nothing changed", t.current(), t.basis());
            now = read.get();
        } catch (ActuationException e) {
            return new Hold(HoldReason.GROUP_UNKNOWN, "could not read " + decidedOn.name() + " again before setting it to "
                    + t.capacity() + ": " + e.getMessage(), t.current(), t.basis());
        }
        if (!now.changedSince(decidedOn)) {
            // an activity begun, or an instance that turned Unhealthy or protected from scale-in, while leptoid was
            // reading: the scale-in holds, as it would have on this read
            if (now.busy() && t.capacity() < t.current())
                return new Hold(HoldReason.GROUP_BUSY, "a scaling activity began on " + now.name() + " while leptoid was reading"
                        + (now.flags().activity() != null ? " (" + now.flags().activity() + ")" : "") + ": not scaling in to "
                        + t.capacity() + "; the next run decides on the new state", t.current(), t.basis());
            CapacityDecision again = GroupStates.guard(now, t);
            if (again == t || again instanceof Hold) return again;
            return new Hold(HoldReason.GROUP_CHANGED, "while leptoid was reading, " + ((CapacityDecision.ScaleTo) again).reasons().getLast()
                    + ": not setting " + t.capacity() + "; the next run decides on the new state", t.current(), t.basis());
        }
        if (now.paused() != decidedOn.paused())
            return new Hold(HoldReason.GROUP_CHANGED, decidedOn.name() + " was " + (now.paused() ? "paused (tag " + GroupState.PAUSE_TAG
                    + "=" + now.pausedBy() + ")" : "unpaused") + " while leptoid was reading: not setting " + t.capacity()
                    + "; the next run decides on the new state", now.desired(), t.basis());
        return new Hold(HoldReason.GROUP_CHANGED, decidedOn.name() + " changed while leptoid was reading (desired "
                + decidedOn.desired() + " -> " + now.desired() + ", min " + decidedOn.min() + " -> " + now.min() + ", max "
                + decidedOn.max() + " -> " + now.max() + "): not setting " + t.capacity() + "; the next run decides on the new state",
                now.desired(), t.basis());
    }

    /** A service that holds before anything was forecast: published and reported as such. */
    private static ServiceOutcome held(String env, ServiceConfig service, GroupState group, Hold hold, Instant now,
                                       RunPublisher publisher) {
        publisher.decision(env, service.name(), group, hold, false, now.getEpochSecond());
        String groupName = group != null ? group.name() : service.autoScalingGroup();
        return new ServiceOutcome(service.name(), groupName, hold, false, null, null, -1, 0);
    }

    /** {@code d} with {@code note} added to its reasons (or its detail, for a hold). */
    private static CapacityDecision noted(CapacityDecision d, String note) {
        if (note == null) return d;
        return switch (d) {
            case CapacityDecision.ScaleTo t -> {
                List<String> reasons = new ArrayList<>(t.reasons());
                reasons.add(note);
                yield new CapacityDecision.ScaleTo(t.capacity(), t.current(), reasons, t.basis());
            }
            case Hold h -> new Hold(h.code(), h.detail() + "; " + note, h.current(), h.basis());
        };
    }

    /**
     * Steps the forecast must reach: past the sizing window (lead + run interval) and, for scale-in,
     * the stabilization window ahead, counted from the last data point ({@code staleness} seconds
     * before now, at most the allowed staleness); at least the published horizon series.
     */
    private static int forecastHorizon(PolicySettings s, long step, long staleness) {
        Duration window = s.runInterval().compareTo(s.stabilization()) >= 0 ? s.runInterval() : s.stabilization();
        long seconds = s.leadTime().plus(window).toSeconds() + Math.min(staleness, s.maxStaleness().toSeconds());
        return Math.max(HORIZON_SERIES, (int) Math.ceil((double) seconds / step));
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage();
        String first = m == null ? "" : m.lines().findFirst().orElse("");
        StackTraceElement[] at = e.getStackTrace();
        return e.getClass().getSimpleName() + (first.isEmpty() ? "" : ": " + first)
                + (at.length > 0 ? " (at " + at[0].getClassName().replaceAll(".*\\.", "") + "." + at[0].getMethodName()
                + ":" + at[0].getLineNumber() + ")" : "");
    }

    /**
     * Capacities recommended by earlier runs within the stabilization window, read back from what
     * they published; null when there are none (the actual load still guards scale-in).
     */
    private Series pastRecommendations(String env, ServiceConfig service, PolicySettings s, Instant now) throws SourceException {
        if (s.stabilization().isZero()) return null;
        String path = Names.path(publication.prefix(), env, service.name()) + RunPublisher.RECOMMENDED;
        List<Series> found = source.fetch(path, now.minus(s.stabilization()), now.plusSeconds(1));
        return found.size() == 1 ? found.get(0) : null;
    }

    /** Seconds between the last data point and now (the forecast must reach past it). */
    private static long staleness(Series load, int last, Instant now) {
        return last < 0 ? 0 : Math.max(0, now.getEpochSecond() - load.timeAt(last));
    }
}
