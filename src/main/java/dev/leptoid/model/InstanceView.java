package dev.leptoid.model;

import dev.leptoid.source.Series;
import java.util.Locale;

/**
 * What leptoid sees of one instance of a service, on the service's time grid.
 *
 * @param id instance id (the configured path node)
 * @param utilization busy fraction per step after short gaps were interpolated; NaN where unknown
 *                    and outside the instance's life
 * @param points points with a value as read (before interpolation)
 * @param gaps missing points inside the instance's life, as read
 * @param interpolated of those, the ones filled by interpolation (short gaps)
 * @param firstTime epoch seconds of its first point with data, -1 when none
 * @param lastTime epoch seconds of its last point with data, -1 when none
 * @param lastValue utilization at {@code lastTime}, NaN when none
 * @param status how the instance counts in the service's offered load
 */
public record InstanceView(String id, Series utilization, int points, int gaps, int interpolated, long firstTime,
                           long lastTime, double lastValue, Status status) {

    public enum Status {
        /** Has data up to the service's latest point (or a few steps short: then the newest sums are unknown). */
        REPORTING,
        /** Reporting, and its first point is recent: a new instance; it counts from its first point. */
        WARMING_UP,
        /** Its data stopped well before the service's latest point: terminated; it counts up to its last point only. */
        STOPPED,
        /** Not one point in the look-back window: it does not count. */
        NO_DATA;

        public String label() { return name().toLowerCase(Locale.ROOT).replace('_', '-'); }
    }

    /** Seconds from the end of the last point to {@code now}; -1 when there is no point. */
    public long ageSeconds(long now) { return lastTime < 0 ? -1 : Math.max(0, now - (lastTime + utilization.step())); }
}
