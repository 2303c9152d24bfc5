package org.closedloop.safety.interlock;

/**
 * Commands the stimulator to zero output at once and to drop any queued setpoints. The controller wires it to the
 * stimulator driver. The interlock calls it first on every hazard (before anything else) and when a run ends.
 *
 * <p>It must be fast, non-blocking and idempotent, and must not call back into the interlock. If it throws, the
 * interlock still latches FAULT and reports {@link DecisionKind#OUTPUT_CUTOFF_FAILED}; the firmware's own watchdog
 * is then the remaining barrier (see the safety case).
 *
 * <p>Thread safety: called from the interlock's owner thread only.
 */
@FunctionalInterface
public interface OutputCutoff {

    /** Zero the output now and discard queued setpoints. */
    void zeroOutputNow();
}
