package org.closedloop.controller.dsp;

import java.util.Arrays;

/**
 * Running minimum and maximum per channel over a sliding window, in O(1) per sample and channel: the window is cut
 * into chunks; the current chunk's extremes are updated every sample, and the extremes of the last
 * {@code chunks - 1} completed chunks are recomputed once per chunk. The window therefore spans between
 * {@code (chunks - 1) * chunkSamples} and {@code chunks * chunkSamples} samples.
 *
 * <p>A step is {@link #beginStep()} followed by {@link #add} over channel ranges that together cover every channel
 * once, so the work of a step (including the recomputation when a chunk completes) can be spread over several calls.
 *
 * <p><b>Thread safety:</b> not thread safe; owned by the loop thread.
 */
final class WindowedRange {
    private final int chunkSamples;
    private final double[][] ringMax;
    private final double[][] ringMin;
    private final double[] currentMax;
    private final double[] currentMin;
    private final double[] pastMax;
    private final double[] pastMin;
    private int inChunk;
    private int ringPos;
    private boolean completesChunk;
    private long samples;

    /**
     * @param chunkSamples samples per chunk, 1 or more
     * @param chunks       chunks per window, 2 or more
     */
    WindowedRange(int channels, int chunkSamples, int chunks) {
        this.chunkSamples = chunkSamples;
        this.ringMax = new double[chunks - 1][channels];
        this.ringMin = new double[chunks - 1][channels];
        for (int k = 0; k < chunks - 1; k++) {
            Arrays.fill(ringMax[k], Double.NEGATIVE_INFINITY);
            Arrays.fill(ringMin[k], Double.POSITIVE_INFINITY);
        }
        this.currentMax = new double[channels];
        this.currentMin = new double[channels];
        this.pastMax = new double[channels];
        this.pastMin = new double[channels];
        Arrays.fill(currentMax, Double.NEGATIVE_INFINITY);
        Arrays.fill(currentMin, Double.POSITIVE_INFINITY);
        Arrays.fill(pastMax, Double.NEGATIVE_INFINITY);
        Arrays.fill(pastMin, Double.POSITIVE_INFINITY);
    }

    /** Starts the next sample; its values follow by {@link #add} for every channel before the next call. */
    void beginStep() {
        samples++;
        completesChunk = ++inChunk == chunkSamples;
        if (completesChunk) {
            inChunk = 0;
        }
    }

    /** Adds this step's values of channels {@code [from, to)}. */
    void add(double[] x, int from, int to) {
        final double[] mx = currentMax;
        final double[] mn = currentMin;
        for (int c = from; c < to; c++) {
            mx[c] = Math.max(mx[c], x[c]);
            mn[c] = Math.min(mn[c], x[c]);
        }
        if (!completesChunk) {
            return;
        }
        final double[] rmx = ringMax[ringPos];
        final double[] rmn = ringMin[ringPos];
        System.arraycopy(mx, from, rmx, from, to - from);
        System.arraycopy(mn, from, rmn, from, to - from);
        Arrays.fill(mx, from, to, Double.NEGATIVE_INFINITY);
        Arrays.fill(mn, from, to, Double.POSITIVE_INFINITY);
        Arrays.fill(pastMax, from, to, Double.NEGATIVE_INFINITY);
        Arrays.fill(pastMin, from, to, Double.POSITIVE_INFINITY);
        for (int k = 0; k < ringMax.length; k++) {
            final double[] kmx = ringMax[k];
            final double[] kmn = ringMin[k];
            for (int c = from; c < to; c++) {
                pastMax[c] = Math.max(pastMax[c], kmx[c]);
                pastMin[c] = Math.min(pastMin[c], kmn[c]);
            }
        }
        if (to == currentMax.length) {
            ringPos = ringPos + 1 == ringMax.length ? 0 : ringPos + 1; // the last range of the step
        }
    }

    /** Peak-to-peak of channel {@code c} over the window (over what has been seen, before the window is full). */
    double peakToPeak(int c) {
        return Math.max(pastMax[c], currentMax[c]) - Math.min(pastMin[c], currentMin[c]);
    }

    /** True once at least one whole window of samples has been added. */
    boolean windowFull() {
        return samples >= (long) chunkSamples * (ringMax.length + 1);
    }
}
