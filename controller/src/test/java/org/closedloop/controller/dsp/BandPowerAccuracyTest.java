package org.closedloop.controller.dsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Streaming and Welch band powers against closed-form values: a sine of amplitude A contributes A^2/2 to the band it
 * lies in; white noise of variance s^2 sampled at fs contributes {@code s^2 * width / (fs / 2)} to every band.
 * Sines sit near the middle of their bands (see BandPowerBank for what happens near an edge).
 */
class BandPowerAccuracyTest {
    private static final long SEED = 5_001L;
    private static final double[] SINE_HZ = {2, 6, 10, 20, 37};
    private static final double[] SINE_UV = {10, 10, 8, 10, 6};
    private static final double NOISE_UV = 2;
    private static final double TOLERANCE = 0.05;

    private static double[] analytic(List<Band> bands, double rateHz, double[] hz, double[] amp, double noiseUv) {
        double[] expected = new double[bands.size()];
        for (int b = 0; b < bands.size(); b++) {
            Band band = bands.get(b);
            expected[b] = noiseUv * noiseUv * band.widthHz() / (rateHz / 2);
            for (int i = 0; i < hz.length; i++) {
                if (hz[i] >= band.loHz() && hz[i] < band.hiHz()) {
                    expected[b] += amp[i] * amp[i] / 2;
                }
            }
        }
        return expected;
    }

    private static void assertEachChannelClose(String what, double[] expected, double[][] measuredByBandChannel,
                                               List<Band> bands) {
        for (int b = 0; b < expected.length; b++) {
            for (int c = 0; c < measuredByBandChannel[b].length; c++) {
                double m = measuredByBandChannel[b][c];
                double error = m / expected[b] - 1;
                assertTrue(Math.abs(error) <= TOLERANCE, String.format("seed=%d %s band %s channel %d: %.4f uV^2, "
                        + "analytic %.4f, error %+.2f%%", SEED, what, bands.get(b).name(), c, m, expected[b],
                        100 * error));
            }
        }
    }

    private static void print(String what, double[] expected, double[][] measured, List<Band> bands) {
        StringBuilder sb = new StringBuilder(what + ":");
        for (int b = 0; b < expected.length; b++) {
            double worst = 0;
            for (double m : measured[b]) {
                double e = m / expected[b] - 1;
                worst = Math.abs(e) > Math.abs(worst) ? e : worst;
            }
            sb.append(String.format(" %s %.3f (worst %+.2f%%)", bands.get(b).name(), expected[b], 100 * worst));
        }
        System.out.println(sb);
    }

    @Test
    void shouldReadSinesPlusNoiseWithin5PercentStreaming() {
        for (double rate : new double[] {250, 1000}) {
            DspConfig config = DspConfig.builder(rate, 8).build();
            double[][] x = TestSignals.sinesPlusNoise(SEED, rate, (int) (120 * rate), 8, SINE_HZ, SINE_UV, NOISE_UV);
            double[][] measured = TestSignals.meanAbsolutePower(new FeatureExtractor(config), x, (int) (10 * rate));
            double[] expected = analytic(config.bands(), rate, SINE_HZ, SINE_UV, NOISE_UV);
            print("streaming, sines + noise, fs=" + rate, expected, measured, config.bands());
            assertEachChannelClose("streaming fs=" + rate, expected, measured, config.bands());
        }
    }

