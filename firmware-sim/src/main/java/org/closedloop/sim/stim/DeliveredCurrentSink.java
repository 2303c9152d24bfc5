package org.closedloop.sim.stim;

/**
 * Receives what the simulated stimulator's output stage delivered, once per DAC tick: the hook that couples the
 * stimulator to a simulated head (see {@code org.closedloop.sim.bench.StimulationFieldFeed}). Given to
 * {@link SimulatedStimulator#start(StimSimConfig, DeliveredCurrentSink)}.
 *
 * <p>Every tick is passed, idle ones included (all zeros), in tick order, with exactly the host time and delivered
 * currents {@link StimGroundTruth} records for that tick (the sink is called right after the ground truth is
 * appended). A tick's host time is when the device clock reached the tick, mapped to the host's
 * {@link System#nanoTime()} (the device clock's drift is already accounted for), not when the DAC thread happened
 * to run: if that thread runs late it catches up tick by tick and the sink receives the late ticks with their own
 * times, later than they happened.
 *
 * <p><b>Thread safety:</b> called only by the stimulator's DAC thread ({@code stim-sim-dac-N}), never concurrently
 * with itself. The DAC thread outputs a tick every millisecond: an implementation must return within microseconds,
 * allocate nothing and never wait on anything that may wait on the stimulator. A short lock held as briefly by its
 * reader is acceptable (the coupling's {@code SampledStimulationField.push} is such a lock);
 * a slow sink makes the DAC thread late, which delays its replies and the sink's own pushes but changes no tick's
 * values or times. An exception thrown by the sink is a bug in the coupling: it stops the simulated device as any
 * firmware error does (logged once by the DAC loop).
 */
@FunctionalInterface
public interface DeliveredCurrentSink {
    /**
     * One DAC tick's output.
     *
     * @param hostNanos the tick's start on the {@link System#nanoTime()} timeline; strictly increasing from call to
     *                  call (also across a device reset)
     * @param microAmps current delivered per physical channel, µA, signed (positive into the head), exactly
     *                  {@link StimSimConfig#channels()} long; 0 for channels not configured and whenever the device
     *                  is not running, faulted or disconnected by the enable line. The array is reused: read it during
     *                  the call only, never keep it. It is a copy, so modifying it cannot change the device's output
     *                  or its ground truth
     */
    void onDelivered(long hostNanos, int[] microAmps);
}
