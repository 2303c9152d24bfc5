package org.closedloop.controller.dsp;

import java.util.List;

/**
 * Windowed band power by Welch's method, for reports and as the reference the streaming estimator is validated
 * against: Hann segments of {@code nfft} samples (periodic Hann, as scipy's {@code welch}), {@code round(overlap *
 * nfft)} samples of overlap, the segment mean removed, the one-sided power spectral density averaged over the
 * segments ({@code mean |X|^2 / (fs * sum w^2)}, doubled except at 0 and fs/2), trailing samples that do not fill a
 * segment ignored.
 *
 * <p>Band power integrates the density over {@code [loHz, hiHz]}: every bin counts with the fraction of its cell
 * {@code [f - df/2, f + df/2]} that lies inside the band, so white noise of variance s^2 reads
 * {@code s^2 * width / (fs/2)} whatever the bin grid, and adjacent bands share an edge bin without double counting.
 * A sine a few bins inside a band reads A^2/2; one on an edge is split between the two bands.
 *
 * <p>Two real channels share one complex FFT ({@link #bandPowers(double[][], int, int, double[][])}). Scratch
 * arrays are allocated once: no allocation per call.
 *
 * <p><b>Thread safety:</b> not thread safe (scratch arrays); one instance per thread.
 */
public final class WelchBandPower {
    private final double sampleRateHz;
    private final int nfft;
    private final int hop;
    private final List<Band> bands;
    private final Fft fft;
    private final double[] window;
    private final double windowPower;
    private final int[] firstBin;
    private final double[][] binWeights;
    private final double[] re;
    private final double[] im;
    private final double[] psdA;
    private final double[] psdB;

    /**
     * @param sampleRateHz    sample rate, Hz, positive
     * @param nfft            segment length, a power of two, 8 or more
     * @param overlapFraction overlap of consecutive segments, 0 to 0.95
     * @param bands           bands to integrate, each below fs/2
     */
    public WelchBandPower(double sampleRateHz, int nfft, double overlapFraction, List<Band> bands) {
        if (!(sampleRateHz > 0) || !Double.isFinite(sampleRateHz)) {
            throw new IllegalArgumentException("sampleRateHz=" + sampleRateHz + ": must be positive");
        }
        if (nfft < 8 || Integer.bitCount(nfft) != 1) {
            throw new IllegalArgumentException("nfft=" + nfft + ": must be a power of two >= 8");
        }
        if (!(overlapFraction >= 0 && overlapFraction <= 0.95)) {
            throw new IllegalArgumentException("overlapFraction=" + overlapFraction + ": must be 0-0.95");
        }
        this.sampleRateHz = sampleRateHz;
        this.nfft = nfft;
        this.hop = nfft - (int) Math.round(overlapFraction * nfft);
        this.bands = List.copyOf(bands);
        this.fft = new Fft(nfft);
        this.window = new double[nfft];
        double power = 0;
        for (int j = 0; j < nfft; j++) {
            window[j] = 0.5 * (1 - Math.cos(2 * Math.PI * j / nfft));
            power += window[j] * window[j];
        }
        this.windowPower = power;
        double df = sampleRateHz / nfft;
        this.firstBin = new int[this.bands.size()];
        this.binWeights = new double[this.bands.size()][];
        for (int b = 0; b < this.bands.size(); b++) {
            Band band = this.bands.get(b);
            if (band.hiHz() > sampleRateHz / 2) {
                throw new IllegalArgumentException("band " + band.name() + ".hiHz=" + band.hiHz()
                        + ": must be at most fs/2=" + sampleRateHz / 2);
            }
            int k0 = Math.max(0, (int) Math.floor(band.loHz() / df + 0.5));
            int k1 = Math.min(nfft / 2, (int) Math.ceil(band.hiHz() / df - 0.5));
            firstBin[b] = k0;
            binWeights[b] = new double[k1 - k0 + 1];
            for (int k = k0; k <= k1; k++) {
                double cellLo = Math.max(0, (k - 0.5) * df);
                double cellHi = Math.min(sampleRateHz / 2, (k + 0.5) * df);
                double inside = Math.min(cellHi, band.hiHz()) - Math.max(cellLo, band.loHz());
                binWeights[b][k - k0] = Math.max(0, inside); // Hz of this bin's cell inside the band
            }
        }
        this.re = new double[nfft];
        this.im = new double[nfft];
        this.psdA = new double[nfft / 2 + 1];
        this.psdB = new double[nfft / 2 + 1];
    }

