package org.closedloop.controller.dsp;

import java.util.Arrays;

/**
 * Running minimum and maximum per channel over a sliding window, in O(1) per sample: the window is cut into chunks;
 * the current chunk's extremes are updated every sample, and the extremes of the last {@code chunks - 1} completed
 * chunks are recomputed once per chunk. The window therefore spans between {@code (chunks - 1) * chunkSamples} and
 * {@code chunks * chunkSamples} samples.
 *
 * <p><b>Thread safety:</b> not thread safe; owned by the loop thread.
 */
final class WindowedRange {
    private final int channels;
    private final int chunkSamples;
    private final double[][] ringMax;
    private final double[][] ringMin;
    private final double[] currentMax;
    private final double[] currentMin;
    private final double[] pastMax;
    private final double[] pastMin;
    private int inChunk;
    private int ringPos;
    private long samples;

    /**
     * @param chunkSamples samples per chunk, 1 or more
     * @param chunks       chunks per window, 2 or more
     */
    WindowedRange(int channels, int chunkSamples, int chunks) {
        this.channels = channels;
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

    /** Adds one sample per channel. */
    void add(double[] x) {
        final int n = channels;
        final double[] mx = currentMax;
        final double[] mn = currentMin;
        for (int c = 0; c < n; c++) {
            mx[c] = Math.max(mx[c], x[c]);
            mn[c] = Math.min(mn[c], x[c]);
        }
        samples++;
        if (++inChunk == chunkSamples) {
            inChunk = 0;
            System.arraycopy(mx, 0, ringMax[ringPos], 0, n);
            System.arraycopy(mn, 0, ringMin[ringPos], 0, n);
            ringPos = ringPos + 1 == ringMax.length ? 0 : ringPos + 1;
            Arrays.fill(mx, 0, n, Double.NEGATIVE_INFINITY);
            Arrays.fill(mn, 0, n, Double.POSITIVE_INFINITY);
            Arrays.fill(pastMax, 0, n, Double.NEGATIVE_INFINITY);
            Arrays.fill(pastMin, 0, n, Double.POSITIVE_INFINITY);
            for (int k = 0; k < ringMax.length; k++) {
                final double[] rmx = ringMax[k];
                final double[] rmn = ringMin[k];
                for (int c = 0; c < n; c++) {
                    pastMax[c] = Math.max(pastMax[c], rmx[c]);
                    pastMin[c] = Math.min(pastMin[c], rmn[c]);
                }
            }
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
