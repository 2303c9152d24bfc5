package org.closedloop.controller.stim;

import java.util.concurrent.CompletableFuture;
import org.closedloop.safety.interlock.ActionResult;
import org.closedloop.safety.interlock.InterlockState;
import org.closedloop.safety.interlock.SoftStopCause;

/**
 * The closed loop's side of the {@link StimulationLoop}: start the armed plan at a chosen onset, stop softly, and
 * report acquisition liveness. It cannot arm or reset.
 *
 * <p><b>Thread safety:</b> thread safe; {@link #reportAcquisitionSample(long)} is lock-free and allocation-free (call
 * it from the acquisition consumer for every sample or batch).
 */
public final class ClosedLoopCommands {
    private final StimulationLoop loop;

    ClosedLoopCommands(StimulationLoop loop) {
        this.loop = loop;
    }

    /**
     * Starts the armed plan so that every waveform component has its planned phase at host time {@code onsetNs}
     * ({@link System#nanoTime()} timeline) and the output begins there with the plan's ramp. For onset at a target
     * EEG phase, a phase estimator computes the time at which the target phase will occur and passes it here. The run
     * is started (impedance refreshed if older than the configured age, ledger written) shortly before the onset; an
     * onset that is already too close or past keeps its phase grid and begins at the next possible sample. The future
     * completes with the interlock's answer when the run starts, or with a refusal.
     */
    public CompletableFuture<ActionResult> startAt(long onsetNs) {
        return loop.submit(() -> loop.scheduleStart(onsetNs)).thenCompose(f -> f);
    }

    /** Soft stop: END_OF_PROTOCOL or ACQUISITION_STALLED (OPERATOR_STOP belongs to the operator). */
    public CompletableFuture<ActionResult> requestSoftStop(SoftStopCause cause) {
        return loop.submit(() -> loop.softStop(cause));
    }

    /**
     * Soft-stops the current run, if any, or cancels a scheduled start; unlike {@link #requestSoftStop} it never
     * disarms an armed session that is between runs (a closed-loop stop rule firing between bursts).
     */
    public CompletableFuture<ActionResult> stopRun(SoftStopCause cause) {
        return loop.submit(() -> loop.stopRun(cause));
    }

    /** Acquisition delivered data at {@code arrivalNs}; forwarded to the interlock's stall detector by the loop. */
    public void reportAcquisitionSample(long arrivalNs) {
        loop.setAcquisitionNs(arrivalNs);
    }

    /** The interlock's state. */
    public InterlockState state() {
        return loop.state();
    }
}
