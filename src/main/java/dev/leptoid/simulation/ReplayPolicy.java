package dev.leptoid.simulation;

import dev.leptoid.actuation.ActuationException;
import dev.leptoid.actuation.CapacityActuator;
import dev.leptoid.actuation.GroupState;

import java.util.List;

/**
 * A scaling policy in a backtest. At the end of every replayed minute it sees the past (never
 * the future) and the group, and may set the group's desired capacity.
 */
public interface ReplayPolicy {

    String name();

    void endOfMinute(Past past, GroupState group, CapacityActuator actuator) throws ActuationException;

    /** Forecasts the policy made, for its accuracy and the report's forecast band (none by default). */
    default List<Prediction> predictions() { return List.of(); }

    /**
     * A forecast of offered load (Erlangs) for minute-time {@code time}, made {@code leadSeconds} before it,
     * and the window {@code [time, time + windowSeconds)} the decision made with it sized for, with the
     * largest upper bound the forecast gave a minute of that window ({@code windowUpper}).
     */
    record Prediction(long time, long leadSeconds, double mean, double lower, double upper, long windowSeconds,
                      double windowUpper) {
        /** A forecast for one minute only. */
        public Prediction(long time, long leadSeconds, double mean, double lower, double upper) {
            this(time, leadSeconds, mean, lower, upper, Workload.MINUTE, upper);
        }

        /** Whether minute-time {@code t} is in the window this prediction sized for. */
        public boolean covers(long t) { return t >= time && t < time + windowSeconds; }
    }
}
