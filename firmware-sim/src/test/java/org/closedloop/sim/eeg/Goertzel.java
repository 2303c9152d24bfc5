package org.closedloop.sim.eeg;

/** Test oracle: power of one frequency in a block of samples (Goertzel), independent of the code under test. */
public final class Goertzel {
    private Goertzel() {
    }

    /** Squared amplitude of the component at {@code hz}: a sine of amplitude A gives about A^2. */
    public static double power(double[] x, int from, int length, double hz, double sampleRateHz) {
        double w = 2 * Math.PI * hz / sampleRateHz;
        double coeff = 2 * Math.cos(w);
        double s1 = 0;
        double s2 = 0;
        for (int i = 0; i < length; i++) {
            double s0 = x[from + i] + coeff * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        double re = s1 - s2 * Math.cos(w);
        double im = s2 * Math.sin(w);
        return (re * re + im * im) * 4.0 / ((double) length * length);
    }
}
