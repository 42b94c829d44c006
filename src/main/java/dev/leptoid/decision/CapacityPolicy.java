package dev.leptoid.decision;

import dev.leptoid.actuation.GroupState;
import dev.leptoid.decision.CapacityDecision.Basis;
import dev.leptoid.decision.CapacityDecision.Hold;
import dev.leptoid.decision.CapacityDecision.HoldReason;
import dev.leptoid.decision.CapacityDecision.ScaleTo;
import dev.leptoid.forecast.Forecast;
import dev.leptoid.forecast.ForecastResult;
import dev.leptoid.forecast.InsufficientHistory;
import dev.leptoid.model.ServiceQueue;
import dev.leptoid.source.Series;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a service's offered load and its forecast into a capacity decision, the way a careful
 * SRE would: size on an upper forecast quantile over [now + lead, now + lead + interval] at a
 * target utilization, never below what the current load needs, scale out at once, scale in
 * only when the whole stabilization window agrees and by at most a step, and hold on missing,
 * stale or insufficient data.
 */
public final class CapacityPolicy {

    public CapacityDecision decide(Series offeredLoad, ForecastResult forecast, GroupState group,
                                   PolicySettings s, Instant now) {
        int current = group.desired();
        int lo = Math.max(s.minCapacity(), group.min());
        int hi = Math.min(s.maxCapacity(), group.max());
        if (group.scalingSuspended())
            return new Hold(HoldReason.SCALING_SUSPENDED, "Launch or Terminate is suspended on " + group.name(), current, Basis.NONE);
        int last = offeredLoad.lastPresentIndex();
        if (last < 0) return new Hold(HoldReason.NO_DATA, "no data points in the look-back window", current, Basis.NONE);
        long lastTime = offeredLoad.timeAt(last);
        long ageSeconds = now.getEpochSecond() - (lastTime + offeredLoad.step());
        double load = offeredLoad.valueAt(last);
        if (ageSeconds > s.maxStaleness().toSeconds())
            return new Hold(HoldReason.STALE_DATA, "last data point is " + ageSeconds / 60 + " min old (limit "
                    + s.maxStaleness().toMinutes() + " min)", current, basis(load, Double.NaN, s, -1, lo, hi));
        if (forecast instanceof InsufficientHistory ih)
            return new Hold(HoldReason.INSUFFICIENT_HISTORY, ih.reason(), current, basis(load, Double.NaN, s, -1, lo, hi));
        Forecast f = (Forecast) forecast;

        double peak = windowPeak(f, lastTime, offeredLoad.step(), now, s);
        int fromForecast = ServiceQueue.capacityFor(Math.max(0, peak), s.targetUtilization());
        int fromNow = ServiceQueue.capacityFor(load, s.targetUtilization());
        int needed = Math.max(fromForecast, fromNow);
        List<String> reasons = new ArrayList<>();
        reasons.add(String.format("forecast p%.0f peak %.2f Erlangs over [now+%ds, now+%ds] needs %d at %.0f%%",
                s.quantile(), peak, s.leadTime().toSeconds(), (s.leadTime().plus(s.runInterval())).toSeconds(),
                fromForecast, 100 * s.targetUtilization()));
        if (fromNow > fromForecast) reasons.add(String.format("current load %.2f Erlangs needs %d", load, fromNow));

        int target = Math.max(lo, Math.min(hi, needed));
        if (needed > hi) reasons.add("clamped to max " + hi);
        if (needed < lo) reasons.add("clamped to min " + lo);
        Basis basis = basis(load, peak, s, needed, lo, hi);

        if (target < current) {
            double windowPeak = recentPeak(offeredLoad, now, s);
            if (Double.isNaN(windowPeak)) {
                reasons.add("scale-in withheld: gap in the " + s.stabilization().toMinutes() + " min stabilization window");
                target = current;
            } else {
                int fromWindow = ServiceQueue.capacityFor(windowPeak, s.targetUtilization());
                if (fromWindow > target) {
                    reasons.add(String.format("stabilization: load peaked at %.2f Erlangs in the last %d min, needs %d",
                            windowPeak, s.stabilization().toMinutes(), fromWindow));
                    target = Math.min(current, fromWindow);
                }
                if (current - target > s.maxScaleInStep()) {
                    reasons.add("scale-in limited to " + s.maxScaleInStep() + " per run");
                    target = current - s.maxScaleInStep();
                }
            }
        }
        if (group.busy() && target != current)
            return new Hold(HoldReason.GROUP_BUSY, "a scaling activity is in progress on " + group.name()
                    + " (would set " + target + ")", current, basis);
        return new ScaleTo(target, current, reasons, basis);
    }

    /** Highest upper bound among forecast steps whose time falls in [now + lead, now + lead + interval]. */
    static double windowPeak(Forecast f, long lastTime, long step, Instant now, PolicySettings s) {
        long from = now.getEpochSecond() + s.leadTime().toSeconds();
        long to = from + s.runInterval().toSeconds();
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

    /** Highest offered load in [now - stabilization, now]; NaN when any point there is missing. */
    static double recentPeak(Series a, Instant now, PolicySettings s) {
        long from = now.getEpochSecond() - s.stabilization().toSeconds();
        double peak = Double.NEGATIVE_INFINITY;
        int last = a.lastPresentIndex();
        for (int i = 0; i <= last; i++) {
            if (a.timeAt(i) < from) continue;
            if (a.isGap(i)) return Double.NaN;
            peak = Math.max(peak, a.valueAt(i));
        }
        return peak == Double.NEGATIVE_INFINITY ? Double.NaN : peak;
    }

    private static Basis basis(double load, double peak, PolicySettings s, int needed, int lo, int hi) {
        return new Basis(load, peak, s.targetUtilization(), needed, lo, hi);
    }
}
