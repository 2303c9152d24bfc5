package org.closedloop.sim.stim;

/**
 * The simulated stimulator's own compiled-in limits: an independent copy, never read from the controller, the safety
 * module or the link (defense in depth: the device must refuse an over-limit block even if the controller's gate was
 * bypassed). The values equal the limits table of {@code hardware-docs/safety-case.md}; the firmware-sim tests check
 * each one at its boundary and one step beyond, and the controller refuses a device that reports other values.
 *
 * <p><b>Thread safety:</b> constants only.
 */
public final class DeviceLimits {
    /** |setpoint| of any channel, µA. */
    public static final int PEAK_MICROAMPS = 2_000;
    /** Sum of the positive setpoints of one sample, µA. */
    public static final int TOTAL_MICROAMPS = 4_000;
    /** |sum of the setpoints| of one sample, µA. */
    public static final int NET_MICROAMPS = 10;
    /** DC component allowed by the running charge balance, µA. */
    public static final int DC_MICROAMPS = 20;
    /** Current density per configured contact area, µA/cm²: 20 µA per 0.01 cm² unit of CONFIGURE. */
    public static final int DENSITY_MICROAMPS_PER_CM2 = 2_000;
    /** Steepest onset: |setpoint| ≤ tolerance + this × (time since the run's first sample + head start). */
    public static final int ONSET_RAMP_MICROAMPS_PER_SECOND = 2_000;
    /** Head start of the onset rule: the host's run (and envelope) may begin up to this long before sample 0. */
    public static final int ONSET_HEAD_START_MS = 100;
    /** Allowance of the onset rule above the ramp, µA. */
    public static final int ONSET_TOLERANCE_MICROAMPS = 10;
    /** Lowest frequency the charge balance is sized for (the plan's lowest allowed tACS frequency), mHz. */
    public static final int LOWEST_FREQUENCY_MILLIHERTZ = 500;
    /** Compliance voltage of the output stage, mV. */
    public static final int COMPLIANCE_MILLIVOLTS = 15_000;
    /** No HEARTBEAT and no SETPOINT_BLOCK for this long during a run: zero and latch WATCHDOG. */
    public static final int WATCHDOG_MS = 100;
    /**
     * A block may end at most this far ahead of the device clock (plus two DAC periods for a clock slip and the host's
     * clock-mapping error, see the protocol document).
     */
    public static final int MAX_HORIZON_MS = 100;
    /** Measured current may differ from the setpoint by this much before OVER_CURRENT / OUTPUT_MISMATCH, µA. */
    public static final int CURRENT_TOLERANCE_MICROAMPS = 50;
    /** Impedance estimated during a run above this: zero and latch IMPEDANCE_HIGH, Ω. */
    public static final int MAX_IMPEDANCE_OHMS = 20_000;
    /** Least |current| from which the impedance is estimated during a run, µA. */
    public static final int IMPEDANCE_ESTIMATE_MIN_MICROAMPS = 100;
    /** Highest impedance the measurement can report; above it reports "open", Ω. */
    public static final int IMPEDANCE_RANGE_OHMS = 1_000_000;
    /** Peak test current of an impedance measurement, µA. */
    public static final int IMPEDANCE_TEST_MICROAMPS = 100;
    /** How long an impedance measurement takes, ms. */
    public static final int IMPEDANCE_MEASUREMENT_MS = 20;

    private DeviceLimits() {
    }

    /** The density cap of a channel with {@code areaCentiCm2} × 0.01 cm² of contact, µA (exact integer). */
    public static int densityCapMicroAmps(int areaCentiCm2) {
        return DENSITY_MICROAMPS_PER_CM2 / 100 * areaCentiCm2;
    }

    /**
     * Charge-balance allowance of a channel whose largest |setpoint| so far is {@code peakMicroAmps}, after
     * {@code elapsedSamples} DAC periods, in µA·ms: 4·peak/(2π·0.5 Hz) for the swing of a zero-mean sinusoid under a
     * ramped envelope, plus {@link #DC_MICROAMPS} × elapsed time.
     */
    public static long chargeAllowanceMicroAmpMs(int peakMicroAmps, long elapsedSamples) {
        // 4·A/(2π·f) s with f = 0.5 Hz is 4·A/π s = 4000·A/π ms; rounded up so the rule is never stricter than that
        long swing = (long) Math.ceil(4_000.0 * peakMicroAmps * 1000 / (2 * Math.PI * LOWEST_FREQUENCY_MILLIHERTZ));
        return swing + (long) DC_MICROAMPS * elapsedSamples;
    }

    /** The onset cap for sample {@code sampleIndex} of a run (one sample per ms), µA. */
    public static long onsetCapMicroAmps(long sampleIndex) {
        return ONSET_TOLERANCE_MICROAMPS + (long) ONSET_RAMP_MICROAMPS_PER_SECOND * (sampleIndex + ONSET_HEAD_START_MS)
                / 1000;
    }
}
