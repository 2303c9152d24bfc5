package org.closedloop.safety;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Objects;

/**
 * A clock moved by hand, for tests and deterministic simulations. The calendar date follows the nanosecond
 * timeline from a given start, so advancing past midnight changes {@link #today()}.
 *
 * <p>It can be set backwards on purpose, to test that the interlock treats a clock going backwards as a hazard.
 *
 * <p>Thread safety: not thread safe; owned by the test or simulation thread.
 */
public final class ManualSafetyClock implements SafetyClock {

    private final LocalDateTime wallClockAtZero;
    private long nowNs;

    /**
     * @param wallClockAtZero the local date and time at which {@link #nanoTime()} is zero
     * @param startNs         the initial {@link #nanoTime()}
     */
    public ManualSafetyClock(LocalDateTime wallClockAtZero, long startNs) {
        this.wallClockAtZero = Objects.requireNonNull(wallClockAtZero, "wallClockAtZero");
        this.nowNs = startNs;
    }

    @Override
    public long nanoTime() {
        return nowNs;
    }

    @Override
    public LocalDate today() {
        return wallClockAtZero.plusNanos(nowNs).toLocalDate();
    }

    /** Moves the clock by {@code deltaNs} (negative moves it backwards). */
    public void advanceNs(long deltaNs) {
        nowNs += deltaNs;
    }

    /** Sets the clock to {@code nanoTime}. */
    public void setNanoTime(long nanoTime) {
        nowNs = nanoTime;
    }
}
