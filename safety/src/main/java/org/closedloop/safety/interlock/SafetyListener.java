package org.closedloop.safety.interlock;

/**
 * Receives every decision of the interlock (arm, refusal, start, stop, hazard, gate refusal, reset) with its reason,
 * e.g. to write the audit log. Passed blocks are not reported (they are the normal case and the hot path).
 *
 * <p>Called on the interlock's owner thread, after the state has changed and after any output cutoff. It must return
 * quickly and must not call back into the interlock. If it throws, the interlock counts the failure
 * ({@link Interlock#listenerFailureCount()}) and carries on: a failing audit log never blocks a safety transition.
 *
 * <p>Thread safety: called from the owner thread only.
 */
@FunctionalInterface
public interface SafetyListener {

    /** A listener that ignores every decision. */
    SafetyListener NO_OP = decision -> {
    };

    /** Called once per decision. */
    void onDecision(SafetyDecision decision);
}
