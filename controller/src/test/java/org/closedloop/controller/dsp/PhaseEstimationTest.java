package org.closedloop.controller.dsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PhaseEstimationTest {

    /** Largest |phase error| (degrees) on a noiseless cosine, now and at predicted onsets, after a settling time. */
    private static double[] noiselessErrors(double rateHz, double hz, double initialIafHz) {
        DspConfig config = DspConfig.builder(rateHz, 1).phaseMontage(1).initialIafHz(initialIafHz).build();
        FeatureExtractor fx = new FeatureExtractor(config);
        double phase0 = 0.7;
        double[] x = new double[1];
        double worstNow = 0;
        double worstPredicted = 0;
        int total = (int) (25 * rateHz);
        for (int n = 0; n < total; n++) {
            x[0] = 20 * Math.cos(2 * Math.PI * hz * n / rateHz + phase0);
            boolean refreshed = fx.process(x);
            if (n < 15 * rateHz) {
                continue;
            }
            if (refreshed) {
                double truth = 2 * Math.PI * hz * n / rateHz + phase0;
                worstNow = Math.max(worstNow, Math.abs(EchtPhaseEstimator.wrap(fx.targetPhaseRadians() - truth)));
            }
            for (double target : new double[] {0, 2.0, -2.5}) {
                double onset = n + fx.predictNextTimeAtPhaseSamples(target);
                double truthThen = 2 * Math.PI * hz * onset / rateHz + phase0;
                worstPredicted = Math.max(worstPredicted, Math.abs(EchtPhaseEstimator.wrap(truthThen - target)));
            }
        }
        return new double[] {Math.toDegrees(worstNow), Math.toDegrees(worstPredicted), fx.individualAlphaFrequencyHz()};
    }

    @Test
    void shouldEstimateThePhaseOfANoiselessSineWithin5Degrees() {
        double[][] cases = {{250, 10.3, 10}, {250, 8.4, 10}, {1000, 9.2, 10}, {30_000, 11.0, 10}};
        for (double[] c : cases) {
            double[] e = noiselessErrors(c[0], c[1], c[2]);
            System.out.printf("noiseless %.1f Hz sine at fs=%.0f: max |phase error| now %.2f deg, at predicted "
                    + "onset %.2f deg, IAF %.3f Hz%n", c[1], c[0], e[0], e[1], e[2]);
            assertTrue(e[0] < 5, "fs=" + c[0] + " f=" + c[1] + ": phase error " + e[0] + " deg");
            assertTrue(e[1] < 5, "fs=" + c[0] + " f=" + c[1] + ": predicted-onset error " + e[1] + " deg");
        }
    }

    @Test
    void shouldEqualTheFftFormulationOfTheEndpointCorrectedHilbertTransform() {
        long seed = 77;
        int n = 256;
        double rate = 250;
        EchtPhaseEstimator echt = new EchtPhaseEstimator(rate, n, 8, 12, null);
        Random random = new Random(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = random.nextGaussian() + 3 * Math.sin(2 * Math.PI * 10.2 * i / rate);
            echt.update(x[i]);
        }
        // Oracle: Schreglmann et al.'s recipe with a plain O(N^2) DFT: X = DFT(x); keep positive frequencies
        // (x1 at DC and Nyquist, x2 between); multiply by the causal Butterworth response; last sample of the IDFT.
        double[] sos = new double[2 * BiquadDesign.STRIDE];
        BiquadDesign.butterworthBandPass(2, 8, 12, rate, sos, new double[BiquadDesign.bandPassScratchLength(2)]);
        double zr = 0;
        double zi = 0;
        for (int k = 0; k <= n / 2; k++) {
            double xr = 0;
            double xi = 0;
            for (int i = 0; i < n; i++) {
                xr += x[i] * Math.cos(2 * Math.PI * k * i / n);
                xi -= x[i] * Math.sin(2 * Math.PI * k * i / n);
            }
            double h = k == 0 || k == n / 2 ? 1 : 2;
            double[] b = new double[2];
            BiquadDesign.response(sos, 0, 2, k * rate / n, rate, b);
            double gr = h * (xr * b[0] - xi * b[1]);
            double gi = h * (xr * b[1] + xi * b[0]);
            double angle = 2 * Math.PI * k * (n - 1) / n;
            zr += (gr * Math.cos(angle) - gi * Math.sin(angle)) / n;
            zi += (gr * Math.sin(angle) + gi * Math.cos(angle)) / n;
        }
        assertEquals(Math.atan2(zi, zr), echt.rawPhaseRadians(), 1e-9, "seed=" + seed);
        assertEquals(Math.hypot(zr, zi), echt.amplitude(), 1e-9 * Math.hypot(zr, zi), "seed=" + seed);
    }

    @Test
    void shouldFindTheIndividualAlphaFrequencyOfAKnownSineWithinATenthOfAHertz() {
        long seed = 96;
        for (double hz : new double[] {9.6, 11.3, 7.9}) {
            DspConfig config = DspConfig.builder(250, 1).phaseMontage(1).build();
            FeatureExtractor fx = new FeatureExtractor(config);
            double[][] x = TestSignals.sinesPlusNoise(seed, 250, 30 * 250, 1, new double[] {hz}, new double[] {10}, 2);
            for (double[] sample : x) {
                fx.process(sample);
            }
            double iaf = fx.individualAlphaFrequencyHz();
            System.out.printf("IAF of a %.1f Hz sine (+ 2 uV white noise): %.3f Hz; phase band %.2f-%.2f Hz%n", hz,
                    iaf, fx.phaseBandLoHz(), fx.phaseBandHiHz());
            assertTrue(fx.hasIndividualAlphaFrequency(), "seed=" + seed + " f=" + hz);
            assertEquals(hz, iaf, 0.1, "seed=" + seed + " f=" + hz);
            double centre = Math.sqrt(fx.phaseBandLoHz() * fx.phaseBandHiHz());
            assertEquals(hz, centre, config.iafRetuneHz() + 0.1, "phase band follows the IAF");
            assertEquals(4, fx.phaseBandHiHz() - fx.phaseBandLoHz(), 1e-9, "IAF +- 2 Hz");
        }
    }

    @Test
    void shouldKeepTheInitialAlphaFrequencyWhenThereIsNoPeak() {
        long seed = 97;
        DspConfig config = DspConfig.builder(250, 1).phaseMontage(1).initialIafHz(10).build();
        FeatureExtractor fx = new FeatureExtractor(config);
        // a falling spectrum without a peak: white noise integrated by a one-pole low-pass at 2 Hz
        Random random = new Random(seed);
        double state = 0;
        double pole = Math.exp(-2 * Math.PI * 2 / 250);
        double[] x = new double[1];
        for (int n = 0; n < 60 * 250; n++) {
            state = pole * state + random.nextGaussian();
            x[0] = state;
            fx.process(x);
        }
        assertEquals(10, fx.individualAlphaFrequencyHz(), 0, "seed=" + seed);
    }
}
