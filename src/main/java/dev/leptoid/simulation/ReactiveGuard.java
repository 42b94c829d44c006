package dev.leptoid.simulation;

import dev.leptoid.actuation.ActuationException;
import dev.leptoid.actuation.CapacityActuator;
import dev.leptoid.actuation.GroupState;

import java.util.List;

/**
 * A predictive policy with a reactive guard between its runs -- the hybrid AWS recommends
 * (predictive scaling as a floor under target tracking): after every minute whose in-service
 * utilization is above the limit, the group is raised at once to ceil(load / limit) (never
 * lowered). It measures whether reacting within a minute is worth its instances on spiky traffic.
 */
public final class ReactiveGuard implements ReplayPolicy {

    private final ReplayPolicy inner;
    private final double limit;

    public ReactiveGuard(ReplayPolicy inner, double limit) {
        if (!(limit > 0 && limit < 1)) throw new IllegalArgumentException("limit must be in (0, 1), got " + limit);
        this.inner = inner;
        this.limit = limit;
    }

    @Override public String name() { return inner.name() + "+guard"; }

    @Override
    public void endOfMinute(Past past, GroupState group, CapacityActuator actuator) throws ActuationException {
        inner.endOfMinute(past, group, actuator);
        double load = past.load(past.now());
        if (Double.isNaN(load) || !Backtest.breaches(load, past.inService(past.now()), limit)) return;
        GroupState now = actuator.describe(group.name());
        int want = Math.min(now.max(), (int) Math.ceil(load / limit - 1e-9));
        if (want > now.desired()) actuator.setDesiredCapacity(group.name(), want);
    }

    @Override public List<Prediction> predictions() { return inner.predictions(); }
}
