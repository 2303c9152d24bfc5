package org.closedloop.safety;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;

/**
 * The real clock: {@link System#nanoTime()} and today's date in a given time zone.
 *
 * <p>Thread safety: thread safe (stateless apart from the immutable zone).
 */
public final class SystemSafetyClock implements SafetyClock {

    private final ZoneId zone;

    /** @param zone the clinic's time zone, which decides where a calendar day (for the daily ledger) begins */
    public SystemSafetyClock(ZoneId zone) {
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public LocalDate today() {
        return LocalDate.now(zone);
    }
}
