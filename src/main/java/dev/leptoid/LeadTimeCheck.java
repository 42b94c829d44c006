package dev.leptoid;

import dev.leptoid.actuation.CapacityActuator;
import dev.leptoid.actuation.LeadTime;
import dev.leptoid.source.Within;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A run's look at one group's lead time ({@link CapacityActuator#leadTime}), after its decision was
 * made and applied, within what is left of the service's share of the run's time: it never changes
 * a decision, never fails the run and never takes the time of the services after it. Whatever goes
 * wrong is an {@link LeadTime.Unmeasured} with the reason.
 */
final class LeadTimeCheck {

    private LeadTimeCheck() {}

    /**
     * @param budgetNanos time left for this service ({@link Long#MAX_VALUE}: no limit)
     * @return null when the actuator does not measure lead times
     */
    static LeadTime within(CapacityActuator actuator, String group, Duration configured, Instant now, long budgetNanos) {
        if (budgetNanos <= 0)
            return new LeadTime.Unmeasured(configured, "the run's time limit left no time to look at the group's launches", now);
        try {
            Optional<Optional<LeadTime>> looked = Within.call("leptoid-lead-time-" + group,
                    () -> actuator.leadTime(group, configured, now), budgetNanos);
            return looked.isEmpty() ? new LeadTime.Unmeasured(configured, "looking at the group's launches did not finish"
                    + " within this service's share of the run's time (" + TimeUnit.NANOSECONDS.toMillis(budgetNanos) + " ms)", now)
                    : looked.get().orElse(null);
        } catch (RuntimeException e) {
            return new LeadTime.Unmeasured(configured, "measure the lead time of " + group + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse("")), now);
        }
    }
}
