package org.closedloop.controller.dsp;

/**
 * A cascade of second-order sections applied to every channel (direct form II transposed, double precision), state
 * channel-major: one pass over a range of channels per section, each pass a plain loop C2 vectorises (checked in
 * the disassembly: packed AVX arithmetic). Fusing two sections per pass was tried and measured slower.
 *
 * <p><b>Thread safety:</b> not thread safe; owned by the loop thread.
 */
final class BiquadCascade {
    private final int channels;
    private final int sections;
    private final double[] sos;
    private final double[][] s1;
    private final double[][] s2;

    /** @param sos {@code sections * 5} coefficients as written by {@link BiquadDesign}; copied */
    BiquadCascade(double[] sos, int sections, int channels) {
        this.channels = channels;
        this.sections = sections;
        this.sos = java.util.Arrays.copyOf(sos, sections * BiquadDesign.STRIDE);
        this.s1 = new double[sections][channels];
        this.s2 = new double[sections][channels];
    }

    /** Filters one sample of every channel from {@code in} into {@code out}; they may be the same array. */
    void process(double[] in, double[] out) {
        process(in, out, 0, channels);
    }

    /** Filters one sample of channels {@code [from, to)} from {@code in} into {@code out} (may be the same array). */
    void process(double[] in, double[] out, int from, int to) {
        double[] src = in;
        for (int s = 0; s < sections; s++) {
            single(s, src, out, from, to);
            src = out;
        }
        if (sections == 0 && in != out) {
            System.arraycopy(in, from, out, from, to - from);
        }
    }

    private void single(int s, double[] src, double[] out, int from, int to) {
        final int o = s * BiquadDesign.STRIDE;
        final double b0 = sos[o];
        final double b1 = sos[o + 1];
        final double b2 = sos[o + 2];
        final double a1 = sos[o + 3];
        final double a2 = sos[o + 4];
        final double[] z1 = s1[s];
        final double[] z2 = s2[s];
        for (int c = from; c < to; c++) {
            double x = src[c];
            double y = b0 * x + z1[c];
            z1[c] = b1 * x - a1 * y + z2[c];
            z2[c] = b2 * x - a2 * y;
            out[c] = y;
        }
    }

    /** Clears one channel's state (as at construction). */
    void resetChannel(int channel) {
        for (int s = 0; s < sections; s++) {
            s1[s][channel] = 0;
            s2[s][channel] = 0;
        }
    }
}
