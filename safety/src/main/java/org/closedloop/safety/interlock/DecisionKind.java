package org.closedloop.safety.interlock;

/**
 * The kinds of decision the interlock reports to its {@link SafetyListener}.
 *
 * <p>Thread safety: immutable.
 */
public enum DecisionKind {
    /** An operator armed an approved plan. */
    ARMED,
    /** Arming was refused (plan violations or wrong state). */
    ARM_REFUSED,
    /** The arming ended without stimulation (operator stop or loop request). */
    DISARMED,
    /** The arming expired unused. */
    ARMING_EXPIRED,
    /** A run started. */
    STARTED,
    /** A start was refused (impedance, ledger, state, ...). */
    START_REFUSED,
    /** A soft stop began a ramp-down (or changed the cause of one). */
    SOFT_STOP,
    /** A run ended normally; output is zero. */
    STOPPED,
    /** A hazard cut the output and latched FAULT. */
    HAZARD,
    /** The setpoint gate refused a block (always followed by a HAZARD). */
    GATE_REFUSED,
    /** An operator reset a FAULT. */
    RESET,
    /** A reset was refused (no reason, emergency stop still pressed, not in FAULT). */
    RESET_REFUSED,
    /** The daily ledger could not be updated at the end of a run; the reservation stays recorded (over-counts). */
    LEDGER_PROBLEM,
    /** The output cutoff callback threw; the interlock state is still FAULT or stopped. */
    OUTPUT_CUTOFF_FAILED
}
