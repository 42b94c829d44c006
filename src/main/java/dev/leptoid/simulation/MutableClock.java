package dev.leptoid.simulation;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock the replay moves forward by hand. */
public final class MutableClock extends Clock {

    private Instant now;

    public MutableClock(Instant start) { this.now = start; }

    public void set(Instant instant) { this.now = instant; }

    @Override public ZoneId getZone() { return ZoneOffset.UTC; }

    @Override public Clock withZone(ZoneId zone) { return this; }

    @Override public Instant instant() { return now; }
}
