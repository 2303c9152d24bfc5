package org.closedloop.safety.interlock;

/**
 * Why the interlock entered {@link InterlockState#FAULT}. Every hazard cuts the output to zero at once and latches.
 *
 * <p>Thread safety: immutable.
 */
public enum HazardCause {
    /** The emergency stop was pressed. */
    EMERGENCY_STOP,
    /** A setpoint block broke a limit or the approved plan (the gate refused it). */
    LIMIT_VIOLATION,
    /** The stimulator reported a fault not covered by a more specific cause. */
    DEVICE_FAULT,
    /** The stimulator measured more current than commanded or allowed. */
    OVER_CURRENT,
    /** The stimulator's watchdog fired (no heartbeat or setpoints in time). */
    DEVICE_WATCHDOG,
    /** An electrode impedance above the limit during stimulation. */
    IMPEDANCE_FAULT,
    /** The stimulator could not drive the commanded current (compliance voltage saturated). */
    COMPLIANCE_SATURATION,
    /** The injected clock went backwards or left its valid range: no time-based check can be trusted. */
    CLOCK_FAULT
}
