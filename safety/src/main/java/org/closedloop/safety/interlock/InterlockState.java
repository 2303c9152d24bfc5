package org.closedloop.safety.interlock;

/**
 * The states of the {@link Interlock}; the diagram is in this package's {@code package-info.java} and in
 * {@code hardware-docs/safety-case.md}.
 *
 * <p>Thread safety: immutable.
 */
public enum InterlockState {
    /** No plan armed; no output allowed. The initial state. */
    DISARMED,
    /** An operator armed an approved plan; the loop may start it until the arming expires. No output yet. */
    ARMED,
    /** A run is in progress; blocks conforming to the plan's envelope pass the gate. */
    STIMULATING,
    /** Output is ramping down (end of protocol or a soft stop); blocks must follow the falling envelope. */
    RAMPING_DOWN,
    /** A hazard cut the output to zero. Latched until an operator resets it with a reason. */
    FAULT
}
