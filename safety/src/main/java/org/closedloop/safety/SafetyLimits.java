package org.closedloop.safety;

/**
 * The hard safety limits. Every value here is a compile-time constant: there is no system property, file or
 * protocol setting that can change or loosen them; a protocol can only be stricter (see
 * {@code org.closedloop.safety.plan.SessionLimits}).
 *
 * <p>Each primary constant is one row of the limits table in {@code hardware-docs/safety-case.md}, with its source;
 * {@code SafetyCaseDocumentTest} fails if the table and this class differ. The {@code *_NS} and
 * {@code *_MICROAMP_NS} constants are derived from the primary ones in the units the code computes in and are not
 * rows of the table.
 *
 * <p>Thread safety: immutable constants.
 */
public final class SafetyLimits {

    /** Version of the limits table; the session manifest records it. Change it whenever any limit changes. */
    public static final String TABLE_VERSION = "closedloop-safety-limits-1";

    /** Peak current through any one electrode, at any instant. */
    public static final int MAX_ELECTRODE_CURRENT_MICROAMPS = 2_000;

    /** Total injected current (sum of the positive electrode currents) at any instant. */
    public static final int MAX_TOTAL_INJECTED_CURRENT_MICROAMPS = 4_000;

    /** Net current (signed sum over all electrodes) at any instant, in absolute value: currents must cancel. */
    public static final int MAX_NET_CURRENT_MICROAMPS = 10;

    /** Peak current divided by the electrode's declared contact area. */
    public static final int MAX_CURRENT_DENSITY_MICROAMPS_PER_CM2 = 2_000;

    /** Lowest frequency of a tACS component. */
    public static final double MIN_FREQUENCY_HZ = 0.5;

    /** Highest frequency of a tACS component. */
    public static final double MAX_FREQUENCY_HZ = 150.0;

    /** DC component of any electrode's waveform, in absolute value: the waveform must be zero-mean. */
    public static final int MAX_DC_COMPONENT_MICROAMPS = 20;

    /** Fastest change of the envelope amplitude (ramp up and ramp down): 2 mA/s, i.e. at least 1 s for 2 mA. */
    public static final int MAX_RAMP_RATE_MICROAMPS_PER_SECOND = 2_000;

    /** Stimulation time per session (one arming of the interlock). */
    public static final int MAX_SESSION_STIMULATION_MINUTES = 40;

    /** Stimulation time per subject code per calendar day, across sessions and restarts. */
    public static final int MAX_DAILY_STIMULATION_MINUTES = 60;

    /** Delivered charge per session: the integral of the total injected current over time (7.2 C). */
    public static final int MAX_SESSION_CHARGE_MILLICOULOMBS = 7_200;

    /** Highest electrode impedance at which stimulation may start. */
    public static final int MAX_IMPEDANCE_TO_START_OHMS = 10_000;

    /** Oldest impedance measurement accepted when stimulation starts. */
    public static final int MAX_IMPEDANCE_AGE_SECONDS = 60;

    /** Electrode impedance above this during stimulation is a hazard. */
    public static final int MAX_IMPEDANCE_DURING_STIMULATION_OHMS = 20_000;

    /** In a closed-loop plan, acquisition silent for longer than this is a soft stop. */
    public static final int MAX_ACQUISITION_STALL_MILLISECONDS = 250;

    /** An arming unused for longer than this expires (design choice; see the safety case). */
    public static final int ARMING_EXPIRY_SECONDS = 120;

    /** Allowance of the setpoint gate above the approved plan's envelope, for rounding in waveform synthesis. */
    public static final int ENVELOPE_TOLERANCE_MICROAMPS = 10;

    /** A setpoint block may end at most this far ahead of the clock (bounds queued, already approved output). */
    public static final int MAX_SETPOINT_HORIZON_MILLISECONDS = 100;

    /** Lowest accepted DAC sample rate of a setpoint block. */
    public static final int MIN_DAC_RATE_HZ = 1_000;

    /** Highest accepted DAC sample rate of a setpoint block. */
    public static final int MAX_DAC_RATE_HZ = 1_000_000;

    /** The stimulator firmware zeroes its output and latches a fault after this long without a heartbeat. */
    public static final int DEVICE_WATCHDOG_MILLISECONDS = 100;

    // ---- derived values in the units the code computes in (not rows of the limits table) ----

    private static final long NS_PER_MS = 1_000_000L;
    private static final long NS_PER_S = 1_000_000_000L;

    /** {@link #MAX_SESSION_STIMULATION_MINUTES} in nanoseconds. */
    public static final long MAX_SESSION_STIMULATION_NS = MAX_SESSION_STIMULATION_MINUTES * 60L * NS_PER_S;

    /** {@link #MAX_DAILY_STIMULATION_MINUTES} in nanoseconds. */
    public static final long MAX_DAILY_STIMULATION_NS = MAX_DAILY_STIMULATION_MINUTES * 60L * NS_PER_S;

    /** {@link #MAX_SESSION_CHARGE_MILLICOULOMBS} in µA·ns (1 µA·ns = 1 fC, so 1 mC = 10^12 µA·ns). */
    public static final long MAX_SESSION_CHARGE_MICROAMP_NS = MAX_SESSION_CHARGE_MILLICOULOMBS * 1_000_000_000_000L;

    /** {@link #MAX_IMPEDANCE_AGE_SECONDS} in nanoseconds. */
    public static final long MAX_IMPEDANCE_AGE_NS = MAX_IMPEDANCE_AGE_SECONDS * NS_PER_S;

    /** {@link #MAX_ACQUISITION_STALL_MILLISECONDS} in nanoseconds. */
    public static final long MAX_ACQUISITION_STALL_NS = MAX_ACQUISITION_STALL_MILLISECONDS * NS_PER_MS;

    /** {@link #ARMING_EXPIRY_SECONDS} in nanoseconds. */
    public static final long ARMING_EXPIRY_NS = ARMING_EXPIRY_SECONDS * NS_PER_S;

    /** {@link #MAX_SETPOINT_HORIZON_MILLISECONDS} in nanoseconds. */
    public static final long MAX_SETPOINT_HORIZON_NS = MAX_SETPOINT_HORIZON_MILLISECONDS * NS_PER_MS;

    /** {@link #DEVICE_WATCHDOG_MILLISECONDS} in nanoseconds. */
    public static final long DEVICE_WATCHDOG_NS = DEVICE_WATCHDOG_MILLISECONDS * NS_PER_MS;

    private SafetyLimits() {
    }
}
