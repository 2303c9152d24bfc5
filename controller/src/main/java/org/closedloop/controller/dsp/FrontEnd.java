package org.closedloop.controller.dsp;

import java.util.Arrays;

/**
 * The input-rate part of the chain, all channels per call: the peak |raw| of the current decimation block (for
 * saturation), DC removal, and the anti-alias filtering and decimation down to the feature rate.
 *
 * <p><b>Decimation by D = D1 * D2</b>, in two stages when D has a divisor D2 of 12 or more with D1 = D / D2 of 2 or
 * more (D = 120 at 30 kHz: 10 * 12), else in one (D1 = 1):
 * <ol>
 *   <li><b>Stage 1</b>, every input sample (only when D1 > 1): a 2nd-order Butterworth low-pass at 0.8 times the
 *       feature rate (200 Hz for 250 Hz), decimated by D1. The cheapest thing that can run at 30 kHz: per channel
 *       one biquad and the peak. Its droop at the highest allowed band edge (0.2 x the feature rate) is 0.4% of
 *       power; what folds onto 0-0.2 x the feature rate comes from at least (D2 - 0.2) feature rates away and is
 *       attenuated by at least 47 dB.</li>
 *   <li><b>Stage 2</b>, at the intermediate rate fs / D1: DC removal, one-pole high-pass
 *       {@code y[n] = x[n] - x[n-1] + r y[n-1]}, {@code r = exp(-2 pi fc / rate)}, primed with the first sample so an
 *       electrode offset does not ring through the filters at start-up; then a 6th-order Butterworth low-pass
 *       (three sections) at 0.32 times the feature rate (80 Hz for 250 Hz): flat within 0.1% up to 0.2 times the
 *       feature rate, -49 dB at the first alias of that edge; decimated by D2. With D = 1 only the DC removal
 *       runs.</li>
 * </ol>
 * All filters are direct form II transposed in double precision; poles stay well inside the unit circle at every
 * rate used (the narrowest, DC removal at 30 kHz, has r = 0.99998 and a single pole).
 *
 * <p>State is channel-major (one {@code double[]} per state variable, indexed by channel) and each loop body is plain
 * arithmetic on one index, so C2 vectorises it across channels.
 *
 * <p><b>Thread safety:</b> not thread safe; owned by the loop thread.
 */
final class FrontEnd {
    private final int channels;
    private final int stage1Factor;
    private final int stage2Factor;
    private final boolean antiAlias;
    private final double dcPole;
    private final double[] stage1Sos = new double[BiquadDesign.STRIDE];
    private final double[] stage2Sos = new double[3 * BiquadDesign.STRIDE];
    private final double[] blockPeakAbs;
    private final double[] u1;
    private final double[] u2;
    private final double[] mid;
    private final double[] dcPrevIn;
    private final double[] dcPrevOut;
    private final double[] s11;
    private final double[] s12;
    private final double[] s21;
    private final double[] s22;
    private final double[] s31;
    private final double[] s32;
    private int count1;
    private int count2;
    private boolean primed;

    FrontEnd(int channels, double sampleRateHz, double dcCutoffHz, int decimation) {
        this.channels = channels;
        this.stage1Factor = stage1Factor(decimation);
        this.stage2Factor = decimation / stage1Factor;
        this.antiAlias = decimation > 1;
        double featureRate = sampleRateHz / decimation;
        double intermediateRate = sampleRateHz / stage1Factor;
        if (stage1Factor > 1) {
            BiquadDesign.butterworthLowPass(2, 0.8 * featureRate, sampleRateHz, stage1Sos);
        }
        if (antiAlias) {
            BiquadDesign.butterworthLowPass(6, 0.32 * featureRate, intermediateRate, stage2Sos);
        }
        this.dcPole = Math.exp(-2 * Math.PI * dcCutoffHz / intermediateRate);
        blockPeakAbs = new double[channels];
        u1 = new double[channels];
        u2 = new double[channels];
        mid = new double[channels];
        dcPrevIn = new double[channels];
        dcPrevOut = new double[channels];
        s11 = new double[channels];
        s12 = new double[channels];
        s21 = new double[channels];
        s22 = new double[channels];
        s31 = new double[channels];
        s32 = new double[channels];
    }

    /** D1: D / (the smallest divisor of D that is 12 or more), if that leaves 2 or more; else 1. */
    static int stage1Factor(int decimation) {
        for (int d2 = 12; d2 <= decimation / 2; d2++) {
            if (decimation % d2 == 0) {
                return decimation / d2;
            }
        }
        return 1;
    }

    int stage1Factor() {
        return stage1Factor;
    }

