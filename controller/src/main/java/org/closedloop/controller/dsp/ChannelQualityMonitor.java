package org.closedloop.controller.dsp;

/**
 * Per-channel quality flags at the feature rate (see {@link ChannelFlags}):
 * <ul>
 *   <li><b>Saturated</b>: the largest |raw| of the decimation block reached {@code saturationFraction * fullScale};
 *       held for {@code flagHoldSeconds} after the last such block (the filters ring after a rail).</li>
 *   <li><b>Flat</b>: the raw peak-to-peak, sampled at the feature rate over {@code flatWindowSeconds}, is below
 *       {@code flatPeakToPeakMicrovolts} (judged on the raw value so an electrode offset of any size cannot hide
 *       it; peak-to-peak rather than variance avoids cancellation in sums of squares of large offsets). Only
 *       reported once a full window has been seen.</li>
 *   <li><b>Artefact</b>: the DC-removed, notched signal's peak-to-peak over {@code artefactWindowSeconds} exceeds
 *       {@code artefactPeakToPeakMicrovolts} (a blink, a movement, an electrode pop); held like saturation.</li>
 * </ul>
 * A channel with any flag is not usable: it is excluded from the phase montage and from the averages the loop reads.
 * A step is {@link #record recorded} for all channels at once and {@link #evaluate evaluated} range by range, so
 * the per-channel work can be spread over the calls of a feature period.
 *
 * <p><b>Thread safety:</b> not thread safe; owned by the loop thread.
 */
final class ChannelQualityMonitor {
    private final int channels;
    private final double saturationMicrovolts;
    private final double flatMicrovolts;
    private final double artefactMicrovolts;
    private final int holdSamples;
    private final WindowedRange raw;
    private final WindowedRange clean;
    private final int[] saturationHold;
    private final int[] artefactHold;
    private final int[] flags;
    private final double[] usableMask;
    private final boolean[] saturatedBlock;
    private final boolean[] released;
    private final double[] peakAbs;
    private final double[] rawAtStep;
    private boolean flatKnown;

    ChannelQualityMonitor(DspConfig config) {
        this.channels = config.channels();
        double rate = config.featureRateHz();
        this.saturationMicrovolts = config.saturationFraction() * config.fullScaleMicrovolts();
        this.flatMicrovolts = config.flatPeakToPeakMicrovolts();
        this.artefactMicrovolts = config.artefactPeakToPeakMicrovolts();
        this.holdSamples = (int) Math.round(config.flagHoldSeconds() * rate);
        this.raw = window(channels, config.flatWindowSeconds() * rate);
        this.clean = window(channels, config.artefactWindowSeconds() * rate);
        this.saturationHold = new int[channels];
        this.artefactHold = new int[channels];
        this.flags = new int[channels];
        this.usableMask = new double[channels];
        java.util.Arrays.fill(usableMask, 1.0);
        this.saturatedBlock = new boolean[channels];
        this.released = new boolean[channels];
        this.peakAbs = new double[channels];
        this.rawAtStep = new double[channels];
    }

    /** Ten chunks per window, so the window length is accurate to a tenth. */
    private static WindowedRange window(int channels, double windowSamples) {
        int chunk = Math.max(1, (int) Math.round(windowSamples / 10));
        int chunks = Math.max(2, (int) Math.round(windowSamples / chunk));
        return new WindowedRange(channels, chunk, chunks);
    }

    /**
     * Records one feature-rate step for every channel; the windows and flags of each channel are updated when
     * {@link #evaluate} runs over it (before the next step), so that work can be spread over several calls.
     *
     * @param blockPeakAbs largest |raw| per channel over the decimation block, microvolts (copied)
     * @param rawNow       the raw input of this step, microvolts (copied)
     */
    void record(double[] blockPeakAbs, double[] rawNow) {
        System.arraycopy(blockPeakAbs, 0, peakAbs, 0, channels);
        System.arraycopy(rawNow, 0, rawAtStep, 0, channels);
        raw.beginStep();
        clean.beginStep();
        flatKnown = raw.windowFull();
    }

    /**
     * Updates the windows and flags of channels {@code [from, to)} for the last {@link #record}ed step.
     *
     * @param cleanAtStep the DC-removed, notched signal of that step, microvolts
     * @return the number of those channels whose saturation ended with that step ({@link #releasedFromSaturation})
     */
    int evaluate(double[] cleanAtStep, int from, int to) {
        raw.add(rawAtStep, from, to);
        clean.add(cleanAtStep, from, to);
        int releases = 0;
        for (int c = from; c < to; c++) {
            boolean saturated = peakAbs[c] >= saturationMicrovolts;
            released[c] = saturatedBlock[c] && !saturated;
            releases += released[c] ? 1 : 0;
            saturatedBlock[c] = saturated;
            int sat = saturated ? holdSamples + 1 : saturationHold[c] - 1;
            saturationHold[c] = Math.max(0, sat);
            int art = clean.peakToPeak(c) > artefactMicrovolts ? holdSamples + 1 : artefactHold[c] - 1;
            artefactHold[c] = Math.max(0, art);
            int f = 0;
            if (saturationHold[c] > 0) {
                f |= ChannelFlags.SATURATED;
            }
            if (flatKnown && raw.peakToPeak(c) < flatMicrovolts) {
                f |= ChannelFlags.FLAT;
            }
            if (artefactHold[c] > 0) {
                f |= ChannelFlags.ARTEFACT;
            }
            flags[c] = f;
            usableMask[c] = f == 0 ? 1.0 : 0.0;
        }
        return releases;
    }

    /** True if the step last {@link #evaluate evaluated} for {@code channel} was the first unsaturated block of {@code channel} after saturation. */
    boolean releasedFromSaturation(int channel) {
        return released[channel];
    }

    int flags(int channel) {
        return flags[channel];
    }

    /** 1.0 for a usable channel, 0.0 for a flagged one. Live array: read only. */
    double[] usableMask() {
        return usableMask;
    }
}
