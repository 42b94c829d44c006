package dev.leptoid.decision;

import java.util.List;
import java.util.Locale;

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

        /**
         * What the sizing recommends before scale-in stabilization: the capacity the SLO needs, clamped
         * ({@link Basis#recommended()}), or {@link #capacity} when the basis does not say. Later runs read it
         * back as an earlier recommendation; {@link #capacity} would not do, since a scale-in held back
         * keeps the current capacity, and reading that back holds every later scale-in back as well.
         */
        public int recommended() {
            int r = basis.recommended();
            return r >= 0 ? r : capacity;
        }

        public Direction direction() {
            if (current < 0 || capacity > current) return capacity == current ? Direction.NONE : Direction.OUT;
            return capacity < current ? Direction.IN : Direction.NONE;
        }
    }

    /** Leave the group as it is. {@code code} is machine-readable, {@code detail} one line for people. */
    record Hold(HoldReason code, String detail, int current, Basis basis) implements CapacityDecision {}

    enum Direction { OUT, IN, NONE }

    /**
     * Why a group is left alone. NO_DATA: nothing in the look-back window; INSUFFICIENT_DATA: too
     * little of the recent window is present, or the forecast has no usable numbers; STALE_DATA:
     * the newest point is older than the allowed staleness; SOURCE_ERROR: Graphite could not be
     * read; INSUFFICIENT_HISTORY: too little history to forecast (a new service); GROUP_UNKNOWN:
     * the group could not be described; GROUP_BUSY: a scale-in while a scaling activity is in progress (a scale-out does not wait), or a set Auto Scaling refused as ScalingActivityInProgress; COOLDOWN: a
     * scale-in inside the group's cooldown; SCALING_SUSPENDED: the Launch (scale-out) or Terminate
     * (scale-in) process is suspended; PAUSED: an operator tagged the group {@code leptoid:pause};
     * BAD_CONFIG: the configured bounds and the group's bounds do not overlap, or the group's
     * capacity is not counted in instances; INSTANCES_WITHOUT_DATA: an InService instance has no fresh data, so its load is
     * unknown and nothing may be removed ({@link Coverage}); GROUP_CHANGED: the group's desired,
     * min or max changed while the run was reading, so the decision is stale; DEADLINE: the run's
     * time ran out before this service was read; INTERNAL_ERROR: leptoid itself failed on this
     * service (a bug: the message says where); INSTANCES_UNHEALTHY: a scale-in while InService instances are
     * Unhealthy (the group is replacing them); SCALE_IN_PROTECTED: a scale-in below the instances protected from
     * scale-in, which a lower desired capacity cannot remove; INSTANCE_REFRESH: a scale-in while an instance refresh
     * replaces the group's instances ({@link GroupStates}).
     */
    enum HoldReason {
        NO_DATA, INSUFFICIENT_DATA, STALE_DATA, SOURCE_ERROR, INSUFFICIENT_HISTORY,
        GROUP_UNKNOWN, GROUP_BUSY, COOLDOWN, SCALING_SUSPENDED, PAUSED, BAD_CONFIG,
        INSTANCES_WITHOUT_DATA, GROUP_CHANGED, DEADLINE, INTERNAL_ERROR,
        INSTANCES_UNHEALTHY, SCALE_IN_PROTECTED, INSTANCE_REFRESH;

        public String code() { return name().toLowerCase(Locale.ROOT).replace('_', '-'); }

        /**
         * The run could not do its job for this service: it could not see the data or reach a
         * dependency in time, or failed itself. Holds for the group's own state (busy, cooldown,
         * suspended, changed, unhealthy instances being replaced, scale-in protection, an instance refresh)
         * or for a new service's short history are decisions, not faults.
         */
        public boolean fault() {
            return switch (this) {
                case NO_DATA, INSUFFICIENT_DATA, STALE_DATA, SOURCE_ERROR, GROUP_UNKNOWN, BAD_CONFIG,
                     INSTANCES_WITHOUT_DATA, DEADLINE, INTERNAL_ERROR -> true;
                case INSUFFICIENT_HISTORY, GROUP_BUSY, COOLDOWN, SCALING_SUSPENDED, PAUSED, GROUP_CHANGED,
                     INSTANCES_UNHEALTHY, SCALE_IN_PROTECTED, INSTANCE_REFRESH -> false;
            };
        }
    }

    /** How the capacity was sized. */
    enum Sizing {
        /** offered load / target utilization */
        UTILIZATION,
        /** Erlang C for the latency objective */
        LATENCY;

        public String code() { return name().toLowerCase(Locale.ROOT); }
    }

    /**
     * The numbers a decision rests on; NaN (or -1) where not known.
     *
     * @param offeredLoad latest offered load (Erlangs)
     * @param forecastUpper highest upper-quantile forecast over the sizing window (Erlangs)
     * @param targetUtilization the utilization each instance is sized for (the fallback under a latency objective)
     * @param needed capacity the forecast and the actual load need, before clamping
     * @param min lower clamp applied
     * @param max upper clamp applied
     * @param forLoad capacity the latest actual load needs
     * @param forForecast capacity the forecast peak needs
     * @param stabilizationFloor lowest capacity the stabilization window allows (-1 when no scale-in was considered)
     * @param serviceTime mean service time in seconds used by Erlang C (NaN when sized on utilization)
     * @param dataAgeSeconds age of the newest data point at decision time (-1 when none)
     * @param sizing how {@code needed} was computed
     */
    record Basis(double offeredLoad, double forecastUpper, double targetUtilization, int needed, int min, int max,
                 int forLoad, int forForecast, int stabilizationFloor, double serviceTime, long dataAgeSeconds,
                 Sizing sizing) {
        public static final Basis NONE = new Basis(Double.NaN, Double.NaN, Double.NaN, -1, -1, -1);

        /** {@code needed} within [min, max]; -1 when not sized. */
        public int recommended() {
            return needed < 0 ? -1 : Math.max(min, Math.min(max, needed));
        }

        public Basis(double offeredLoad, double forecastUpper, double targetUtilization, int needed, int min, int max) {
            this(offeredLoad, forecastUpper, targetUtilization, needed, min, max, -1, -1, -1, Double.NaN, -1,
                    Sizing.UTILIZATION);
        }
    }
}
