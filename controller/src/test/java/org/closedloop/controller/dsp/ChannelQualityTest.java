package org.closedloop.controller.dsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.closedloop.sim.eeg.SyntheticEeg;
import org.junit.jupiter.api.Test;

class ChannelQualityTest {
    private static final long SEED = 31L;
    private static final int RATE = 250;

    /**
     * 8 channels of a 10 Hz, 20 uV rhythm plus 3 uV noise; channel 1 rails at +full scale from 5 s to 8 s, channel
     * 2 is a constant 123.4 uV throughout, channel 3 has a 150 uV blink (sin^2, 300 ms) at 6 s.
     */
    private static double[] sample(int n, Random random, double[] out) {
        double t = (double) n / RATE;
        for (int c = 0; c < 8; c++) {
            out[c] = 20 * Math.cos(2 * Math.PI * 10 * t) + 3 * random.nextGaussian();
        }
        if (t >= 5 && t < 8) {
            out[1] = 187_500;
        }
        out[2] = 123.4;
        if (t >= 6 && t < 6.3) {
            double s = Math.sin(Math.PI * (t - 6) / 0.3);
            out[3] += 150 * s * s;
        }
        return out;
    }

    @Test
    void shouldFlagRailedFlatAndBlinkingChannelsAndLeaveThemOutOfTheLoop() {
        FeatureExtractor fx = new FeatureExtractor(DspConfig.builder(RATE, 8).build());
        Random random = new Random(SEED);
        double[] x = new double[8];
        int alpha = fx.bandIndex("alpha");
        for (int n = 0; n < 12 * RATE; n++) {
            fx.process(sample(n, random, x));
            double t = (double) n / RATE;
            String at = "seed=" + SEED + " t=" + t + "s";
            assertEquals(0, fx.flags(0), at + " clean channel: " + ChannelFlags.describe(fx.flags(0)));
            if (t >= 1.1) {
                assertEquals(ChannelFlags.FLAT, fx.flags(2), at + " constant channel");
            }
            if (t >= 5 && t < 9) {
                assertTrue((fx.flags(1) & ChannelFlags.SATURATED) != 0, at + " railed channel, held 1 s after");
                assertTrue(!fx.isUsable(1), at);
            }
            if (t >= 6.25 && t < 7.0) {
                assertEquals(ChannelFlags.ARTEFACT, fx.flags(3), at + " blink: " + ChannelFlags.describe(fx.flags(3)));
            }
            if (t >= 10) {
                assertEquals(0, fx.flags(1), at + " recovered railed channel: " + ChannelFlags.describe(fx.flags(1)));
                assertEquals(0, fx.flags(3), at + " channel after the blink");
            }
            if (t >= 5.5 && t < 6) {
                assertEquals(6, fx.usableChannelCount(), at);
                double mean = fx.meanAbsoluteBandPowerOfUsableChannels(alpha);
                assertEquals(200, mean, 20, at + ": usable-channel alpha power excludes the railed channel");
                // the railed channel would drive the montage's phase if it were not excluded
                assertTrue(fx.isTargetUsable(), at);
                double truth = EchtPhaseEstimator.wrap(2 * Math.PI * 10 * t);
                double error = Math.toDegrees(Math.abs(EchtPhaseEstimator.wrap(fx.targetPhaseRadians() - truth)));
                assertTrue(error < 15, at + ": phase error " + error + " deg with a railed channel in the montage");
            }
        }
    }

    @Test
    void shouldFlagBlinksOnTheFrontalChannelsOfTheSyntheticEegButRarelyAnythingElse() {
        long seed = 8L;
        SyntheticEeg eeg = SyntheticEeg.builder().seed(seed).sampleRateHz(RATE).channels(8).build();
        FeatureExtractor fx = new FeatureExtractor(DspConfig.builder(RATE, 8).build());
        double[] x = new double[8];
        int total = 300 * RATE;
        int blinks = 0;
        int blinksFlagged = 0;
        boolean inBlink = false;
        boolean flaggedThisBlink = false;
        long posteriorFlagged = 0;
        long posteriorSamples = 0;
        for (int n = 0; n < total; n++) {
            eeg.next(x);
            fx.process(x);
            if (n < 5 * RATE) {
                continue;
            }
            if (eeg.isBlinkActive()) {
                if (!inBlink) {
                    blinks++;
                    flaggedThisBlink = false;
                }
                inBlink = true;
                flaggedThisBlink |= (fx.flags(0) & ChannelFlags.ARTEFACT) != 0;
            } else if (inBlink) {
                inBlink = false;
                blinksFlagged += flaggedThisBlink ? 1 : 0;
            }
            for (int c = 4; c < 8; c++) {
                posteriorSamples++;
                posteriorFlagged += fx.flags(c) != 0 ? 1 : 0;
            }
        }
        double detected = (double) blinksFlagged / blinks;
        double falseFraction = (double) posteriorFlagged / posteriorSamples;
        System.out.printf("SyntheticEeg seed %d: %d of %d blinks flagged on channel 1; posterior channels flagged "
                + "%.2f%% of the time%n", seed, blinksFlagged, blinks, 100 * falseFraction);
        // Blinks are 100-200 uV; at the default 150 uV peak-to-peak the smallest ones on this background (15 uV
        // pink noise) are missed. Lowering the threshold to 120 uV catches all but flags strong posterior alpha.
        assertTrue(detected >= 0.75, "seed=" + seed + ": blinks flagged " + blinksFlagged + "/" + blinks);
        assertTrue(falseFraction < 0.01, "seed=" + seed + ": posterior channels flagged " + falseFraction);
    }
}
