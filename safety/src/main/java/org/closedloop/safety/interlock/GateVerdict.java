package org.closedloop.safety.interlock;

/**
 * The verdict of {@link SetpointGate#checkBlock}: pass the block to the stimulator, or not. A refused block has
 * already tripped a hazard (FAULT, output zeroed); {@link SetpointGate#lastRefusal()} names the rule.
 *
 * <p>Thread safety: immutable.
 */
public enum GateVerdict {
    /** The block conforms: send it to the stimulator. */
    PASS,
    /** The block must not be sent; the interlock is in FAULT. */
    REFUSED;

    /** Whether the block may be sent. */
    public boolean passed() {
        return this == PASS;
    }
}
