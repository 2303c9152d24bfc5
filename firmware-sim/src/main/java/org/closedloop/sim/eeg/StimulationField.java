package org.closedloop.sim.eeg;

/**
 * The current a stimulator delivers through each of its electrodes, as the simulated head receives it. A
 * {@link SyntheticEeg} pulls it once per sample and turns it into a stimulation artefact on the recording channels
 * and an entrainment effect on its alpha oscillator (see {@link StimulationResponse}).
 *
 * <p>Time is a {@code long} in nanoseconds on a clock the coupling chooses: {@link SyntheticEeg#next(double[])}
 * asks at {@code sampleIndex * 1e9 / sampleRateHz} (0 at the first sample), the simulated Cyton board asks at each
 * sample's due time on the {@link System#nanoTime()} clock. Electrode currents are signed microamps, positive into
 * the head; for a two-electrode montage they are +I and -I.
 *
 * <p><b>Thread safety:</b> called only by the thread that owns the {@link SyntheticEeg}; an implementation fed by
 * another thread (a stimulator) must make that safe itself, as {@link SampledStimulationField} does.
 */
public interface StimulationField {
    /** Number of electrodes, 1 or more; constant for the field's life. */
    int electrodes();

    /**
     * Writes the current of every electrode at {@code timeNanos}.
     *
     * @param timeNanos     the sample's time on the coupling's clock, nanoseconds
     * @param microAmpsOut  receives {@link #electrodes()} signed currents in microamps, finite; may be longer
     */
    void currentsAt(long timeNanos, double[] microAmpsOut);
}
