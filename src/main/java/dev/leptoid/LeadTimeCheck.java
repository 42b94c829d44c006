package dev.leptoid;

import dev.leptoid.actuation.CapacityActuator;
import dev.leptoid.actuation.LeadTime;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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
        FutureTask<Optional<LeadTime>> task = new FutureTask<>(() -> actuator.leadTime(group, configured, now));
        Thread.ofVirtual().name("leptoid-lead-time-" + group).start(task);
        try {
            return (budgetNanos == Long.MAX_VALUE ? task.get() : task.get(budgetNanos, TimeUnit.NANOSECONDS)).orElse(null);
        } catch (TimeoutException e) {
            task.cancel(true);
            return new LeadTime.Unmeasured(configured, "looking at the group's launches did not finish within this service's"
                    + " share of the run's time (" + TimeUnit.NANOSECONDS.toMillis(budgetNanos) + " ms)", now);
        } catch (InterruptedException e) {
            task.cancel(true);
            Thread.currentThread().interrupt();
            return new LeadTime.Unmeasured(configured, "interrupted while looking at the group's launches", now);
        } catch (ExecutionException | RuntimeException e) {
            Throwable c = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            return new LeadTime.Unmeasured(configured, "measure the lead time of " + group + ": " + c.getClass().getSimpleName()
                    + (c.getMessage() == null ? "" : ": " + c.getMessage().lines().findFirst().orElse("")), now);
        }
    }
}
