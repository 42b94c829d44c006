package dev.leptoid.actuation;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Measures each group's lead time with a {@link LeadTimeProbe} at most once per {@link #EVERY} and
 * remembers the answer in between, so the API calls stay bounded: per group at most one
 * DescribeScalingActivities (and, when it found launches, one DescribeAutoScalingGroups) an hour
 * per instance of this class -- in Lambda one per container and configuration, since the assembly
 * that owns it is kept between invocations. A failed look is remembered as long as a successful one
 * (it is informational; retrying every run would only repeat the failing call). Never throws.
 */
public final class LeadTimeWatch {

    /** How long a look at a group's launches is used before the group is looked at again. */
    public static final Duration EVERY = Duration.ofHours(1);

    /** What one look found: a measurement, or none (then {@code reason} says why). */
    private record Look(Instant at, LeadTimeProbe.Measured measured, String reason) {}

    private final LeadTimeProbe probe;
    private final Map<String, Look> looks = new ConcurrentHashMap<>();

    public LeadTimeWatch(LeadTimeProbe probe) { this.probe = probe; }

    /** The group's lead time against {@code configured}: the last look when it is younger than {@link #EVERY}, else a new one. */
    public LeadTime check(String group, Duration configured, Instant now) {
        Look look = looks.get(group);
        if (look == null || !now.isBefore(look.at().plus(EVERY)) || now.isBefore(look.at())) {
            look = look(group, now);
            looks.put(group, look);
        }
        return look.measured() != null ? new LeadTime.Measured(configured, look.measured(), look.at())
                : new LeadTime.Unmeasured(configured, look.reason(), look.at());
    }

    private Look look(String group, Instant now) {
        try {
            Optional<LeadTimeProbe.Measured> m = probe.measure(group);
            return m.map(x -> new Look(now, x, null)).orElseGet(() -> new Look(now, null, "no completed launch among the "
                    + "group's last " + LeadTimeProbe.ACTIVITIES + " scaling activities"));
        } catch (ActuationException e) {
            return new Look(now, null, e.getMessage());
        } catch (RuntimeException e) { // a probe must never fail a run
            return new Look(now, null, "measure the lead time of " + group + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse("")));
        }
    }
}
