package dev.leptoid.actuation;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A group's lead time as a run sees it, beside the configured {@code lead_time}: measured from the
 * group's own launches ({@link LeadTimeProbe}), or unmeasured with the reason. Informational only:
 * it never changes a decision.
 */
public sealed interface LeadTime {

    /** The service's configured {@code lead_time}. */
    Duration configured();

    /** When the group was last looked at (the measurement may be up to {@link LeadTimeWatch#EVERY} old). */
    Instant lookedAt();

    /** One line when the configured lead time is off the measured one; empty when they agree or nothing was measured. */
    default Optional<String> warning() {
        return this instanceof Measured m ? m.measured().disagreement(m.configured()) : Optional.empty();
    }

    record Measured(Duration configured, LeadTimeProbe.Measured measured, Instant lookedAt) implements LeadTime {}

    /** @param reason one line: no completed launch yet, the API refused, the run's time ran out */
    record Unmeasured(Duration configured, String reason, Instant lookedAt) implements LeadTime {}
}
