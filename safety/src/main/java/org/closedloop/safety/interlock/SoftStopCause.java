package org.closedloop.safety.interlock;

/**
 * Why the output is ramping down without a fault. A soft stop ramps the envelope down from its current level at the
 * plan's ramp-down rate (never faster than the ramp limit).
 *
 * <p>Thread safety: immutable.
 */
public enum SoftStopCause {
    /** An operator pressed stop. Ends the session (DISARMED afterwards). */
    OPERATOR_STOP,
    /** The plan reached its ramp-down, or the loop ended the protocol early. Ends the session. */
    END_OF_PROTOCOL,
    /**
     * Acquisition was silent for longer than the stall limit in a closed-loop plan. The session stays ARMED
     * afterwards (with a fresh arming expiry), so the loop may start again once acquisition recovers.
     */
    ACQUISITION_STALLED
}
