package org.closedloop.controller.dsp;

/**
 * The full-rate stage, run on every input sample for all channels in one fused loop: DC removal, anti-alias
 * low-pass (when decimating) and the peak absolute raw value of the current decimation block (for saturation).
 *
 * <ul>
 *   <li>DC removal: one-pole high-pass {@code y[n] = x[n] - x[n-1] + r y[n-1]}, {@code r = exp(-2 pi fc / fs)};
 *       primed with the first sample, so an electrode offset does not ring through the filters at start-up.</li>
 *   <li>Anti-alias: 6th-order Butterworth low-pass (three sections, direct form II transposed) at 0.32 times the
 *       feature rate (80 Hz for a 250 Hz feature rate): flat within 0.1% up to 0.2 times the feature rate (the
 *       highest allowed band edge), -49 dB at the first alias of that edge. Skipped when there is no decimation.</li>
 * </ul>
 *
 * <p>State is channel-major (one {@code double[]} per state variable, indexed by channel) and the loop body is plain
 * arithmetic on the same index, so C2 vectorises it across channels.
 *
 * <p><b>Thread safety:</b> not thread safe; owned by the loop thread.
 */
final class FrontEnd {
    private final int channels;
    private final boolean antiAlias;
    private final double dcPole;
    private final double b10;
    private final double b11;
    private final double b12;
    private final double a11;
    private final double a12;
    private final double b20;
    private final double b21;
    private final double b22;
    private final double a21;
    private final double a22;
    private final double b30;
    private final double b31;
    private final double b32;
    private final double a31;
    private final double a32;
    private final double[] dcPrevIn;
    private final double[] dcPrevOut;
    private final double[] s11;
    private final double[] s12;
    private final double[] s21;
    private final double[] s22;
    private final double[] s31;
    private final double[] s32;
    private final double[] blockPeakAbs;
    private boolean primed;

    FrontEnd(int channels, double sampleRateHz, double dcCutoffHz, int decimation) {
        this.channels = channels;
        this.antiAlias = decimation > 1;
        this.dcPole = Math.exp(-2 * Math.PI * dcCutoffHz / sampleRateHz);
        double[] sos = new double[3 * BiquadDesign.STRIDE];
        if (antiAlias) {
            BiquadDesign.butterworthLowPass(6, 0.32 * sampleRateHz / decimation, sampleRateHz, sos);
        }
        b10 = sos[0];
        b11 = sos[1];
        b12 = sos[2];
        a11 = sos[3];
        a12 = sos[4];
        b20 = sos[5];
        b21 = sos[6];
        b22 = sos[7];
        a21 = sos[8];
        a22 = sos[9];
        b30 = sos[10];
        b31 = sos[11];
        b32 = sos[12];
        a31 = sos[13];
        a32 = sos[14];
        dcPrevIn = new double[channels];
        dcPrevOut = new double[channels];
        s11 = new double[channels];
        s12 = new double[channels];
        s21 = new double[channels];
        s22 = new double[channels];
        s31 = new double[channels];
        s32 = new double[channels];
        blockPeakAbs = new double[channels];
    }

    /**
     * One input sample for all channels.
     *
     * @param microvolts raw input, at least {@code channels} values
     * @param out        DC-removed (and anti-aliased) output, at least {@code channels} values
     */
    void process(double[] microvolts, double[] out) {
        final int n = channels;
        if (!primed) {
            System.arraycopy(microvolts, 0, dcPrevIn, 0, n);
            primed = true;
        }
        final double r = dcPole;
        final double[] pin = dcPrevIn;
        final double[] pout = dcPrevOut;
        final double[] peak = blockPeakAbs;
        if (!antiAlias) {
            for (int c = 0; c < n; c++) {
                double x = microvolts[c];
                peak[c] = Math.max(peak[c], Math.abs(x));
                double d = x - pin[c] + r * pout[c];
                pin[c] = x;
                pout[c] = d;
                out[c] = d;
            }
            return;
        }
        final double[] t11 = s11;
        final double[] t12 = s12;
        final double[] t21 = s21;
        final double[] t22 = s22;
        final double[] t31 = s31;
        final double[] t32 = s32;
        final double c10 = b10;
        final double c11 = b11;
        final double c12 = b12;
        final double d11 = a11;
        final double d12 = a12;
        final double c20 = b20;
        final double c21 = b21;
        final double c22 = b22;
        final double d21 = a21;
        final double d22 = a22;
        final double c30 = b30;
        final double c31 = b31;
        final double c32 = b32;
        final double d31 = a31;
        final double d32 = a32;
        for (int c = 0; c < n; c++) {
            double x = microvolts[c];
            peak[c] = Math.max(peak[c], Math.abs(x));
            double d = x - pin[c] + r * pout[c];
            pin[c] = x;
            pout[c] = d;
            double y1 = c10 * d + t11[c];
            t11[c] = c11 * d - d11 * y1 + t12[c];
            t12[c] = c12 * d - d12 * y1;
            double y2 = c20 * y1 + t21[c];
            t21[c] = c21 * y1 - d21 * y2 + t22[c];
            t22[c] = c22 * y1 - d22 * y2;
            double y3 = c30 * y2 + t31[c];
            t31[c] = c31 * y2 - d31 * y3 + t32[c];
            t32[c] = c32 * y2 - d32 * y3;
            out[c] = y3;
        }
    }

    /**
     * Restarts one channel as if {@code rawMicrovolts} were its first sample: after a rail the DC-removal high-pass
     * (time constant 1.6 s at 0.1 Hz) would otherwise take ~10 s to forget a step of full scale.
     */
    void restartChannel(int channel, double rawMicrovolts) {
        dcPrevIn[channel] = rawMicrovolts;
        dcPrevOut[channel] = 0;
        s11[channel] = 0;
        s12[channel] = 0;
        s21[channel] = 0;
        s22[channel] = 0;
        s31[channel] = 0;
        s32[channel] = 0;
    }

    /** Largest |raw| per channel since the last {@link #resetBlock()}, microvolts. The array is live: read only. */
    double[] blockPeakAbs() {
        return blockPeakAbs;
    }

    /** Starts a new decimation block for {@link #blockPeakAbs()}. */
    void resetBlock() {
        java.util.Arrays.fill(blockPeakAbs, 0, channels, 0.0);
    }
}
