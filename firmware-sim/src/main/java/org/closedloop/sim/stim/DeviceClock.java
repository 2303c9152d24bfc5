package org.closedloop.sim.stim;

/**
 * The simulated device's microsecond clock, counting from its boot and running {@code driftPpm} parts per million
 * fast (positive) or slow (negative) against the host's {@link System#nanoTime()}, like a crystal or RC oscillator.
 * Both directions of the mapping are exact inverses up to rounding.
 *
 * <p><b>Thread safety:</b> the boot instant is volatile: reads are safe from any thread; {@link #reboot(long)} is
 * called by the firmware thread only.
 */
final class DeviceClock {
    private final double rate;
    private volatile long bootNanos;

    DeviceClock(double driftPpm, long bootNanos) {
        this.rate = 1.0 + driftPpm * 1e-6;
        this.bootNanos = bootNanos;
    }

    /** The device time at host time {@code hostNanos}, µs since boot (may be negative before boot). */
    long deviceMicros(long hostNanos) {
        return (long) Math.floor((hostNanos - bootNanos) * rate / 1000.0);
    }

    /** The host time at which the device clock reads {@code deviceMicros}. */
    long hostNanos(long deviceMicros) {
        return bootNanos + (long) Math.ceil(deviceMicros * 1000.0 / rate);
    }

    /** Restarts the count from zero at {@code hostNanos} (a device reset). */
    void reboot(long hostNanos) {
        bootNanos = hostNanos;
    }
}
