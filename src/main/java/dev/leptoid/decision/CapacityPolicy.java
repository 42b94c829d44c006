package dev.leptoid.decision;

import dev.leptoid.actuation.GroupState;
import dev.leptoid.config.LatencyObjective;
import dev.leptoid.config.PolicySettings;
import dev.leptoid.decision.CapacityDecision.Basis;
import dev.leptoid.decision.CapacityDecision.Hold;
import dev.leptoid.decision.CapacityDecision.HoldReason;
import dev.leptoid.decision.CapacityDecision.ScaleTo;
import dev.leptoid.decision.CapacityDecision.Sizing;
import dev.leptoid.forecast.Forecast;
import dev.leptoid.forecast.ForecastResult;
import dev.leptoid.forecast.InsufficientHistory;
import dev.leptoid.model.ErlangC;
import dev.leptoid.model.ServiceQueue;
import dev.leptoid.source.Series;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns a service's offered load and its forecast into a capacity decision, the way a careful
 * SRE would, in five steps ({@link #decide(Input, PolicySettings, Instant)} reads as them):
 * <ol>
 *   <li>{@link #distrust}: hold when the data cannot be trusted: none, stale (newest point older than
 *       {@code maxStaleness} plus one step), less than half of the stabilization window present,
 *       too little history to forecast, or a forecast without finite numbers.</li>
 *   <li>{@link #need}: size for the SLO over the half-open window [now + lead, now + lead + interval):
 *       the larger of the upper forecast quantile of its peak at the utilization limit L (or, with a
 *       latency objective, with Erlang C), the forecast mean of its peak at the mean target u when one
 *       is set, and the latest actual load at L -- never below what the load now needs, nor below the
 *       load a rise the last three run intervals prove throughout ({@link #provenRise}) reaches by the
 *       window's end;
 *       clamp to the configuration's and the group's [min, max].</li>
 *   <li>Scale out at once (cooldowns do not delay capacity the forecast needs).</li>
 *   <li>{@link #stabilize}: scale in only when the whole stabilization window agrees, behind and
 *       ahead: no gap in it, its actual peak load, every recommendation read back from earlier runs
 *       in it (as Kubernetes HPA does; after a proven fall only those still on their way,
 *       {@link #heldRecommendation}) and the upper forecast over the next lead time + stabilization
 *       window (an instance removed now and needed again within it would be relaunched: flapping)
 *       allow the lower capacity; then by at most a configured {@code maxScaleInStep}, or by default 2 or
 *       half the surplus ({@link #scaleInStep}). A configured max below the
 *       current capacity is applied at once.</li>
 *   <li>{@link #blocked}: hold when the group is mid-activity, in cooldown (scale-in), or the Launch
 *       (scale-out) / Terminate (scale-in) process is suspended.</li>
 * </ol>
 * Stateless: everything it knows comes in through {@link Input}.
 */
public final class CapacityPolicy {

    /** Window over which the measured service time is averaged. */
    public static final Duration SERVICE_TIME_WINDOW = Duration.ofHours(1);

    /**
     * What the policy sees of one service.
     *
     * @param offeredLoad offered load in Erlangs, gaps NaN
     * @param forecast the forecast of offered load from the last present point on
     * @param group the Auto Scaling group as described now
     * @param serviceTimeSeconds measured mean service time (NaN when unknown); used by a latency objective
     *                           without a configured service time
     * @param recommendations capacities recommended by earlier runs (read back from Graphite), or null
     */
    public record Input(Series offeredLoad, ForecastResult forecast, GroupState group, double serviceTimeSeconds,
                        Series recommendations) {
        public static Input of(Series offeredLoad, ForecastResult forecast, GroupState group) {
            return new Input(offeredLoad, forecast, group, Double.NaN, null);
        }
    }

    /** The clamps that apply: the configuration's and the group's [min, max]. */
    private record Bounds(int lo, int hi) {
        int clamp(int n) { return Math.max(lo, Math.min(hi, n)); }
    }

    /** What the data says: the newest load, its time and age, the forecast (null when there is none). */
    private record Seen(double latest, long lastTime, long age, Forecast forecast) {}

    /** Present and total points in the recent window. */
    private record RecentPoints(int present, int total) {
        boolean tooLittle() { return total > 0 && 2 * present < total; }
    }

    /** The capacity the SLO needs before clamping, and each term of it. */
    private record Need(double upperPeak, int forForecast, int forMean, int forLoad, int needed) {}

    /** The capacity after scale-in stabilization, and the floor the window set (-1: no scale-in considered). */
    private record Stabilized(int target, int floor) {}

    public CapacityDecision decide(Series offeredLoad, ForecastResult forecast, GroupState group,
                                   PolicySettings s, Instant now) {
        return decide(Input.of(offeredLoad, forecast, group), s, now);
    }

    public CapacityDecision decide(Input in, PolicySettings s, Instant now) {
        GroupState group = in.group();
        int current = group.desired();
        Bounds bounds = new Bounds(Math.max(s.minCapacity(), group.min()), Math.min(s.maxCapacity(), group.max()));
        if (bounds.lo() > bounds.hi() && group.paused()) // e.g. switched off (min = max = 0) and paused: nothing to alarm on
            return new Hold(HoldReason.PAUSED, group.name() + " is paused by its tag " + GroupState.PAUSE_TAG + "=" + group.pausedBy()
                    + " (its bounds [" + group.min() + ", " + group.max() + "] are outside the configured capacity ["
                    + s.minCapacity() + ", " + s.maxCapacity() + "]; remove the tag to resume)", current, Basis.NONE);
        if (bounds.lo() > bounds.hi())
            return new Hold(HoldReason.BAD_CONFIG, "configured capacity [" + s.minCapacity() + ", " + s.maxCapacity()
                    + "] and the bounds [" + group.min() + ", " + group.max() + "] of " + group.name() + " do not overlap",
                    current, Basis.NONE);
        int last = in.offeredLoad().lastPresentIndex();
        if (last < 0) return new Hold(HoldReason.NO_DATA, "no data points in the look-back window", current, Basis.NONE);
        Sizer sizer = sizer(s, in.serviceTimeSeconds(), bounds.hi());
        long lastTime = in.offeredLoad().timeAt(last);
        Seen seen = new Seen(Math.max(0, in.offeredLoad().valueAt(last)), lastTime, now.getEpochSecond() - lastTime,
                in.forecast() instanceof Forecast f ? f : null);

        Hold distrusted = distrust(in, seen, s, now, known(seen, s, sizer, bounds));
        if (distrusted != null) return distrusted.code() == HoldReason.INSUFFICIENT_DATA
                ? outOnTheLoadNow(distrusted, group, seen, s, now, sizer, bounds) : distrusted;
        List<String> reasons = new ArrayList<>();
        Need need = need(seen, in.offeredLoad(), s, now, sizer, reasons);
        if (need == null)
            return new Hold(HoldReason.INSUFFICIENT_DATA, "forecast (" + seen.forecast().method()
                    + ") has no finite upper bound over the sizing window", current, known(seen, s, sizer, bounds));
        int target = bounds.clamp(need.needed());
        if (need.needed() > bounds.hi()) {
            reasons.add("clamped to max " + bounds.hi());
            if (group.max() == bounds.hi() && group.max() != s.maxCapacity()) // e.g. a MaxSize someone lowered
                reasons.add("max " + bounds.hi() + " is " + group.name() + "'s MaxSize (the configuration's max_capacity is "
                        + s.maxCapacity() + ")");
        }
        if (need.needed() < bounds.lo()) {
            reasons.add("clamped to min " + bounds.lo());
            if (group.min() == bounds.lo() && group.min() != s.minCapacity()) // e.g. a MinSize someone raised
                reasons.add("min " + bounds.lo() + " is " + group.name() + "'s MinSize (the configuration's min_capacity is "
                        + s.minCapacity() + ")");
        }
        Stabilized st = target < current ? stabilize(in, seen, s, now, sizer, target, current, bounds, reasons)
                : new Stabilized(target, -1);
        Basis basis = new Basis(seen.latest(), need.upperPeak(), s.targetUtilization(), need.needed(), bounds.lo(),
                bounds.hi(), need.forLoad(), need.forForecast(), st.floor(), sizer.serviceTime(), seen.age(), sizer.sizing());
        Hold blocked = blocked(group, st.target(), now, basis);
        return blocked != null ? blocked : new ScaleTo(st.target(), current, notWaiting(group, st.target(), reasons), basis);
    }

    /** Step 1: the {@link Hold} that says why the data cannot be trusted, or null when it can. */
    private static Hold distrust(Input in, Seen seen, PolicySettings s, Instant now, Basis known) {
        Series load = in.offeredLoad();
        int current = in.group().desired();
        int last = load.lastPresentIndex();
        if (seen.age() - load.step() > s.maxStaleness().toSeconds())
            return new Hold(HoldReason.STALE_DATA, "newest data point is from " + Instant.ofEpochSecond(seen.lastTime()) + ", "
                    + minutes(seen.age()) + " before now (limit " + minutes(s.maxStaleness().toSeconds()) + " + one "
                    + load.step() + "s step): no change until data flows again", current, known);
        RecentPoints recent = recentPoints(load, last, now, s);
        if (recent.tooLittle())
            return new Hold(HoldReason.INSUFFICIENT_DATA, "only " + recent.present() + " of " + recent.total()
                    + " points present in the last " + minutes(s.stabilization().toSeconds()) + ": too little to decide",
                    current, known);
        if (in.forecast() instanceof InsufficientHistory ih)
            return new Hold(HoldReason.INSUFFICIENT_HISTORY, ih.reason(), current, known);
        return null;
    }

    /**
     * Too few recent points to decide (a gap in the data), yet the newest point is fresh and the load it shows alone
     * needs more than the group has: scale out to ceil(load now / L), never in. The seen load is a lower bound of the
     * load (as {@link Coverage} reads instances without data), so this never buys more than the load needs; holding
     * instead leaves the group short until the window fills again (docs/backtest.md, "Windows nobody looked at").
     * Otherwise the hold stands.
     */
    private static CapacityDecision outOnTheLoadNow(Hold hold, GroupState group, Seen seen, PolicySettings s, Instant now,
                                                    Sizer sizer, Bounds bounds) {
        int forLoad = sizer.size(seen.latest()), target = bounds.clamp(forLoad), current = group.desired();
        if (target <= current) return hold;
        Basis basis = new Basis(seen.latest(), Double.NaN, s.targetUtilization(), forLoad, bounds.lo(), bounds.hi(), forLoad, -1,
                -1, sizer.serviceTime(), seen.age(), sizer.sizing());
        List<String> reasons = new ArrayList<>();
        reasons.add(String.format(Locale.ROOT, "%s, but the current load %.2f Erlangs alone needs %d: scale out on it, never in",
                hold.detail(), seen.latest(), forLoad));
        if (forLoad > bounds.hi()) reasons.add("clamped to max " + bounds.hi());
        Hold blocked = blocked(group, target, now, basis);
        return blocked != null ? blocked : new ScaleTo(target, current, notWaiting(group, target, reasons), basis);
    }

    /** {@code reasons}, saying so when a scale-out does not wait for the group's activity in progress. */
    private static List<String> notWaiting(GroupState group, int target, List<String> reasons) {
        if (group.busy() && target > group.desired())
            reasons.add("a scaling activity is in progress on " + group.name() + " (" + (group.flags().activity() != null
                    ? group.flags().activity() : "a launch warming up, a termination draining or a lifecycle hook")
                    + "): a scale-out does not wait for it, a scale-in would");
        return reasons;
    }

    /** The numbers known before any sizing. */
    private static Basis known(Seen seen, PolicySettings s, Sizer sizer, Bounds bounds) {
        return new Basis(seen.latest(), Double.NaN, s.targetUtilization(), -1, bounds.lo(), bounds.hi(), -1, -1, -1,
                sizer.serviceTime(), seen.age(), sizer.sizing());
    }

    /**
     * The rise of the load that the recent minutes show beyond doubt and throughout, in Erlangs per
     * second: over the last {@link #TREND_INTERVALS} run intervals, and over each half of them, the
     * least-squares slope less two standard errors (so about 97.5 % sure the load rises at least that
     * fast), the smallest of the three; 0 when any may not be rising or has fewer than 3 known points.
     * On noise the slope is not significant; a spike's rising edge rises in the last half only; a
     * steady ramp rises throughout, and this is close to its slope. The whole window must agree, as it
     * must before a scale-in.
     */
    static double provenRise(Series a, PolicySettings s) {
        return proven(a, s, 1);
    }

    /** As {@link #provenRise}, of the load's fall: the whole window, and each half of it, falls beyond doubt. */
    static double provenFall(Series a, PolicySettings s) {
        return proven(a, s, -1);
    }

    /** {@link #provenRise} of {@code sign} x the load. */
    private static double proven(Series a, PolicySettings s, int sign) {
        int last = a.lastPresentIndex();
        if (last < 0) return 0;
        long end = a.timeAt(last), window = TREND_INTERVALS * s.runInterval().toSeconds();
        double whole = proven(a, sign, last, end - window, end);
        if (whole <= 0) return 0;
        return Math.min(whole, Math.min(proven(a, sign, last, end - window, end - window / 2),
                proven(a, sign, last, end - window / 2, end)));
    }

    /** {@link #proven(Series, PolicySettings, int)} over the known points at or before index {@code last} in (from, to]. */
    private static double proven(Series a, int sign, int last, long from, long to) {
        double n = 0, st = 0, sv = 0, stt = 0, stv = 0;
        for (int i = last; i >= 0 && a.timeAt(i) > from; i--) {
            if (a.isGap(i) || a.timeAt(i) > to) continue;
            double t = a.timeAt(i) - to, v = sign * a.valueAt(i);
            n++;
            st += t;
            sv += v;
            stt += t * t;
            stv += t * v;
        }
        if (n < 3) return 0;
        double spread = stt - st * st / n; // sum of squared deviations of the times
        if (!(spread > 0)) return 0;
        double slope = (stv - st * sv / n) / spread, intercept = (sv - slope * st) / n, residuals = 0;
        for (int i = last; i >= 0 && a.timeAt(i) > from; i--) {
            if (a.isGap(i) || a.timeAt(i) > to) continue;
            double r = sign * a.valueAt(i) - intercept - slope * (a.timeAt(i) - to);
            residuals += r * r;
        }
        double standardError = Math.sqrt(residuals / (n - 2) / spread);
        return Math.max(0, slope - 2 * standardError);
    }

    /** Run intervals of recent load the rise is measured over (15 minutes at the default 5-minute interval). */
    static final int TREND_INTERVALS = 3;

    /**
     * Step 2: capacity = max(size(P_q(peak over the window)), ceil(E[peak] / u) when a mean target u is
     * set, size(load now), size(load now + proven rise x time to the window's end)); null when the
     * forecast has no finite upper bound over the window.
     */
    private static Need need(Seen seen, Series load, PolicySettings s, Instant now, Sizer sizer, List<String> reasons) {
        Forecast f = seen.forecast();
        long step = load.step();
        double upper = windowPeak(f, seen.lastTime(), step, now, s, true);
        if (!Double.isFinite(upper)) return null;
        upper = Math.max(0, upper);
        int forForecast = sizer.size(upper);
        reasons.add(String.format(Locale.ROOT, "forecast p%s peak %.2f Erlangs over [now+%ds, now+%ds) needs %d %s",
                percent(s.quantile()), upper, s.leadTime().toSeconds(), s.leadTime().plus(s.runInterval()).toSeconds(),
                forForecast, sizer.label()));
        if (sizer.fallbackNote() != null) reasons.add(sizer.fallbackNote());
        int forMean = -1;
        if (s.meanTarget().isPresent()) {
            double mean = windowPeak(f, seen.lastTime(), step, now, s, false);
            double u = s.meanTarget().getAsDouble();
            if (Double.isFinite(mean)) {
                forMean = ServiceQueue.capacityFor(Math.max(0, mean), u);
                if (forMean > forForecast)
                    reasons.add(String.format(Locale.ROOT, "forecast mean peak %.2f Erlangs needs %d at the mean target %.0f%%",
                            mean, forMean, 100 * u));
            }
        }
        int forLoad = sizer.size(seen.latest());
        if (forLoad > Math.max(forForecast, forMean))
            reasons.add(String.format(Locale.ROOT, "current load %.2f Erlangs needs %d", seen.latest(), forLoad));
        // a rise the last minutes prove, carried on to the window's end (a forecast that missed a ramp -- a
        // holiday, a launch -- is not trusted below it)
        double rise = provenRise(load, s);
        int forRise = -1;
        if (rise > 0) {
            double projected = seen.latest() + rise * (now.getEpochSecond() + s.leadTime().plus(s.runInterval()).toSeconds()
                    - seen.lastTime());
            forRise = sizer.size(projected);
            if (forRise > Math.max(forLoad, Math.max(forForecast, forMean)))
                reasons.add(String.format(Locale.ROOT, "load rising at least %.3f Erlangs/min over the last %s: %.2f by the "
                        + "window's end needs %d", rise * 60, minutes(TREND_INTERVALS * s.runInterval().toSeconds()), projected,
                        forRise));
        }
        return new Need(upper, forForecast, forMean, forLoad,
                Math.max(Math.max(forLoad, forRise), Math.max(forForecast, forMean)));
    }

    /**
     * Step 4: the capacity a scale-in from {@code current} to {@code target} may go to: not below what
     * the stabilization window (behind and ahead) needs, by at most the step, at once to the max.
     */
    private static Stabilized stabilize(Input in, Seen seen, PolicySettings s, Instant now, Sizer sizer, int target,
                                        int current, Bounds bounds, List<String> reasons) {
        int floor = scaleInFloor(in, seen, s, now, sizer, target, current, reasons);
        int to = Math.max(target, Math.min(current, floor));
        int step = scaleInStep(s, current, to);
        if (current - to > step) {
            reasons.add("scale-in limited to " + step + " per run");
            to = current - step;
        }
        if (to > bounds.hi()) {
            reasons.add("above the max " + bounds.hi() + ": scaled in to it at once");
            to = bounds.hi();
        }
        return new Stabilized(to, floor);
    }

    /**
     * The most instances one run removes on the way from {@code current} to {@code to} (what the stabilization
     * window allows). A configured {@code max_scale_in_step} is a strict cap: the operator chose it. Without one
     * ({@link PolicySettings#HALF_SURPLUS}), {@link PolicySettings#MIN_SCALE_IN_STEP}, or half the surplus when that is
     * more: a fixed count alone takes time in proportion to the group's size to undo a scale-out (a burst that raised
     * a group to 9,600 instances took 16 days at 2 per 5-minute run, docs/backtest.md), while the harm of one wrong
     * scale-in is in proportion to what it removes; halving what the window proves surplus (bisection: the next run
     * re-checks the other half on fresher data) reaches any size in log2(surplus / 2) runs, and leaves small groups
     * as before (a surplus up to 5 is removed 2 at a time).
     */
    static int scaleInStep(PolicySettings s, int current, int to) {
        if (s.maxScaleInStep() != PolicySettings.HALF_SURPLUS) return s.maxScaleInStep();
        return Math.max(PolicySettings.MIN_SCALE_IN_STEP, (current - to) / 2);
    }

    /** The lowest capacity the stabilization window allows; {@code current} when it cannot tell. */
    private static int scaleInFloor(Input in, Seen seen, PolicySettings s, Instant now, Sizer sizer, int target,
                                    int current, List<String> reasons) {
        String window = minutes(s.stabilization().toSeconds());
        if (sizer.fallbackNote() != null) {
            reasons.add("no scale-in without a known service time");
            return current;
        }
        double recentPeak = recentPeak(in.offeredLoad(), now, s);
        if (Double.isNaN(recentPeak)) {
            reasons.add("scale-in withheld: gap in the " + window + " stabilization window");
            return current;
        }
        int behind = sizer.size(Math.max(0, recentPeak));
        if (behind > target)
            reasons.add(String.format(Locale.ROOT, "stabilization: load peaked at %.2f Erlangs in the last %s, needs %d",
                    recentPeak, window, behind));
        double ahead = aheadPeak(seen.forecast(), seen.lastTime(), in.offeredLoad().step(), now, s);
        int forAhead = Double.isFinite(ahead) ? sizer.size(Math.max(0, ahead)) : current;
        if (forAhead > Math.max(behind, target))
            reasons.add(String.format(Locale.ROOT, "stabilization: forecast p%s peaks at %.2f Erlangs in the next %s, needs %d",
                    percent(s.quantile()), ahead, minutes(s.leadTime().plus(s.stabilization()).toSeconds()), forAhead));
        int recommended = heldRecommendation(in.recommendations(), in.offeredLoad(), now, s);
        if (recommended > Math.max(Math.max(behind, forAhead), target))
            reasons.add("stabilization: an earlier run in the last " + window + " recommended " + recommended);
        int readBack = recentRecommendation(in.recommendations(), now, s);
        if (readBack > Math.max(Math.max(behind, forAhead), Math.max(target, recommended)))
            reasons.add("stabilization: the load fell throughout the last " + minutes(TREND_INTERVALS * s.runInterval().toSeconds())
                    + ", so an earlier run's " + readBack + " for a window already seen is not held");
        return Math.max(Math.max(behind, forAhead), recommended);
    }

    /** Step 5: the hold when the group cannot take the change now, else null. */
    private static Hold blocked(GroupState group, int target, Instant now, Basis basis) {
        int current = group.desired();
        if (target != current && group.paused())
            return new Hold(HoldReason.PAUSED, group.name() + " is paused by its tag " + GroupState.PAUSE_TAG + "=" + group.pausedBy()
                    + " (would " + (target > current ? "scale out" : "scale in") + " to " + target + "; remove the tag to resume)",
                    current, basis);
        if (target < current && group.terminateSuspended())
            return new Hold(HoldReason.SCALING_SUSPENDED, "Terminate is suspended on " + group.name() + " (would scale in to "
                    + target + ")", current, basis);
        if (target < current && group.inCooldown(now))
            return new Hold(HoldReason.COOLDOWN, group.name() + " is in cooldown until " + group.cooldownUntil()
                    + " (would scale in to " + target + ")", current, basis);
        if (target > current && group.launchSuspended())
            return new Hold(HoldReason.SCALING_SUSPENDED, "Launch is suspended on " + group.name() + " (would scale out to "
                    + target + ")", current, basis);
        // an activity stays in progress through a launch's warm-up, a termination's connection draining and lifecycle
        // hooks -- minutes after every change: holding a scale-out for it would leave a rise unanswered that long
        if (group.busy() && target < current)
            return new Hold(HoldReason.GROUP_BUSY, "a scaling activity is in progress on " + group.name()
                    + " (would scale in to " + target + ")" + (group.flags().activity() != null ? ": " + group.flags().activity() : ""),
                    current, basis);
        return null;
    }

    /** Turns Erlangs into instances, at the target utilization or for a latency objective. */
    private record Sizer(Sizing sizing, double utilization, LatencyObjective objective, double serviceTime, int cap,
                         String fallbackNote) {
        int size(double a) {
            if (sizing == Sizing.UTILIZATION) return ServiceQueue.capacityFor(a, utilization);
            if (a >= cap) return (int) Math.min(Integer.MAX_VALUE / 2, Math.ceil(a) + 1); // past any max: no search
            return ErlangC.serversFor(a, serviceTime, objective.waitLimit().toNanos() / 1e9, objective.probability(), cap);
        }

        String label() {
            if (sizing == Sizing.UTILIZATION) return String.format(Locale.ROOT, "at %.0f%%", 100 * utilization);
            return String.format(Locale.ROOT, "for %s at S=%.1f ms", objective.describe(), 1000 * serviceTime);
        }
    }

    private static Sizer sizer(PolicySettings s, double measuredServiceTime, int hi) {
        if (s.latencyObjective().isEmpty()) return new Sizer(Sizing.UTILIZATION, s.targetUtilization(), null, Double.NaN, 0, null);
        LatencyObjective o = s.latencyObjective().get();
        double st = o.serviceTime().map(d -> d.toNanos() / 1e9).orElse(measuredServiceTime);
        if (!(st > 0) || !Double.isFinite(st))
            return new Sizer(Sizing.UTILIZATION, s.targetUtilization(), null, Double.NaN, 0, String.format(Locale.ROOT,
                    "service time unknown: %s not usable, sized at %.0f%% instead", o.describe(), 100 * s.targetUtilization()));
        // Erlang C is searched up to a little past the max: beyond it the answer is clamped anyway.
        int cap = (int) Math.min(Integer.MAX_VALUE / 2, 2L * hi + 64);
        return new Sizer(Sizing.LATENCY, s.targetUtilization(), o, st, cap, null);
    }

    /**
     * Highest upper bound (or, with {@code upper} false, mean) among forecast steps whose time falls in
     * the half-open window [now + lead, now + lead + interval): one run interval, so consecutive runs
     * size consecutive windows and no step is sized twice.
     */
    static double windowPeak(Forecast f, long lastTime, long step, Instant now, PolicySettings s, boolean upper) {
        long from = now.getEpochSecond() + s.leadTime().toSeconds();
        return peak(f, upper, lastTime, step, from, from + s.runInterval().toSeconds());
    }

    /**
     * Highest upper bound among forecast steps whose time falls in (now, now + lead + stabilization]:
     * the load an instance removed now could be needed for before it could be launched back and the
     * stabilization window has passed. NaN when the forecast has no step.
     */
    static double aheadPeak(Forecast f, long lastTime, long step, Instant now, PolicySettings s) {
        long from = now.getEpochSecond() + 1;
        return peak(f, true, lastTime, step, from, now.getEpochSecond() + s.leadTime().plus(s.stabilization()).toSeconds() + 1);
    }

    /**
     * Highest upper bound (or mean) among forecast steps whose time falls in [from, to); the nearest
     * step when none does.
     */
    private static double peak(Forecast f, boolean upper, long lastTime, long step, long from, long to) {
        if (f.horizon() == 0) return Double.NaN;
        double peak = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < f.horizon(); k++) {
            long t = lastTime + (k + 1) * step;
            if (t >= from && t < to) peak = Math.max(peak, upper ? f.upperAt(k) : f.meanAt(k));
        }
        if (peak == Double.NEGATIVE_INFINITY) {
            // The window lies beyond or before the forecast: use the last (or first) step it covers.
            int k = lastTime + step >= to ? 0 : f.horizon() - 1;
            peak = upper ? f.upperAt(k) : f.meanAt(k);
        }
        return peak;
    }

    /**
     * Highest offered load in [now - stabilization, now] (at least the newest point); NaN when any
     * point there is missing.
     */
    static double recentPeak(Series a, Instant now, PolicySettings s) {
        int last = a.lastPresentIndex();
        if (last < 0) return Double.NaN;
        long from = Math.min(now.getEpochSecond() - s.stabilization().toSeconds(), a.timeAt(last));
        double peak = Double.NEGATIVE_INFINITY;
        for (int i = 0; i <= last; i++) {
            if (a.timeAt(i) < from) continue;
            if (a.isGap(i)) return Double.NaN;
            peak = Math.max(peak, a.valueAt(i));
        }
        return peak;
    }

    /**
     * The highest recommendation of earlier runs that the scale-in must still respect; -1 when none. The read-back
     * exists so that a run does not undo a scale-out an earlier run ordered before it has arrived and been seen,
     * and so that a scale-in waits until the whole stabilization window agrees (as Kubernetes HPA does). A
     * recommendation whose sizing window [run + lead, run + lead + interval) the newest data has not yet covered
     * is on its way or unproven: always held. One whose window the data has seen is held too, unless the load
     * has fallen throughout the recent minutes beyond doubt ({@link #provenFall}, the mirror of the proven rise):
     * then the window agrees by measurement, and a higher capacity an earlier run forecast for a time now past is
     * superseded by it. A spike's decay, or a level that falls and recovers, is not a fall throughout, so after
     * recurring spikes the whole window is held as before.
     */
    static int heldRecommendation(Series recommendations, Series load, Instant now, PolicySettings s) {
        int last = load.lastPresentIndex();
        long seenTo = !(provenFall(load, s) > 0) || last < 0 ? Long.MIN_VALUE
                : load.timeAt(last) + load.step(); // the newest point covers its step
        return highestRecommendation(recommendations, now, s, seenTo);
    }

    /** Highest capacity recommended by earlier runs within the stabilization window; -1 when none. */
    static int recentRecommendation(Series recommendations, Instant now, PolicySettings s) {
        return highestRecommendation(recommendations, now, s, Long.MIN_VALUE);
    }

    /**
     * Highest capacity recommended by earlier runs within the stabilization window whose sizing window
     * [run + lead, run + lead + interval) does not end by {@code seenTo} (Long.MIN_VALUE: every one); -1 when none.
     */
    private static int highestRecommendation(Series recommendations, Instant now, PolicySettings s, long seenTo) {
        if (recommendations == null) return -1;
        long from = now.getEpochSecond() - s.stabilization().toSeconds(), sized = s.leadTime().plus(s.runInterval()).toSeconds();
        double max = -1;
        for (int i = 0; i < recommendations.size(); i++) {
            long t = recommendations.timeAt(i);
            if (t < from || t > now.getEpochSecond() || recommendations.isGap(i) || t + sized <= seenTo) continue;
            max = Math.max(max, recommendations.valueAt(i));
        }
        return max < 0 ? -1 : (int) Math.min(Integer.MAX_VALUE, Math.ceil(max));
    }

    /** Present and total points in [now - stabilization, newest point]. */
    private static RecentPoints recentPoints(Series a, int last, Instant now, PolicySettings s) {
        long from = now.getEpochSecond() - s.stabilization().toSeconds();
        int present = 0, total = 0;
        for (int i = 0; i <= last; i++) {
            if (a.timeAt(i) < from) continue;
            total++;
            if (!a.isGap(i)) present++;
        }
        return new RecentPoints(present, total);
    }

    /**
     * Mean of the present, positive points of a service-time series (seconds) over the last
     * {@link #SERVICE_TIME_WINDOW} before {@code now}; NaN when there are none.
     */
    public static double measuredServiceTime(Series serviceTime, Instant now) {
        if (serviceTime == null) return Double.NaN;
        long from = now.minus(SERVICE_TIME_WINDOW).getEpochSecond();
        double sum = 0;
        int n = 0;
        for (int i = 0; i < serviceTime.size(); i++) {
            double v = serviceTime.valueAt(i);
            if (serviceTime.timeAt(i) < from || serviceTime.timeAt(i) > now.getEpochSecond() || !(v > 0) || !Double.isFinite(v))
                continue;
            sum += v;
            n++;
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** A quantile in percent without needless decimals: 90, 99.5. */
    private static String percent(double q) {
        return new java.math.BigDecimal(q).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
    }

    private static String minutes(long seconds) {
        return seconds % 60 == 0 ? seconds / 60 + " min" : seconds + " s";
    }
}
