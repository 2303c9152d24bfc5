package org.closedloop.sim.eeg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SyntheticEegTest {
    private static final int FS = 250;
    private static final int POSTERIOR = 4; // channel 5, O1-like

    /** Samples of every channel, [channel][sample]. */
    private static double[][] record(SyntheticEeg eeg, int samples) {
        double[][] out = new double[eeg.channels()][samples];
        double[] one = new double[eeg.channels()];
        for (int i = 0; i < samples; i++) {
            eeg.next(one);
            for (int c = 0; c < one.length; c++) {
                out[c][i] = one[c];
            }
        }
        return out;
    }

    @Test
    void shouldProduceIdenticalOutputAndGroundTruthForTheSameSeed() {
        SyntheticEeg a = SyntheticEeg.create(42, FS);
        SyntheticEeg b = SyntheticEeg.create(42, FS);
        double[] x = new double[8];
        double[] y = new double[8];
        for (int i = 0; i < 20 * FS; i++) {
            a.next(x);
            b.next(y);
            assertArrayEquals(x, y, "seed 42, sample " + i);
            assertEquals(a.alphaPhaseRadians(), b.alphaPhaseRadians(), "seed 42, sample " + i);
            assertEquals(a.alphaEnvelopeMicrovolts(), b.alphaEnvelopeMicrovolts(), "seed 42, sample " + i);
        }
    }

    @Test
    void shouldProduceDifferentOutputForDifferentSeeds() {
        double[][] a = record(SyntheticEeg.create(1, FS), 1000);
        double[][] b = record(SyntheticEeg.create(2, FS), 1000);
        for (int c = 0; c < 8; c++) {
            assertFalse(Arrays.equals(a[c], b[c]), "seeds 1 and 2, channel " + (c + 1));
        }
    }

    @Test
    void shouldPutAlphaPowerDuringBurstsWellAboveBackground() {
        long seed = 7;
        SyntheticEeg eeg = SyntheticEeg.create(seed, FS);
        int window = FS / 2;
        int windows = 240; // 2 minutes
        double[] one = new double[8];
        double[] block = new double[window];
        double inBurst = 0;
        int inCount = 0;
        double outside = 0;
        int outCount = 0;
        for (int w = 0; w < windows; w++) {
            int burstSamples = 0;
            for (int i = 0; i < window; i++) {
                eeg.next(one);
                block[i] = one[POSTERIOR];
                burstSamples += eeg.isAlphaBurstActive() ? 1 : 0;
            }
            double p = Goertzel.power(block, 0, window, eeg.alphaHz(), FS);
            if (burstSamples == window) {
                inBurst += p;
                inCount++;
            } else if (burstSamples == 0) {
                outside += p;
                outCount++;
            }
        }
        assertTrue(inCount >= 20 && outCount >= 20, "seed " + seed + ": windows in=" + inCount + " out=" + outCount);
        double ratio = (inBurst / inCount) / (outside / outCount);
        assertTrue(ratio > 10, "seed " + seed + ": alpha power in bursts / outside = " + ratio);
    }

    @Test
    void shouldMakeAlphaStrongestOnPosteriorChannels() {
        SyntheticEeg eeg = SyntheticEeg.builder().seed(3).blinks(false).build();
        double[][] x = record(eeg, 60 * FS);
        double frontal = Goertzel.power(x[0], 0, x[0].length, 10, FS);
        double posterior = Goertzel.power(x[POSTERIOR], 0, x[0].length, 10, FS);
        assertTrue(posterior > 5 * frontal, "seed 3: posterior " + posterior + " vs frontal " + frontal);
    }

    @Test
    void shouldShowLineNoiseAtTheConfiguredFrequency() {
        for (int lineHz : new int[] {50, 60}) {
            SyntheticEeg eeg = SyntheticEeg.builder().seed(5).lineNoiseHz(lineHz).build();
            double[][] x = record(eeg, 40 * FS);
            int other = lineHz == 50 ? 60 : 50;
            for (int c = 0; c < 8; c++) {
                int n = x[c].length;
                double atLine = Goertzel.power(x[c], 0, n, lineHz, FS);
                double atOther = Goertzel.power(x[c], 0, n, other, FS);
                double beside = 0;
                for (int d = 2; d <= 4; d++) {
                    beside += Goertzel.power(x[c], 0, n, lineHz - d, FS) / 6;
                    beside += Goertzel.power(x[c], 0, n, lineHz + d, FS) / 6;
                }
                assertTrue(atLine > 20 * atOther && atLine > 20 * beside,
                        "seed 5, line " + lineHz + " Hz, channel " + (c + 1) + ": " + atLine + " vs " + atOther
                                + " / " + beside);
                double amplitude = Math.sqrt(atLine);
                assertTrue(amplitude > 1.5 && amplitude < 5, "line amplitude " + amplitude + " uV");
            }
        }
    }

    @Test
    void shouldMatchAlphaGroundTruthExactly() {
        SyntheticEeg eeg = SyntheticEeg.builder().seed(11).backgroundRmsMicrovolts(0).lineNoiseHz(0).blinks(false)
                .build();
        double[] one = new double[8];
        double previousPhase = Double.NaN;
        double maxEnvelope = 0;
        int bursts = 0;
        boolean wasActive = false;
        int runLength = 0;
        for (int i = 0; i < 120 * FS; i++) {
            eeg.next(one);
            double env = eeg.alphaEnvelopeMicrovolts();
            double phase = eeg.alphaPhaseRadians();
            assertEquals(env * Math.cos(phase), one[POSTERIOR], 1e-9, "seed 11, sample " + i);
            assertEquals(0.2 * env * Math.cos(phase), one[0], 1e-9, "seed 11, sample " + i);
            assertEquals(eeg.isAlphaBurstActive(), env > 0, "seed 11, sample " + i);
            assertTrue(phase > -Math.PI && phase <= Math.PI, "phase " + phase);
            if (!Double.isNaN(previousPhase)) {
                double step = phase - previousPhase;
                if (step < 0) {
                    step += 2 * Math.PI;
                }
                double hz = step * FS / (2 * Math.PI);
                assertTrue(Math.abs(hz - 10) < 1, "seed 11, sample " + i + ": instantaneous " + hz + " Hz");
            }
            previousPhase = phase;
            maxEnvelope = Math.max(maxEnvelope, env);
            boolean active = eeg.isAlphaBurstActive();
            if (active != wasActive) {
                double seconds = runLength / (double) FS;
                if (i > runLength && active) {
                    assertTrue(seconds >= 1 - 0.01 && seconds <= 5 + 0.01, "gap " + seconds + " s");
                } else if (!active) {
                    assertTrue(seconds >= 0.5 - 0.01 && seconds <= 3 + 0.01, "burst " + seconds + " s");
                    bursts++;
                }
                runLength = 0;
            }
            runLength++;
            wasActive = active;
        }
        assertTrue(bursts >= 15, "bursts in 2 min: " + bursts);
        assertTrue(maxEnvelope >= 20 && maxEnvelope <= 40, "max envelope " + maxEnvelope);
    }

    @Test
    void shouldAddBlinksOnFrontalChannelsOnly() {
        SyntheticEeg eeg = SyntheticEeg.builder().seed(13).backgroundRmsMicrovolts(0).lineNoiseHz(0)
                .alphaPeakMicrovolts(0, 0).build();
        double[] one = new double[8];
        int blinks = 0;
        boolean wasActive = false;
        double max = 0;
        for (int i = 0; i < 60 * FS; i++) {
            eeg.next(one);
            for (int c = 2; c < 8; c++) {
                assertEquals(0.0, one[c], 1e-12, "channel " + (c + 1) + ", sample " + i);
            }
            assertEquals(one[0], one[1]);
            max = Math.max(max, one[0]);
            if (eeg.isBlinkActive() && !wasActive) {
                blinks++;
            }
            wasActive = eeg.isBlinkActive();
        }
        assertTrue(blinks >= 6 && blinks <= 15, "seed 13: blinks in 60 s = " + blinks);
        assertTrue(max >= 100 && max <= 200, "seed 13: largest blink " + max + " uV");
    }

    @Test
    void shouldHaveA1OverFBackgroundOfTheConfiguredRms() {
        SyntheticEeg eeg = SyntheticEeg.builder().seed(17).alphaPeakMicrovolts(0, 0).lineNoiseHz(0).blinks(false)
                .build();
        double[][] x = record(eeg, 120 * FS);
        int window = 2 * FS;
        double low = 0;
        double high = 0;
        double sumSquares = 0;
        for (int c = 0; c < 8; c++) {
            for (int from = 0; from + window <= x[c].length; from += window) {
                low += Goertzel.power(x[c], from, window, 2, FS);
                high += Goertzel.power(x[c], from, window, 20, FS);
            }
            for (double v : x[c]) {
                sumSquares += v * v;
            }
        }
        double rms = Math.sqrt(sumSquares / (8.0 * x[0].length));
        assertTrue(rms > 10 && rms < 20, "seed 17: background RMS " + rms + " uV");
        double slope = low / high;
        assertTrue(slope > 5 && slope < 20, "seed 17: power 2 Hz / 20 Hz = " + slope + " (1/f: 10)");
    }

    @Test
    void shouldRejectBadParametersNamingThem() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> SyntheticEeg.builder().sampleRateHz(250).alphaHz(200).build());
        assertTrue(e.getMessage().startsWith("alphaHz=200"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SyntheticEeg.builder().lineNoiseHz(125).build());
        assertTrue(e.getMessage().startsWith("lineNoiseHz=125"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SyntheticEeg.create(1, 250).next(new double[4]));
        assertTrue(e.getMessage().contains("microvoltsOut.length=4"), e.getMessage());
    }
}
