package org.closedloop.safety.interlock;

import java.util.Optional;
import org.closedloop.safety.plan.StimulationPlan;

/**
 * The closed loop's side of the {@link Interlock}: start an armed plan, stop softly, report device and acquisition
 * events, and pass every setpoint block through the {@link #gate()}. There is deliberately no method to arm or to
 * reset a fault here.
 *
 * <p>Typical loop iteration: {@link #poll()}; if STIMULATING or RAMPING_DOWN, synthesize the next block starting at
 * {@code max(now + lead, previous block end)} with each sample scaled by {@link #envelopeFraction(long)} and ending by
 * {@link #outputEndNs()}; then {@code gate().checkBlock(...)} and send it only on PASS.
 *
 * <p>Thread safety: call on the interlock's owner thread only.
 */
public final class LoopFacet {

    private final Interlock interlock;
    private final SetpointGate gate;

    LoopFacet(Interlock interlock, SetpointGate gate) {
        this.interlock = interlock;
        this.gate = gate;
    }

    /**
     * Applies every pending transition (emergency stop, expiry, end of protocol, end of ramp-down, acquisition stall)
     * and returns the state. Call before synthesizing each block, so the block follows the current envelope.
     */
    public InterlockState poll() {
        long now = interlock.observe();
        interlock.detectStall(now);
        return interlock.state();
    }

    /**
     * ARMED → STIMULATING. Refused, listing every reason, unless: ARMED; every electrode of the plan has an impedance
     * ≤ 10 kΩ measured within the last 60 s; for a closed-loop plan, an acquisition sample within the stall limit;
     * session time and charge left; and the daily ledger readable with enough time left today for the whole run.
     * The run's time is recorded in the ledger before the start is accepted.
     */
    public ActionResult start() {
        return interlock.start();
    }

    /**
     * Soft stop requested by the loop: {@code END_OF_PROTOCOL} (session over) or {@code ACQUISITION_STALLED} (session
     * stays armed). ARMED → DISARMED; STIMULATING → RAMPING_DOWN. {@code OPERATOR_STOP} is the console's and throws
     * {@link IllegalArgumentException} here.
     */
    public ActionResult requestSoftStop(SoftStopCause cause) {
        return interlock.loopStop(cause);
    }

    /** The setpoint gate every block must pass. */
    public SetpointGate gate() {
        return gate;
    }

    /** Acquisition delivered data that arrived at {@code arrivalNs} (clamped to now). Feeds the stall detector. */
    public void reportAcquisitionSample(long arrivalNs) {
        interlock.reportAcquisitionSample(arrivalNs);
    }

    /**
     * An impedance measurement of stimulator channel {@code channel} (electrode {@code channel} of the plan). Above
     * 20 kΩ while STIMULATING or RAMPING_DOWN it is a hazard. Throws {@link IllegalArgumentException} for a channel
     * outside [0, {@value org.closedloop.safety.plan.StimulationPlan#MAX_ELECTRODES}) or negative ohms.
     *
     * @return the state afterwards
     */
    public InterlockState reportImpedance(int channel, long ohms, long measuredAtNs) {
        return interlock.reportImpedance(channel, ohms, measuredAtNs);
    }

    /** The stimulator reported compliance-voltage saturation on a channel: hazard. */
    public InterlockState reportComplianceSaturation(int channel) {
        return interlock.reportDeviceHazard(HazardCause.COMPLIANCE_SATURATION,
                "compliance voltage saturated on channel " + channel);
    }

    /** The stimulator reported over-current: hazard. */
    public InterlockState reportOverCurrent(String detail) {
        return interlock.reportDeviceHazard(HazardCause.OVER_CURRENT, "over-current: " + detail);
    }

    /** The stimulator's watchdog fired (or the controller's device watchdog did): hazard. */
    public InterlockState reportDeviceWatchdog(String detail) {
        return interlock.reportDeviceHazard(HazardCause.DEVICE_WATCHDOG, "device watchdog: " + detail);
    }

    /** Any other stimulator fault: hazard. */
    public InterlockState reportDeviceFault(String detail) {
        return interlock.reportDeviceHazard(HazardCause.DEVICE_FAULT, "device fault: " + detail);
    }

    /**
     * The fraction (0..1) of each channel's planned peak allowed at time {@code tNs}: the same envelope the gate
     * checks against. 0 outside a run.
     */
    public double envelopeFraction(long tNs) {
        return interlock.envelopeFraction(tNs);
    }

    /** Start of the current run's output window, or {@link Long#MIN_VALUE} if no run is active. */
    public long runStartNs() {
        return interlock.runStartNs();
    }

    /** End of the current output window (plan end, or end of a soft-stop ramp); {@link Long#MIN_VALUE} if no run. */
    public long outputEndNs() {
        return interlock.outputEndNs();
    }

    /** End of the last passed block (the earliest start of the next one); {@link Long#MIN_VALUE} if no run. */
    public long lastBlockEndNs() {
        return interlock.lastBlockEndNs();
    }

    /** The armed plan, if any. */
    public Optional<StimulationPlan> activePlan() {
        return interlock.activePlan();
    }

    /** Charge delivered by passed blocks in this session, in µA·ns (1 µA·ns = 1 fC). */
    public long sessionChargeMicroAmpNs() {
        return interlock.sessionChargeMicroAmpNs();
    }

    /** Running integral of channel {@code channel}'s current since the run began, in µA·ns. */
    public long chargeImbalanceMicroAmpNs(int channel) {
        return interlock.chargeImbalanceMicroAmpNs(channel);
    }

    /** The charge-balance allowance of channel {@code channel} at time {@code tNs}, in µA·ns. */
    public long chargeImbalanceAllowanceMicroAmpNs(int channel, long tNs) {
        return interlock.chargeImbalanceAllowanceMicroAmpNs(channel, tNs);
    }

    /** The current state. */
    public InterlockState state() {
        return interlock.state();
    }
}