    @Test
    void shouldReadSinesPlusNoiseWithin5PercentStreamingAt30KilohertzThroughTheTwoStageDecimator() {
        double rate = 30_000;
        int channels = 4;
        DspConfig config = DspConfig.builder(rate, channels).build();
        FeatureExtractor fx = new FeatureExtractor(config);
        java.util.Random random = new java.util.Random(SEED);
        double[] phase = new double[channels * SINE_HZ.length];
        for (int i = 0; i < phase.length; i++) {
            phase[i] = 2 * Math.PI * random.nextDouble();
        }
        int bands = config.bands().size();
        double[][] sum = new double[bands][channels];
        int updates = 0;
        double[] x = new double[channels];
        for (int n = 0; n < 40 * rate; n++) {
            double t = n / rate;
            for (int c = 0; c < channels; c++) {
                double v = NOISE_UV * random.nextGaussian();
                for (int i = 0; i < SINE_HZ.length; i++) {
                    v += SINE_UV[i] * Math.cos(2 * Math.PI * SINE_HZ[i] * t + phase[c * SINE_HZ.length + i]);
                }
                x[c] = v;
            }
            if (fx.process(x) && n >= 10 * rate) {
                updates++;
                for (int b = 0; b < bands; b++) {
                    for (int c = 0; c < channels; c++) {
                        sum[b][c] += fx.absoluteBandPower(b, c);
                    }
                }
            }
        }
        for (double[] row : sum) {
            for (int c = 0; c < channels; c++) {
                row[c] /= updates;
            }
        }
        double[] expected = analytic(config.bands(), rate, SINE_HZ, SINE_UV, NOISE_UV);
        print("streaming, sines + noise, fs=30000 (decimation 10 x 12)", expected, sum, config.bands());
        assertEachChannelClose("streaming fs=30000", expected, sum, config.bands());
    }

    @Test
    void shouldReadWhiteNoiseAsItsShareOfTheSpectrumStreaming() {
        double noise = 5;
        for (double rate : new double[] {250, 1000}) {
            DspConfig config = DspConfig.builder(rate, 8).lineFrequencyHz(0).build();
            double[][] x = TestSignals.sinesPlusNoise(SEED + 1, rate, (int) (400 * rate), 8, new double[0],
                    new double[0], noise);
            double[][] perChannel = TestSignals.meanAbsolutePower(new FeatureExtractor(config), x, (int) (10 * rate));
            double[] expected = analytic(config.bands(), rate, new double[0], new double[0], noise);
            // The power of one realisation of 400 s of noise in a 4 Hz band scatters by ~3% around its expectation;
            // the mean of the 8 independent channels by ~1%. (Channel by channel, see the comparison with Welch.)
            double[][] mean = channelMean(perChannel);
            print("streaming, white noise, fs=" + rate, expected, mean, config.bands());
            assertEachChannelClose("streaming white noise fs=" + rate, expected, mean, config.bands());
        }
    }

    @Test
    void shouldReadSinesPlusNoiseWithin5PercentWelch() {
        double rate = 250;
        List<Band> bands = DspConfig.builder(rate, 1).build().bands();
        WelchBandPower welch = new WelchBandPower(rate, 512, 0.5, bands);
        double[][] x = TestSignals.channelMajor(
                TestSignals.sinesPlusNoise(SEED, rate, (int) (120 * rate), 8, SINE_HZ, SINE_UV, NOISE_UV),
                0, (int) (120 * rate));
        double[][] out = new double[8][bands.size()];
        welch.bandPowers(x, 0, x[0].length, out);
        double[] expected = analytic(bands, rate, SINE_HZ, SINE_UV, NOISE_UV);
        double[][] byBand = transpose(out);
        print("Welch, sines + noise", expected, byBand, bands);
        assertEachChannelClose("Welch", expected, byBand, bands);

        double[][] noise = TestSignals.channelMajor(TestSignals.sinesPlusNoise(SEED + 1, rate, (int) (400 * rate), 8,
                new double[0], new double[0], 5), 0, (int) (400 * rate));
        welch.bandPowers(noise, 0, noise[0].length, out);
        double[] expectedNoise = analytic(bands, rate, new double[0], new double[0], 5);
        double[][] mean = channelMean(transpose(out));
        print("Welch, white noise (mean of 8 channels)", expectedNoise, mean, bands);
        assertEachChannelClose("Welch white noise", expectedNoise, mean, bands);
    }

