package dev.leptoid.decision;

import java.util.List;

/**
 * What a run decides for one Auto Scaling group. Every decision carries the numbers behind it,
 * so a report or a dashboard can explain it.
 */
public sealed interface CapacityDecision permits CapacityDecision.ScaleTo, CapacityDecision.Hold {

    /** The group's desired capacity when the decision was made (-1 when unknown). */
    int current();

    Basis basis();

    /** Set the group's desired capacity to {@code capacity} (may equal {@code current}: no change). */
    record ScaleTo(int capacity, int current, List<String> reasons, Basis basis) implements CapacityDecision {
        public ScaleTo { reasons = List.copyOf(reasons); }

        public Direction direction() {
            if (current < 0 || capacity > current) return capacity == current ? Direction.NONE : Direction.OUT;
            return capacity < current ? Direction.IN : Direction.NONE;
        }
    }

    /** Leave the group as it is. {@code code} is machine-readable, {@code detail} one line for people. */
    record Hold(HoldReason code, String detail, int current, Basis basis) implements CapacityDecision {}

    enum Direction { OUT, IN, NONE }

    enum HoldReason {
        NO_DATA, INSUFFICIENT_DATA, STALE_DATA, SOURCE_ERROR, INSUFFICIENT_HISTORY,
        GROUP_UNKNOWN, GROUP_BUSY, SCALING_SUSPENDED, BAD_CONFIG, ACTUATION_ERROR;

        public String code() { return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'); }
    }

    /**
     * The numbers a decision rests on; NaN where not known.
     *
     * @param offeredLoad latest offered load (Erlangs)
     * @param forecastUpper highest upper-quantile forecast over the sizing window (Erlangs)
     * @param targetUtilization the utilization each instance is sized for
     * @param needed capacity the forecast and the actual load need, before clamping
     * @param min lower clamp applied
     * @param max upper clamp applied
     */
    record Basis(double offeredLoad, double forecastUpper, double targetUtilization, int needed, int min, int max) {
        public static final Basis NONE = new Basis(Double.NaN, Double.NaN, Double.NaN, -1, -1, -1);
    }
}