    /** Number of segments that fit in {@code length} samples (0 if fewer than nfft). */
    public int segmentCount(int length) {
        return length < nfft ? 0 : (length - nfft) / hop + 1;
    }

    /** Bin spacing, Hz. */
    public double frequencyResolutionHz() {
        return sampleRateHz / nfft;
    }

    /** Samples between segment starts. */
    public int hopSamples() {
        return hop;
    }

    public List<Band> bands() {
        return bands;
    }

    /**
     * One-sided power spectral density of {@code x[offset, offset + length)} into {@code psdOut[0 .. nfft/2]},
     * microvolts squared per Hz (bin k at {@code k * fs / nfft}).
     *
     * @throws IllegalArgumentException if fewer than nfft samples are given
     */
    public void psd(double[] x, int offset, int length, double[] psdOut) {
        accumulate(x, null, offset, length);
        System.arraycopy(psdA, 0, psdOut, 0, nfft / 2 + 1);
    }

    /** Band powers of one channel into {@code out[0 .. bands)}, microvolts squared. */
    public void bandPowers(double[] x, int offset, int length, double[] out) {
        accumulate(x, null, offset, length);
        integrate(psdA, out);
    }

    /**
     * Band powers of every channel: {@code out[channel][band]}, microvolts squared; channels are transformed two
     * at a time in one complex FFT.
     */
    public void bandPowers(double[][] channels, int offset, int length, double[][] out) {
        for (int c = 0; c < channels.length; c += 2) {
            boolean pair = c + 1 < channels.length;
            accumulate(channels[c], pair ? channels[c + 1] : null, offset, length);
            integrate(psdA, out[c]);
            if (pair) {
                integrate(psdB, out[c + 1]);
            }
        }
    }

    private void integrate(double[] psd, double[] out) {
        for (int b = 0; b < binWeights.length; b++) {
            double[] w = binWeights[b];
            int k0 = firstBin[b];
            double sum = 0;
            for (int i = 0; i < w.length; i++) {
                sum += psd[k0 + i] * w[i];
            }
            out[b] = sum;
        }
    }

    /** PSD of a (and b, if not null) into psdA (psdB). */
    private void accumulate(double[] a, double[] b, int offset, int length) {
        int segments = segmentCount(length);
        if (segments == 0) {
            throw new IllegalArgumentException("length=" + length + ": Welch needs at least nfft=" + nfft
                    + " samples");
        }
        final int n = nfft;
        final int half = n / 2;
        java.util.Arrays.fill(psdA, 0);
        java.util.Arrays.fill(psdB, 0);
        for (int s = 0; s < segments; s++) {
            int start = offset + s * hop;
            double meanA = 0;
            double meanB = 0;
            for (int j = 0; j < n; j++) {
                meanA += a[start + j];
                if (b != null) {
                    meanB += b[start + j];
                }
            }
            meanA /= n;
            meanB /= n;
            for (int j = 0; j < n; j++) {
                re[j] = (a[start + j] - meanA) * window[j];
                im[j] = b == null ? 0 : (b[start + j] - meanB) * window[j];
            }
            fft.forward(re, im);
            // Z = FFT(a + i b): A[k] = (Z[k] + conj Z[N-k]) / 2, B[k] = (Z[k] - conj Z[N-k]) / 2i
            for (int k = 0; k <= half; k++) {
                int m = (n - k) & (n - 1);
                double ar = 0.5 * (re[k] + re[m]);
                double ai = 0.5 * (im[k] - im[m]);
                double br = 0.5 * (im[k] + im[m]);
                double bi = -0.5 * (re[k] - re[m]);
                psdA[k] += ar * ar + ai * ai;
                psdB[k] += br * br + bi * bi;
            }
        }
        double scale = 1.0 / (segments * sampleRateHz * windowPower);
        for (int k = 0; k <= half; k++) {
            double oneSided = k == 0 || k == half ? 1 : 2;
            psdA[k] *= scale * oneSided;
            psdB[k] *= scale * oneSided;
        }
    }
}
