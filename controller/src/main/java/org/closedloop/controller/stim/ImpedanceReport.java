package org.closedloop.controller.stim;

import java.util.Arrays;

/**
 * A measured impedance per configured channel.
 *
 * <p><b>Thread safety:</b> immutable (the array is copied in and out).
 *
 * @param measuredAtNs host time the report arrived (the measurement ended just before)
 * @param ohms         impedance per channel, Ω; {@link #OPEN} for an open circuit beyond the range
 */
public record ImpedanceReport(long measuredAtNs, long[] ohms) {
    /** An open circuit (electrode off, cable broken). */
    public static final long OPEN = Long.MAX_VALUE;

    public ImpedanceReport {
        ohms = ohms.clone();
    }

    @Override
    public long[] ohms() {
        return ohms.clone();
    }

    /** Channel {@code c}'s impedance, Ω ({@link #OPEN} for an open circuit). */
    public long ohms(int c) {
        return ohms[c];
    }

    @Override
    public String toString() {
        return "impedance " + Arrays.toString(ohms) + " Ω";
    }
}
