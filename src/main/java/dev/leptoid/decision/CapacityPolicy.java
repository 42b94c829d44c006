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
 * SRE would:
 * <ol>
 *   <li>Hold when the data cannot be trusted: none, stale (newest point older than
 *       {@code maxStaleness} plus one step), less than half of the stabilization window present,
 *       too little history to forecast, or a forecast without finite numbers.</li>
 *   <li>Size on the upper forecast quantile over [now + lead, now + lead + interval], at the
 *       target utilization or, with a latency objective, with Erlang C; never below what the
 *       latest actual load needs; clamp to the configuration's and the group's [min, max].</li>
 *   <li>Scale out at once (cooldowns do not delay capacity the forecast needs).</li>
 *   <li>Scale in only when the whole stabilization window agrees, behind and ahead: no gap in it,
 *       its actual peak load, every recommendation read back from earlier runs in it (as Kubernetes
 *       HPA does) and the upper forecast over the next lead time + stabilization window (an
 *       instance removed now and needed again within it would be relaunched: flapping) allow the
 *       lower capacity; then by at most {@code maxScaleInStep}, never inside the group's cooldown.
 *       A configured max below the current capacity is applied at once.</li>
 *   <li>Hold when the group is mid-activity or the Launch (scale-out) / Terminate (scale-in)
 *       process is suspended.</li>
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

    public CapacityDecision decide(Series offeredLoad, ForecastResult forecast, GroupState group,
                                   PolicySettings s, Instant now) {
        return decide(Input.of(offeredLoad, forecast, group), s, now);
    }

    public CapacityDecision decide(Input in, PolicySettings s, Instant now) {
        GroupState group = in.group();
        Series load = in.offeredLoad();
        int current = group.desired();
        int lo = Math.max(s.minCapacity(), group.min());
        int hi = Math.min(s.maxCapacity(), group.max());
        if (lo > hi)
            return new Hold(HoldReason.BAD_CONFIG, "configured capacity [" + s.minCapacity() + ", " + s.maxCapacity()
                    + "] and the bounds [" + group.min() + ", " + group.max() + "] of " + group.name() + " do not overlap",
                    current, Basis.NONE);

        int last = load.lastPresentIndex();
        if (last < 0) return new Hold(HoldReason.NO_DATA, "no data points in the look-back window", current, Basis.NONE);
        long lastTime = load.timeAt(last);
        long age = now.getEpochSecond() - lastTime;
        double latest = Math.max(0, load.valueAt(last));
        Sizer sizer = sizer(s, in.serviceTimeSeconds(), hi);
        Basis known = new Basis(latest, Double.NaN, s.targetUtilization(), -1, lo, hi, -1, -1, -1, sizer.serviceTime(),
                age, sizer.sizing());
        if (age - load.step() > s.maxStaleness().toSeconds())
            return new Hold(HoldReason.STALE_DATA, "newest data point is from " + Instant.ofEpochSecond(lastTime) + ", "
                    + minutes(age) + " before now (limit " + minutes(s.maxStaleness().toSeconds()) + " + one "
                    + load.step() + "s step): no change until data flows again", current, known);
        int[] coverage = coverage(load, last, now, s);
        if (coverage[1] > 0 && 2 * coverage[0] < coverage[1])
            return new Hold(HoldReason.INSUFFICIENT_DATA, "only " + coverage[0] + " of " + coverage[1] + " points present in the last "
                    + minutes(s.stabilization().toSeconds()) + ": too little to decide", current, known);
        if (in.forecast() instanceof InsufficientHistory ih)
            return new Hold(HoldReason.INSUFFICIENT_HISTORY, ih.reason(), current, known);
        Forecast f = (Forecast) in.forecast();
        double peak = windowPeak(f, lastTime, load.step(), now, s);
        if (!Double.isFinite(peak))
            return new Hold(HoldReason.INSUFFICIENT_DATA, "forecast (" + f.method() + ") has no finite upper bound over the sizing window",
                    current, known);
        peak = Math.max(0, peak);

        int forForecast = sizer.size(peak);
        int forLoad = sizer.size(latest);
        int needed = Math.max(forForecast, forLoad);
        List<String> reasons = new ArrayList<>();
        reasons.add(String.format(Locale.ROOT, "forecast p%.0f peak %.2f Erlangs over [now+%ds, now+%ds] needs %d %s",
                s.quantile(), peak, s.leadTime().toSeconds(), s.leadTime().plus(s.runInterval()).toSeconds(),
                forForecast, sizer.label()));
        if (sizer.fallbackNote() != null) reasons.add(sizer.fallbackNote());
        if (forLoad > forForecast) reasons.add(String.format(Locale.ROOT, "current load %.2f Erlangs needs %d", latest, forLoad));
        int target = Math.max(lo, Math.min(hi, needed));
        if (needed > hi) reasons.add("clamped to max " + hi);
        if (needed < lo) reasons.add("clamped to min " + lo);

        int floor = -1;
        if (target < current) {
            if (sizer.fallbackNote() != null) {
                floor = current;
                reasons.add("no scale-in without a known service time");
            } else {
                double recentPeak = recentPeak(load, now, s);
                if (Double.isNaN(recentPeak)) {
                    floor = current;
                    reasons.add("scale-in withheld: gap in the " + minutes(s.stabilization().toSeconds()) + " stabilization window");
                } else {
                    floor = sizer.size(Math.max(0, recentPeak));
                    if (floor > target)
                        reasons.add(String.format(Locale.ROOT, "stabilization: load peaked at %.2f Erlangs in the last %s, needs %d",
                                recentPeak, minutes(s.stabilization().toSeconds()), floor));
                    double ahead = aheadPeak(f, lastTime, load.step(), now, s);
                    int forAhead = Double.isFinite(ahead) ? sizer.size(Math.max(0, ahead)) : current;
                    if (forAhead > Math.max(floor, target))
                        reasons.add(String.format(Locale.ROOT, "stabilization: forecast p%.0f peaks at %.2f Erlangs in the next %s, needs %d",
                                s.quantile(), ahead, minutes(s.leadTime().plus(s.stabilization()).toSeconds()), forAhead));
                    floor = Math.max(floor, forAhead);
                    int recommended = recentRecommendation(in.recommendations(), now, s);
                    if (recommended > Math.max(floor, target))
                        reasons.add("stabilization: an earlier run in the last " + minutes(s.stabilization().toSeconds())
                                + " recommended " + recommended);
                    floor = Math.max(floor, recommended);
                }
            }
            target = Math.max(target, Math.min(current, floor));
            if (current - target > s.maxScaleInStep()) {
                reasons.add("scale-in limited to " + s.maxScaleInStep() + " per run");
                target = current - s.maxScaleInStep();
            }
            if (target > hi) {
                reasons.add("above the max " + hi + ": scaled in to it at once");
                target = hi;
            }
        }
        Basis basis = new Basis(latest, peak, s.targetUtilization(), needed, lo, hi, forLoad, forForecast, floor,
                sizer.serviceTime(), age, sizer.sizing());
        if (target < current && group.terminateSuspended())
            return new Hold(HoldReason.SCALING_SUSPENDED, "Terminate is suspended on " + group.name() + " (would scale in to "
                    + target + ")", current, basis);
        if (target < current && group.inCooldown(now))
            return new Hold(HoldReason.COOLDOWN, group.name() + " is in cooldown until " + group.cooldownUntil()
                    + " (would scale in to " + target + ")", current, basis);
        if (target > current && group.launchSuspended())
            return new Hold(HoldReason.SCALING_SUSPENDED, "Launch is suspended on " + group.name() + " (would scale out to "
                    + target + ")", current, basis);
        if (group.busy() && target != current)
            return new Hold(HoldReason.GROUP_BUSY, "a scaling activity is in progress on " + group.name()
                    + " (would set " + target + ")", current, basis);
        return new ScaleTo(target, current, reasons, basis);
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

    /** Highest upper bound among forecast steps whose time falls in [now + lead, now + lead + interval]. */
    static double windowPeak(Forecast f, long lastTime, long step, Instant now, PolicySettings s) {
        long from = now.getEpochSecond() + s.leadTime().toSeconds();
        return peak(f, lastTime, step, from, from + s.runInterval().toSeconds());
    }

    /**
     * Highest upper bound among forecast steps whose time falls in (now, now + lead + stabilization]:
     * the load an instance removed now could be needed for before it could be launched back and the
     * stabilization window has passed. NaN when the forecast has no step.
     */
    static double aheadPeak(Forecast f, long lastTime, long step, Instant now, PolicySettings s) {
        long from = now.getEpochSecond() + 1;
        return peak(f, lastTime, step, from, now.getEpochSecond() + s.leadTime().plus(s.stabilization()).toSeconds());
    }

    /** Highest upper bound among forecast steps whose time falls in [from, to]; the nearest step when none does. */
    private static double peak(Forecast f, long lastTime, long step, long from, long to) {
        if (f.horizon() == 0) return Double.NaN;
        double peak = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < f.horizon(); k++) {
            long t = lastTime + (k + 1) * step;
            if (t >= from && t <= to) peak = Math.max(peak, f.upperAt(k));
        }
        if (peak == Double.NEGATIVE_INFINITY) {
            // The window lies beyond or before the forecast: use the last (or first) step it covers.
            int k = lastTime + step > to ? 0 : f.horizon() - 1;
            peak = f.upperAt(k);
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

    /** Highest capacity recommended by earlier runs within the stabilization window; -1 when none. */
    static int recentRecommendation(Series recommendations, Instant now, PolicySettings s) {
        if (recommendations == null) return -1;
        long from = now.getEpochSecond() - s.stabilization().toSeconds();
        double max = -1;
        for (int i = 0; i < recommendations.size(); i++) {
            long t = recommendations.timeAt(i);
            if (t < from || t > now.getEpochSecond() || recommendations.isGap(i)) continue;
            max = Math.max(max, recommendations.valueAt(i));
        }
        return max < 0 ? -1 : (int) Math.min(Integer.MAX_VALUE, Math.ceil(max));
    }

    /** {present, total} points in [now - stabilization, newest point]. */
    private static int[] coverage(Series a, int last, Instant now, PolicySettings s) {
        long from = now.getEpochSecond() - s.stabilization().toSeconds();
        int present = 0, total = 0;
        for (int i = 0; i <= last; i++) {
            if (a.timeAt(i) < from) continue;
            total++;
            if (!a.isGap(i)) present++;
        }
        return new int[] {present, total};
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

    private static String minutes(long seconds) {
        return seconds % 60 == 0 ? seconds / 60 + " min" : seconds + " s";
    }
}
