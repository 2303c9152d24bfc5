package org.closedloop.controller.dsp;

import java.util.Random;

/** Multichannel test signals with closed-form answers: sums of sines plus white Gaussian noise. */
final class TestSignals {
    private TestSignals() {
    }

    /**
     * {@code samples x channels} (sample-major, as fed to the extractor): per channel the same sines with a random
     * phase each, plus independent white noise of standard deviation {@code noiseUv}.
     */
    static double[][] sinesPlusNoise(long seed, double rateHz, int samples, int channels, double[] hz,
                                     double[] amplitudeUv, double noiseUv) {
        Random random = new Random(seed);
        double[][] phases = new double[channels][hz.length];
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < hz.length; i++) {
                phases[c][i] = 2 * Math.PI * random.nextDouble();
            }
        }
        double[][] x = new double[samples][channels];
        for (int n = 0; n < samples; n++) {
            double t = n / rateHz;
            for (int c = 0; c < channels; c++) {
                double v = noiseUv * random.nextGaussian();
                for (int i = 0; i < hz.length; i++) {
                    v += amplitudeUv[i] * Math.cos(2 * Math.PI * hz[i] * t + phases[c][i]);
                }
                x[n][c] = v;
            }
        }
        return x;
    }

    /** Channel-major copy of {@code x[from, to)} ({@code [channel][sample]}), for Welch. */
    static double[][] channelMajor(double[][] x, int from, int to) {
        int channels = x[0].length;
        double[][] out = new double[channels][to - from];
        for (int n = from; n < to; n++) {
            for (int c = 0; c < channels; c++) {
                out[c][n - from] = x[n][c];
            }
        }
        return out;
    }

    /** Runs the extractor over all samples, returning the per-band, per-channel mean of the absolute power after
     * {@code warmUpSamples}: {@code [band][channel]}. */
    static double[][] meanAbsolutePower(FeatureExtractor fx, double[][] x, int warmUpSamples) {
        int bands = fx.bands().size();
        int channels = fx.channels();
        double[][] sum = new double[bands][channels];
        long updates = 0;
        for (int n = 0; n < x.length; n++) {
            boolean refreshed = fx.process(x[n]);
            if (n >= warmUpSamples && refreshed) {
                updates++;
                for (int b = 0; b < bands; b++) {
                    for (int c = 0; c < channels; c++) {
                        sum[b][c] += fx.absoluteBandPower(b, c);
                    }
                }
            }
        }
        for (int b = 0; b < bands; b++) {
            for (int c = 0; c < channels; c++) {
                sum[b][c] /= updates;
            }
        }
        return sum;
    }
}
