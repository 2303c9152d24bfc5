package org.closedloop.safety;

import java.time.LocalDate;

/**
 * The time source of the safety module, injected so that tests are deterministic.
 *
 * <p>{@link #nanoTime()} is a monotonic clock (like {@link System#nanoTime()}): every time in this module
 * ({@code ...Ns} parameters) is on this timeline. {@link #today()} is the calendar date in the clinic's time zone,
 * used only to key the daily stimulation ledger.
 *
 * <p>Thread safety: implementations must be safe to call from the interlock's owner thread; the interlock never
 * calls it from any other thread.
 */
public interface SafetyClock {

    /** Monotonic time in nanoseconds; only differences are meaningful. The interlock faults if it goes backwards. */
    long nanoTime();

    /** Today's calendar date in the clinic's time zone. */
    LocalDate today();
}
