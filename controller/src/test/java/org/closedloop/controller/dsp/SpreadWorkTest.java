package org.closedloop.controller.dsp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * With decimation, the per-channel work of a feature step is spread over the calls of the feature period: every
 * channel must be processed exactly once per step, so identical channels read identical powers once the period's
 * last call has run.
 */
class SpreadWorkTest {

    @Test
    void shouldProcessEveryChannelOncePerFeatureStep() {
        long seed = 12;
        int channels = 64;
        double rate = 1000; // decimation 4: 16 channels per call
        FeatureExtractor fx = new FeatureExtractor(DspConfig.builder(rate, channels).build());
        double[][] one = TestSignals.sinesPlusNoise(seed, rate, 20_000, 1, new double[] {6, 10.5, 21},
                new double[] {8, 12, 5}, 2);
        double[] x = new double[channels];
        int checked = 0;
        for (int n = 0; n < one.length; n++) {
            java.util.Arrays.fill(x, one[n][0]);
            fx.process(x);
            if (fx.samplesProcessed() % fx.decimation() == fx.decimation() - 1 && n > 1000) {
                for (int b = 0; b < fx.bands().size(); b++) {
                    double first = fx.absoluteBandPower(b, 0);
                    for (int c = 1; c < channels; c++) {
                        assertEquals(first, fx.absoluteBandPower(b, c), 1e-12 * first,
                                "seed=" + seed + " sample " + n + " band " + b + " channel " + c);
                    }
                }
                checked++;
            }
        }
        assertEquals(4_750, checked, "periods checked");
    }
}
