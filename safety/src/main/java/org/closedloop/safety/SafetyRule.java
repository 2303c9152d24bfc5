package org.closedloop.safety;

/**
 * The named safety rules. Every refusal (of a plan, an action or a setpoint block) names one of these, so an audit
 * log and a test can tell exactly which rule was violated. {@link #id()} is the stable name used in messages.
 *
 * <p>Thread safety: immutable.
 */
public enum SafetyRule {
    /** Peak current of an electrode above {@link SafetyLimits#MAX_ELECTRODE_CURRENT_MICROAMPS} or the session limit. */
    PEAK_CURRENT("peak_current"),
    /** Total injected current above {@link SafetyLimits#MAX_TOTAL_INJECTED_CURRENT_MICROAMPS}. */
    TOTAL_CURRENT("total_current"),
    /** Net current above {@link SafetyLimits#MAX_NET_CURRENT_MICROAMPS}: the electrode currents do not cancel. */
    NET_CURRENT("net_current"),
    /** A stimulating electrode without a valid (finite, positive) contact area. */
    ELECTRODE_AREA("electrode_area"),
    /** Peak current per contact area above {@link SafetyLimits#MAX_CURRENT_DENSITY_MICROAMPS_PER_CM2}. */
    CURRENT_DENSITY("current_density"),
    /** A waveform component outside [{@link SafetyLimits#MIN_FREQUENCY_HZ}, {@link SafetyLimits#MAX_FREQUENCY_HZ}]. */
    FREQUENCY("frequency"),
    /** A planned DC offset above {@link SafetyLimits#MAX_DC_COMPONENT_MICROAMPS}. */
    DC_COMPONENT("dc_component"),
    /** Delivered setpoints whose running charge imbalance shows a DC component (the sample-level DC rule). */
    CHARGE_BALANCE("charge_balance"),
    /** A ramp faster than {@link SafetyLimits#MAX_RAMP_RATE_MICROAMPS_PER_SECOND}. */
    RAMP_RATE("ramp_rate"),
    /** Ramps that do not fit in the plan's duration. */
    RAMP_DURATION("ramp_duration"),
    /** Stimulation time above {@link SafetyLimits#MAX_SESSION_STIMULATION_MINUTES} or the session limit. */
    SESSION_DURATION("session_duration"),
    /** Delivered or planned charge above {@link SafetyLimits#MAX_SESSION_CHARGE_MILLICOULOMBS} or the session limit. */
    SESSION_CHARGE("session_charge"),
    /** A stricter session limit that would in fact loosen a hard limit. */
    SESSION_LIMIT("session_limit"),
    /** The subject's stimulation time today would exceed {@link SafetyLimits#MAX_DAILY_STIMULATION_MINUTES}. */
    DAILY_STIMULATION_TIME("daily_stimulation_time"),
    /** The daily ledger cannot be read or written (corrupt file, I/O error): deny stimulation. */
    LEDGER_UNAVAILABLE("ledger_unavailable"),
    /** An electrode impedance above {@link SafetyLimits#MAX_IMPEDANCE_TO_START_OHMS}, or none measured, at start. */
    IMPEDANCE_AT_START("impedance_at_start"),
    /** An impedance measurement older than {@link SafetyLimits#MAX_IMPEDANCE_AGE_SECONDS} at start. */
    IMPEDANCE_AGE("impedance_age"),
    /** An impedance above {@link SafetyLimits#MAX_IMPEDANCE_DURING_STIMULATION_OHMS} while stimulating. */
    IMPEDANCE_DURING_STIMULATION("impedance_during_stimulation"),
    /** Acquisition silent for longer than {@link SafetyLimits#MAX_ACQUISITION_STALL_MILLISECONDS} in a closed loop. */
    ACQUISITION_STALL("acquisition_stall"),
    /** The arming was not used within {@link SafetyLimits#ARMING_EXPIRY_SECONDS}. */
    ARMING_EXPIRY("arming_expiry"),
    /** A setpoint above the approved plan's envelope at that instant. */
    ENVELOPE("envelope"),
    /** A setpoint after the end of the approved output window (end of plan or of a soft-stop ramp). */
    PLAN_END("plan_end"),
    /** A malformed setpoint block (channel count, sample count, array length, DAC rate). */
    BLOCK_FORMAT("block_format"),
    /** A setpoint block in the past, overlapping an earlier block, or too far ahead of the clock. */
    BLOCK_TIMING("block_timing"),
    /** The action or block is not allowed in the interlock's current state. */
    INTERLOCK_STATE("interlock_state"),
    /** An operator action without a reason where one is required. */
    OPERATOR_REASON("operator_reason"),
    /** The emergency stop is pressed (or was pressed since the last observation). */
    EMERGENCY_STOP("emergency_stop");

    private final String id;

    SafetyRule(String id) {
        this.id = id;
    }

    /** The stable lower-case name used in messages and audit logs, e.g. {@code peak_current}. */
    public String id() {
        return id;
    }
}
