package dev.leptoid.simulation;

import dev.leptoid.actuation.ActuationException;
import dev.leptoid.actuation.CapacityActuator;
import dev.leptoid.actuation.GroupState;
import dev.leptoid.decision.DecisionResolution;
import dev.leptoid.forecast.Forecast;
import dev.leptoid.forecast.Forecaster;

import java.util.ArrayList;
import java.util.List;

/**
 * The decision rule of the original leptoid (Knewton, 2012): at each run, forecast the
 * utilization per instance (offered load / desired capacity) and add one instance when its
 * maximum over the horizon is above the up limit (0.70), remove one when it is below the down
 * limit (0.20). For a sweep the limits follow the target: up = target, down = target x 2/7
 * (0.70 and 0.20 at target 0.70). It uses the same forecaster, history and resolution as leptoid
 * (run-interval buckets, {@link DecisionResolution}), so the comparison isolates the decision rule.
 */
public final class Leptoid2012 implements ReplayPolicy {

    public static final double UP = 0.70, DOWN = 0.20;

    private final Forecaster forecaster;
    private final double up, down;
    private final int intervalMinutes, leadMinutes, lookbackMinutes;
    private final List<Prediction> predictions = new ArrayList<>();

    public Leptoid2012(Forecaster forecaster, double target, int intervalMinutes, int leadMinutes, int lookbackMinutes) {
        this.forecaster = forecaster;
        this.up = target;
        this.down = target * DOWN / UP;
        this.intervalMinutes = intervalMinutes;
        this.leadMinutes = leadMinutes;
        this.lookbackMinutes = lookbackMinutes;
    }

    @Override public String name() { return "leptoid-2012"; }

    @Override
    public void endOfMinute(Past past, GroupState group, CapacityActuator actuator) throws ActuationException {
        int now = past.now();
        if ((now + 1) % intervalMinutes != 0) return;
        int from = Math.max(0, now + 1 - lookbackMinutes);
        double[] history = new double[now + 1 - from];
        for (int i = from; i <= now; i++) history[i - from] = past.load(i);
        int horizon = leadMinutes + intervalMinutes;
        // the same forecast leptoid makes: at the run interval's resolution (DecisionResolution)
        if (!(DecisionResolution.forecast(forecaster, history, Workload.MINUTE, horizon, 80, intervalMinutes,
                DecisionResolution.AGGREGATE) instanceof Forecast f)) return;
        if (leadMinutes < f.horizon()) // the minute one lead time after this decision
            predictions.add(new Prediction(past.timeAt(now) + (leadMinutes + 1) * Workload.MINUTE, leadMinutes * Workload.MINUTE,
                    f.meanAt(leadMinutes), f.lowerAt(leadMinutes), f.upperAt(leadMinutes)));
        double peak = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < f.horizon(); k++) peak = Math.max(peak, f.meanAt(k));
        int desired = group.desired();
        double u = desired == 0 ? Double.POSITIVE_INFINITY : peak / desired;
        int want = desired;
        if (u > up) want = desired + 1;
        else if (u < down) want = desired - 1;
        want = Math.max(group.min(), Math.min(group.max(), want));
        if (want != desired) actuator.setDesiredCapacity(group.name(), want);
    }

    @Override public List<Prediction> predictions() { return List.copyOf(predictions); }
}