    @Test
    void shouldAgreeWithWelchChannelByChannelOnTheSameNoise() {
        double rate = 250;
        DspConfig config = DspConfig.builder(rate, 8).lineFrequencyHz(0).build();
        int warmUp = (int) (10 * rate);
        double[][] x = TestSignals.sinesPlusNoise(SEED + 2, rate, (int) (300 * rate), 8, new double[0],
                new double[0], 5);
        double[][] streaming = TestSignals.meanAbsolutePower(new FeatureExtractor(config), x, warmUp);
        WelchBandPower welch = new WelchBandPower(rate, 512, 0.5, config.bands());
        double[][] out = new double[8][config.bands().size()];
        double[][] channels = TestSignals.channelMajor(x, warmUp, x.length);
        welch.bandPowers(channels, 0, channels[0].length, out);
        double[][] reference = transpose(out);
        for (int b = 0; b < reference.length; b++) {
            for (int c = 0; c < 8; c++) {
                double error = streaming[b][c] / reference[b][c] - 1;
                assertTrue(Math.abs(error) <= TOLERANCE, String.format("seed=%d band %s channel %d: streaming %.4f,"
                        + " Welch %.4f, %+.2f%%", SEED + 2, config.bands().get(b).name(), c, streaming[b][c],
                        reference[b][c], 100 * error));
            }
        }
    }

    private static double[][] channelMean(double[][] byBandChannel) {
        double[][] mean = new double[byBandChannel.length][1];
        for (int b = 0; b < byBandChannel.length; b++) {
            for (double v : byBandChannel[b]) {
                mean[b][0] += v / byBandChannel[b].length;
            }
        }
        return mean;
    }

    @Test
    void shouldGiveTheSameBandPowersForOneChannelAndForAPairInOneFft() {
        double rate = 250;
        List<Band> bands = DspConfig.builder(rate, 1).build().bands();
        WelchBandPower welch = new WelchBandPower(rate, 512, 0.8, bands);
        double[][] x = TestSignals.channelMajor(
                TestSignals.sinesPlusNoise(SEED, rate, 1000, 3, SINE_HZ, SINE_UV, NOISE_UV), 0, 1000);
        double[][] paired = new double[3][bands.size()];
        welch.bandPowers(x, 0, 1000, paired);
        for (int c = 0; c < 3; c++) {
            double[] single = new double[bands.size()];
            welch.bandPowers(x[c], 0, 1000, single);
            for (int b = 0; b < bands.size(); b++) {
                assertEquals(single[b], paired[c][b], 1e-9 * single[b], "channel " + c + " band " + b);
            }
        }
        assertEquals(5, welch.segmentCount(1000), "8 ch x 250 Hz x 4 s, nfft 512, 80% overlap: hop 102");
    }

    @Test
    void shouldMakeRelativePowersSumToOneOnEverySample() {
        DspConfig config = DspConfig.builder(250, 8).build();
        FeatureExtractor fx = new FeatureExtractor(config);
        double[][] x = TestSignals.sinesPlusNoise(SEED, 250, 5000, 8, SINE_HZ, SINE_UV, NOISE_UV);
        for (int n = 0; n < x.length; n++) {
            fx.process(x[n]);
            if (n < 10) {
                continue;
            }
            for (int c = 0; c < 8; c++) {
                double sum = 0;
                for (int b = 0; b < config.bands().size(); b++) {
                    double r = fx.relativeBandPower(b, c);
                    assertTrue(r >= 0 && r <= 1, "seed=" + SEED + " sample " + n + ": relative " + r);
                    sum += r;
                }
                assertEquals(1.0, sum, 1e-12, "seed=" + SEED + " sample " + n + " channel " + c);
            }
        }
    }

    @Test
    void shouldCalibrateEachBandToWithin3PercentOfAMidBandSine() {
        FeatureExtractor fx = new FeatureExtractor(DspConfig.builder(250, 1).build());
        for (int b = 0; b < fx.bands().size(); b++) {
            double k = fx.bandCalibration(b);
            assertTrue(k > 0.97 && k <= 1.0, fx.bands().get(b).name() + ": kappa=" + k);
        }
    }

    private static double[][] transpose(double[][] channelBand) {
        double[][] t = new double[channelBand[0].length][channelBand.length];
        for (int c = 0; c < channelBand.length; c++) {
            for (int b = 0; b < channelBand[0].length; b++) {
                t[b][c] = channelBand[c][b];
            }
        }
        return t;
    }
}
