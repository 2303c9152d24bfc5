package org.closedloop.sim.eeg;

/**
 * 1/f ("pink") noise from white noise by Paul Kellet's refined filter: six first-order sections plus a direct and a
 * one-sample-delayed white term, within about 0.05 dB of a -10 dB/decade slope over nearly three decades below
 * fs/2.5. The slope holds roughly from fs/5000 to fs/2.5 (0.05 to 100 Hz at 250 Hz); it flattens above and below.
 *
 * <p>The output is scaled to a requested RMS using the filter's exact noise gain, computed in closed form from its
 * impulse response h: for unit white input the output variance is sum(h[k]^2), with
 * h[0] = sum(g) + D, h[1] = sum(g*a) + E and h[k] = sum(g*a^k) for k >= 2, so that
 * sum(h^2) = sum_ij g_i g_j / (1 - a_i a_j) + 2 D sum(g) + D^2 + 2 E sum(g*a) + E^2.
 *
 * <p><b>Thread safety:</b> not thread safe; one instance per channel, owned by one generator.
 */
final class PinkNoise {
    private static final double[] POLE = {0.99886, 0.99332, 0.96900, 0.86650, 0.55000, -0.7616};
    private static final double[] GAIN = {0.0555179, 0.0750759, 0.1538520, 0.3104856, 0.5329522, -0.0168980};
    private static final double DIRECT = 0.5362;
    private static final double DELAYED = 0.115926;
    /** Output RMS of the unscaled filter for unit-variance white input. */
    static final double UNIT_RMS = StrictMath.sqrt(unitVariance());

    private final double[] state = new double[POLE.length];
    private final double scale;
    private double delayed;

    /** @param rmsMicrovolts the long-run RMS of the output for unit-variance white input */
    PinkNoise(double rmsMicrovolts) {
        this.scale = rmsMicrovolts / UNIT_RMS;
    }

    /** Filters one white sample (unit variance) into one pink sample in microvolts. */
    double next(double white) {
        double sum = 0;
        for (int i = 0; i < POLE.length; i++) {
            state[i] = POLE[i] * state[i] + GAIN[i] * white;
            sum += state[i];
        }
        double out = sum + delayed + DIRECT * white;
        delayed = DELAYED * white;
        return out * scale;
    }

    private static double unitVariance() {
        double v = 0;
        double sumG = 0;
        double sumGa = 0;
        for (int i = 0; i < POLE.length; i++) {
            sumG += GAIN[i];
            sumGa += GAIN[i] * POLE[i];
            for (int j = 0; j < POLE.length; j++) {
                v += GAIN[i] * GAIN[j] / (1.0 - POLE[i] * POLE[j]);
            }
        }
        return v + 2 * DIRECT * sumG + DIRECT * DIRECT + 2 * DELAYED * sumGa + DELAYED * DELAYED;
    }
}