    /** Rate of stage 2 (the DC removal and main anti-alias filter), Hz, for a given input rate. */
    double intermediateRateHz(double sampleRateHz) {
        return sampleRateHz / stage1Factor;
    }

    /** Copy of stage 1's coefficients (one section; all zero when there is no stage 1). */
    double[] stage1Coefficients() {
        return stage1Sos.clone();
    }

    /** Copy of stage 2's anti-alias coefficients (three sections; all zero without decimation). */
    double[] stage2Coefficients() {
        return stage2Sos.clone();
    }

    double dcPole() {
        return dcPole;
    }

    /**
     * One input sample for all channels.
     *
     * @param microvolts raw input, at least {@code channels} values
     * @param out        receives the DC-removed, anti-aliased, decimated signal on feature steps
     * @return true on a feature step (every D-th call), when {@code out} holds a new feature-rate sample
     */
    boolean process(double[] microvolts, double[] out) {
        if (!primed) {
            primeWith(microvolts);
        }
        if (stage1Factor > 1) {
            if (++count1 < stage1Factor) {
                stage1(microvolts, null);
                return false;
            }
            count1 = 0;
            stage1(microvolts, mid);
            stage2(mid, out);
        } else {
            peak(microvolts);
            stage2(microvolts, out);
        }
        if (++count2 < stage2Factor) {
            return false;
        }
        count2 = 0;
        return true;
    }

    private void primeWith(double[] microvolts) {
        final int n = channels;
        System.arraycopy(microvolts, 0, dcPrevIn, 0, n);
        final double k1 = 1 - stage1Sos[0];
        final double k2 = stage1Sos[2] - stage1Sos[4];
        for (int c = 0; c < n; c++) {
            u1[c] = k1 * microvolts[c]; // stage 1 starts in its steady state for the first sample
            u2[c] = k2 * microvolts[c];
        }
        primed = true;
    }

    private void peak(double[] microvolts) {
        final double[] p = blockPeakAbs;
        for (int c = 0; c < channels; c++) {
            p[c] = Math.max(p[c], Math.abs(microvolts[c]));
        }
    }

    /** Peak and the stage-1 low-pass; the output is stored only when {@code emit} is not null. */
    private void stage1(double[] microvolts, double[] emit) {
        final int n = channels;
        final double[] p = blockPeakAbs;
        final double[] z1 = u1;
        final double[] z2 = u2;
        final double b0 = stage1Sos[0];
        final double b1 = stage1Sos[1];
        final double b2 = stage1Sos[2];
        final double a1 = stage1Sos[3];
        final double a2 = stage1Sos[4];
        if (emit == null) {
            for (int c = 0; c < n; c++) {
                double x = microvolts[c];
                p[c] = Math.max(p[c], Math.abs(x));
                double y = b0 * x + z1[c];
                z1[c] = b1 * x - a1 * y + z2[c];
                z2[c] = b2 * x - a2 * y;
            }
        } else {
            for (int c = 0; c < n; c++) {
                double x = microvolts[c];
                p[c] = Math.max(p[c], Math.abs(x));
                double y = b0 * x + z1[c];
                z1[c] = b1 * x - a1 * y + z2[c];
                z2[c] = b2 * x - a2 * y;
                emit[c] = y;
            }
        }
    }

    /** DC removal and, when decimating, the 6th-order anti-alias low-pass, at the intermediate rate. */
    private void stage2(double[] in, double[] out) {
        final int n = channels;
        final double r = dcPole;
        final double[] pin = dcPrevIn;
        final double[] pout = dcPrevOut;
        if (!antiAlias) {
            for (int c = 0; c < n; c++) {
                double x = in[c];
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
        final double c10 = stage2Sos[0];
        final double c11 = stage2Sos[1];
        final double c12 = stage2Sos[2];
        final double d11 = stage2Sos[3];
        final double d12 = stage2Sos[4];
        final double c20 = stage2Sos[5];
        final double c21 = stage2Sos[6];
        final double c22 = stage2Sos[7];
        final double d21 = stage2Sos[8];
        final double d22 = stage2Sos[9];
        final double c30 = stage2Sos[10];
        final double c31 = stage2Sos[11];
        final double c32 = stage2Sos[12];
        final double d31 = stage2Sos[13];
        final double d32 = stage2Sos[14];
        for (int c = 0; c < n; c++) {
            double x = in[c];
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
        u1[channel] = (1 - stage1Sos[0]) * rawMicrovolts;
        u2[channel] = (stage1Sos[2] - stage1Sos[4]) * rawMicrovolts;
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
        Arrays.fill(blockPeakAbs, 0, channels, 0.0);
    }
}
