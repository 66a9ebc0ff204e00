package org.labwatch.notify;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/** Real time plus an offset a test moves forward: "ten minutes later" without waiting ten minutes. */
final class ShiftedClock extends Clock {

    private final ZoneId zone;
    private volatile Duration offset = Duration.ZERO;

    ShiftedClock(ZoneId zone) {
        this.zone = zone;
    }

    void shift(Duration by) {
        offset = offset.plus(by);
    }

    /** So that the clock reads {@code at} now (and goes on from there). */
    void set(Instant at) {
        offset = Duration.between(Instant.now(), at);
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId z) {
        ShiftedClock c = new ShiftedClock(z);
        c.offset = offset;
        return c;
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset);
    }
}
