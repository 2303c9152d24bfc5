package org.closedloop.sim.bench;

import org.closedloop.sim.eeg.SampledStimulationField;
import org.closedloop.sim.stim.DeliveredCurrentSink;

/**
 * Couples a simulated stimulator to a simulated head: pushes every DAC tick's delivered current into a
 * {@link SampledStimulationField} as one step at the tick's host time, channel {@code c} of the stimulator driving
 * electrode {@code c} of the field. The field holds each step until the next, exactly as the DAC holds its output
 * for the tick, so the field read at any time up to the newest tick gives what the stimulator was delivering then.
 * Idle ticks are pushed too: when output stops, the field reads 0 from the first zero tick on.
 *
 * <p>Every tick is pushed (1000 steps per second at the simulator's 1 kHz DAC rate), not only the changes: that is
 * as correct under the field's sample-and-hold and keeps the field's newest step at most one tick behind the DAC,
 * at the price of a field capacity sized in ticks ({@code capacity} ms of history at 1 kHz).
 *
 * <p><b>Thread safety:</b> a {@link DeliveredCurrentSink}: called by the stimulator's DAC thread only. Per tick it
 * converts into a reused scratch array (no allocation) and takes the field's lock once for a copy of one step; the
 * field's reader (the board's pacing thread) holds that lock as briefly, so the DAC thread never waits more than a
 * few microseconds.
 */
public final class StimulationFieldFeed implements DeliveredCurrentSink {
    private final SampledStimulationField field;
    private final double[] microAmps;

    /**
     * @param field    the field to feed; its electrode count must equal the stimulator's channel count
     * @param channels the stimulator's physical channels ({@code StimSimConfig.channels()})
     * @throws IllegalArgumentException if the counts differ
     */
    public StimulationFieldFeed(SampledStimulationField field, int channels) {
        if (field.electrodes() != channels) {
            throw new IllegalArgumentException("field electrodes=" + field.electrodes() + ": must equal the "
                    + "stimulator's channels=" + channels + " (channel c drives electrode c)");
        }
        this.field = field;
        this.microAmps = new double[channels];
    }

    @Override
    public void onDelivered(long hostNanos, int[] deliveredMicroAmps) {
        final double[] scratch = microAmps;
        for (int c = 0; c < scratch.length; c++) {
            scratch[c] = deliveredMicroAmps[c];
        }
        field.push(hostNanos, scratch);
    }
}
