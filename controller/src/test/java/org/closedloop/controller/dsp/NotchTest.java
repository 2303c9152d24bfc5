package org.closedloop.controller.dsp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NotchTest {

    /** RMS of the filtered output over the last 5 s of 20 s of {@code sum A cos(2 pi f t)}. */
    private static double outputRms(DspConfig config, double[] hz, double amplitudeUv) {
        FeatureExtractor fx = new FeatureExtractor(config);
        double rate = config.sampleRateHz();
        double[] x = new double[1];
        double sum = 0;
        int count = 0;
        for (int n = 0; n < 20 * rate; n++) {
            x[0] = 0;
            for (double f : hz) {
                x[0] += amplitudeUv * Math.cos(2 * Math.PI * f * n / rate + f);
            }
            if (fx.process(x) && n >= 15 * rate) {
                sum += fx.filteredMicrovolts(0) * fx.filteredMicrovolts(0);
                count++;
            }
        }
        return Math.sqrt(sum / count);
    }

    @Test
    void shouldAttenuateTheLineFrequencyBy40DecibelsOrMore() {
        double amplitude = 10;
        double inputRms = amplitude / Math.sqrt(2);
        double[][] cases = {{250, 50}, {250, 60}, {1000, 50}, {30_000, 60}};
        for (double[] c : cases) {
            DspConfig config = DspConfig.builder(c[0], 1).lineFrequencyHz(c[1]).build();
            double attenuationDb = 20 * Math.log10(outputRms(config, new double[] {c[1]}, amplitude) / inputRms);
            System.out.printf("notch %.0f Hz at fs=%.0f: %.1f dB%n", c[1], c[0], attenuationDb);
            assertTrue(attenuationDb < -40, "fs=" + c[0] + " line=" + c[1] + ": " + attenuationDb + " dB");
        }
    }

    @Test
    void shouldRemoveHarmonicsWhetherNotchedOrLeftToTheAntiAliasFilter() {
        DspConfig config = DspConfig.builder(1000, 1).lineFrequencyHz(50).lineHarmonics(3).build();
        double rms = outputRms(config, new double[] {50, 100, 150}, 10);
        double db = 20 * Math.log10(rms / (10 * Math.sqrt(1.5)));
        System.out.printf("50+100+150 Hz at fs=1000: %.1f dB%n", db);
        assertTrue(db < -30, db + " dB");
    }

    @Test
    void shouldPassGammaAndAlphaWithinOnePercent() {
        for (double f : new double[] {10, 40}) {
            DspConfig config = DspConfig.builder(250, 1).build();
            double gain = outputRms(config, new double[] {f}, 10) / (10 / Math.sqrt(2));
            assertTrue(Math.abs(gain - 1) < 0.01, f + " Hz: gain " + gain);
        }
    }
}
