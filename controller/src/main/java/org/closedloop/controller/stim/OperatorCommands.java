package org.closedloop.controller.stim;

import java.util.concurrent.CompletableFuture;
import org.closedloop.safety.interlock.ActionResult;
import org.closedloop.safety.interlock.Operator;
import org.closedloop.safety.plan.StimulationPlan;

/**
 * The operator's side of the {@link StimulationLoop}: the only way to arm and to reset a fault. Give it to the
 * operator UI, never to the closed loop. Each command runs on the loop thread; the future completes with the result.
 *
 * <p><b>Thread safety:</b> thread safe.
 */
public final class OperatorCommands {
    private final StimulationLoop loop;

    OperatorCommands(StimulationLoop loop) {
        this.loop = loop;
    }

    /**
     * Arms {@code plan}: connects to the stimulator if needed, refuses a real stimulator without GPIO safety lines,
     * configures the device with the plan's electrodes and areas, measures every electrode's impedance (refusing
     * above {@value org.closedloop.safety.SafetyLimits#MAX_IMPEDANCE_TO_START_OHMS} Ω with the electrode named), and
     * then asks the interlock to arm (plan check).
     */
    public CompletableFuture<ActionResult> arm(Operator operator, StimulationPlan plan) {
        return loop.submit(() -> loop.arm(operator, plan));
    }

    /** Operator stop: ARMED → DISARMED, a run ramps down; cancels a scheduled start. */
    public CompletableFuture<ActionResult> stop(Operator operator) {
        return loop.submit(() -> loop.stop(operator));
    }

    /**
     * Resets a FAULT (operator, non-blank reason, emergency stop released) and then the stimulator's own latched
     * fault; if the stimulator refuses, the interlock faults again and the result says so.
     */
    public CompletableFuture<ActionResult> resetFault(Operator operator, String reason) {
        return loop.submit(() -> loop.resetFault(operator, reason));
    }

    /**
     * Before arming: connects, configures the stimulator for {@code plan} and measures its electrodes (shown to the
     * operator before confirming). Not during a run.
     */
    public CompletableFuture<ImpedanceReport> measureImpedance(StimulationPlan plan) {
        return loop.submit(() -> loop.previewImpedance(plan));
    }

    /** The connected stimulator's identity (firmware, serial, channels), or null if none is connected. */
    public CompletableFuture<DeviceIdentity> deviceIdentity() {
        return loop.submit(loop::deviceIdentity);
    }

    /** Measures the armed plan's electrodes again (not during a run) and reports them to the interlock. */
    public CompletableFuture<ImpedanceReport> measureImpedance() {
        return loop.submit(loop::measureImpedance);
    }
}
