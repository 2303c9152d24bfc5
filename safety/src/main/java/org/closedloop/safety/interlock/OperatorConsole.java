package org.closedloop.safety.interlock;

import org.closedloop.safety.plan.StimulationPlan;

/**
 * The operator's side of the {@link Interlock}: the only API that arms, and the only one that resets a FAULT. Every
 * method takes the {@link Operator} who acted; the decision and the operator go to the audit listener. Give this
 * object to the operator UI, never to the closed loop.
 *
 * <p>Thread safety: call on the interlock's owner thread only (the controller hands UI commands over to it).
 */
public final class OperatorConsole {

    private final Interlock interlock;

    OperatorConsole(Interlock interlock) {
        this.interlock = interlock;
    }

    /**
     * DISARMED → ARMED: checks the plan with {@code PlanChecker} and arms it if approved. Refused (with every violated
     * rule) if the plan is refused or the interlock is not DISARMED. The arming expires after
     * {@value org.closedloop.safety.SafetyLimits#ARMING_EXPIRY_SECONDS} s if no run starts.
     */
    public ActionResult arm(Operator operator, StimulationPlan plan) {
        return interlock.arm(operator, plan);
    }

    /**
     * Stops: ARMED → DISARMED; STIMULATING → RAMPING_DOWN (soft stop, ramped within the ramp limit, then DISARMED);
     * otherwise nothing to do. Always accepted. For an immediate cut, press the emergency stop.
     */
    public ActionResult stop(Operator operator) {
        return interlock.operatorStop(operator);
    }

    /**
     * FAULT → DISARMED. Refused unless in FAULT, with a non-blank {@code reason} (what was found and fixed), with
     * the emergency stop released, and with no new hazard detected during this very call (e.g. a fresh emergency stop
     * press or a clock fault). A new arming is needed afterwards.
     */
    public ActionResult resetFault(Operator operator, String reason) {
        return interlock.resetFault(operator, reason);
    }

    /** The current state. */
    public InterlockState state() {
        return interlock.state();
    }
}
