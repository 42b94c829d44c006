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
     * A forecast of offered load (Erlangs) for minute-time {@code time}, made {@code leadSeconds} before it.
     */
    record Prediction(long time, long leadSeconds, double mean, double lower, double upper) {}
}
