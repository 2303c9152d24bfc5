package org.closedloop.sim.eeg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The brain model: how a {@link StimulationField} changes the synthetic EEG (artefact, entrainment, phase pulling),
 * against analytic oracles and against the same seed without stimulation.
 */
class BrainModelTest {
    private static final int FS = 250;
    private static final int POSTERIOR = 4; // channel 5, O1-like
    private static final double ONE_MILLIAMP = 1000.0;
    private static final long[] SEEDS = {1, 2, 3, 4, 5};

    /** +I/-I on a two-electrode montage, I = amplitude * cos(2*pi*f*t), t from the generator's clock. */
    static final class CosineField implements StimulationField {
        private final double hz;
        private final double microAmps;

        CosineField(double hz, double microAmps) {
            this.hz = hz;
            this.microAmps = microAmps;
        }

        double phaseRadians(long timeNanos) {
            return 2 * Math.PI * hz * (timeNanos / 1e9);
        }

        @Override
        public int electrodes() {
            return 2;
        }

        @Override
        public void currentsAt(long timeNanos, double[] microAmpsOut) {
            microAmpsOut[0] = microAmps * Math.cos(phaseRadians(timeNanos));
            microAmpsOut[1] = -microAmpsOut[0];
        }
    }

    /**
     * An ideal closed-loop stimulator: +I/-I locked to the generator's own alpha phase (predicted one sample ahead
     * from the ground truth of the previous sample) plus an offset: 0 in phase, pi anti-phase.
     */
    static final class PhaseLockedField implements StimulationField {
        private final double microAmps;
        private final double offsetRadians;
        private SyntheticEeg eeg;

        PhaseLockedField(double microAmps, double offsetRadians) {
            this.microAmps = microAmps;
            this.offsetRadians = offsetRadians;
        }

        @Override
        public int electrodes() {
            return 2;
        }

        @Override
        public void currentsAt(long timeNanos, double[] microAmpsOut) {
            double predicted = eeg.alphaPhaseRadians() + 2 * Math.PI * eeg.alphaHz() / eeg.sampleRateHz();
            microAmpsOut[0] = microAmps * Math.cos(predicted + offsetRadians);
            microAmpsOut[1] = -microAmpsOut[0];
        }
    }

    private static SyntheticEeg.Builder base(long seed) {
        return SyntheticEeg.builder().seed(seed).sampleRateHz(FS);
    }

    private static SyntheticEeg lockedTo(PhaseLockedField field, long seed) {
        SyntheticEeg eeg = base(seed).stimulationField(field).build();
        field.eeg = eeg;
        return eeg;
    }

    private static double meanEnvelope(SyntheticEeg eeg, int samples) {
        double[] one = new double[eeg.channels()];
        double sum = 0;
        for (int i = 0; i < samples; i++) {
            eeg.next(one);
            sum += eeg.alphaEnvelopeMicrovolts();
        }
        return sum / samples;
    }

    @Test
    void shouldBeBitIdenticalWithAZeroField() {
        StimulationField zero = new StimulationField() {
            @Override
            public int electrodes() {
                return 2;
            }

            @Override
            public void currentsAt(long timeNanos, double[] microAmpsOut) {
                microAmpsOut[0] = 0.0;
                microAmpsOut[1] = -0.0;
            }
        };
        for (long seed : SEEDS) {
            SyntheticEeg plain = base(seed).build();
            SyntheticEeg coupled = base(seed).stimulationField(zero).build();
            double[] x = new double[8];
            double[] y = new double[8];
            for (int i = 0; i < 60 * FS; i++) {
                plain.next(x);
                coupled.next(y);
                assertArrayEquals(x, y, "seed " + seed + ", sample " + i);
                assertEquals(plain.alphaPhaseRadians(), coupled.alphaPhaseRadians(), "seed " + seed + ", " + i);
                assertEquals(plain.alphaEnvelopeMicrovolts(), coupled.alphaEnvelopeMicrovolts(), "seed " + seed);
                assertEquals(plain.alphaFrequencyHz(), coupled.alphaFrequencyHz(), "seed " + seed);
                assertEquals(0.0, coupled.entrainmentDriveMicroAmps(), "seed " + seed);
            }
        }
    }

    @Test
    void shouldAddExactlyTheLeadfieldScaledCurrentWhenEntrainmentIsOff() {
        StimulationResponse artefactOnly = StimulationResponse.builder().entrainmentGainMicrovoltsPerMilliAmp(0)
                .phasePullingHzPerMilliAmp(0).build();
        double[][] leadfield = StimulationResponse.defaults().leadfieldMicrovoltsPerMicroAmp(8, 2);
        for (long seed : SEEDS) {
            SyntheticEeg plain = base(seed).build();
            SyntheticEeg coupled = base(seed).stimulationField(new CosineField(10, ONE_MILLIAMP))
                    .stimulationResponse(artefactOnly).build();
            double[] x = new double[8];
            double[] y = new double[8];
            double largest = 0;
            for (int i = 0; i < 10 * FS; i++) {
                plain.next(x);
                coupled.next(y);
                double current = ONE_MILLIAMP * Math.cos(2 * Math.PI * 10 * i / FS); // independent of the field
                for (int c = 0; c < 8; c++) {
                    double expected = (leadfield[c][0] - leadfield[c][1]) * current;
                    assertEquals(expected, y[c] - x[c], 1e-9, "seed " + seed + ", sample " + i + ", channel " + c);
                    assertEquals(expected, coupled.stimulationArtefactMicrovolts(c), 1e-9, "seed " + seed);
                    largest = Math.max(largest, Math.abs(expected));
                }
                assertEquals(plain.alphaEnvelopeMicrovolts(), coupled.alphaEnvelopeMicrovolts(), "seed " + seed);
                assertEquals(plain.alphaPhaseRadians(), coupled.alphaPhaseRadians(), "seed " + seed);
            }
            assertEquals(1600, largest, 1e-6, "default montage: 1.6 mV at 1 mA on channels 1-2 and 5-8");
        }
        assertArrayEquals(new double[] {-1.6, -1.6, 0.2, 0.2, 1.6, 1.6, 1.6, 1.6},
                Arrays.stream(leadfield).mapToDouble(r -> r[0] - r[1]).toArray(), 1e-12);
    }

    @Test
    void shouldApplyACustomLeadfieldOfAnyElectrodeCount() {
        double[][] leadfield = {{1, 0, 0}, {0, 2, 0}, {0, 0, 3}, {1, 1, 1}};
        StimulationField threeElectrodes = new StimulationField() {
            @Override
            public int electrodes() {
                return 3;
            }

            @Override
            public void currentsAt(long timeNanos, double[] microAmpsOut) {
                microAmpsOut[0] = 100;
                microAmpsOut[1] = -30;
                microAmpsOut[2] = -70;
            }
        };
        StimulationResponse response = StimulationResponse.builder().leadfieldMicrovoltsPerMicroAmp(leadfield)
                .entrainmentElectrodeWeights(1, 0, 0).entrainmentGainMicrovoltsPerMilliAmp(0)
                .phasePullingHzPerMilliAmp(0).build();
        SyntheticEeg plain = base(9).channels(4).build();
        SyntheticEeg coupled = base(9).channels(4).stimulationField(threeElectrodes).stimulationResponse(response)
                .build();
        double[] x = new double[4];
        double[] y = new double[4];
        double[] expected = {100, -60, -210, 0};
        for (int i = 0; i < 5 * FS; i++) {
            plain.next(x);
            coupled.next(y);
            for (int c = 0; c < 4; c++) {
                assertEquals(expected[c], y[c] - x[c], 1e-9, "seed 9, sample " + i + ", channel " + c);
            }
        }
    }

    @Test
    void shouldKeepTheAlphaGroundTruthExactUnderStimulation() {
        PhaseLockedField field = new PhaseLockedField(ONE_MILLIAMP, 0);
        SyntheticEeg eeg = base(11).backgroundRmsMicrovolts(0).lineNoiseHz(0).blinks(false)
                .stimulationField(field).build();
        field.eeg = eeg;
        double[] one = new double[8];
        double raised = 0;
        for (int i = 0; i < 30 * FS; i++) {
            eeg.next(one);
            double alpha = eeg.alphaEnvelopeMicrovolts() * Math.cos(eeg.alphaPhaseRadians());
            for (int c = 0; c < 8; c++) {
                assertEquals(eeg.alphaWeight(c) * alpha + eeg.stimulationArtefactMicrovolts(c), one[c], 1e-9,
                        "seed 11, sample " + i + ", channel " + c);
            }
            raised = Math.max(raised, eeg.alphaEnvelopeMicrovolts() - eeg.spontaneousAlphaEnvelopeMicrovolts());
        }
        assertTrue(raised > 5, "seed 11: in-phase 1 mA raised the envelope by at most " + raised + " uV");
    }

    @Test
    void shouldRaiseAlphaWithInPhaseStimulationAndLowerItWithAntiPhase() {
        int samples = 10 * FS;
        for (long seed : SEEDS) {
            double none = meanEnvelope(base(seed).build(), samples);
            double inPhase = meanEnvelope(lockedTo(new PhaseLockedField(ONE_MILLIAMP, 0), seed), samples);
            double antiPhase = meanEnvelope(lockedTo(new PhaseLockedField(ONE_MILLIAMP, Math.PI), seed), samples);
            assertTrue(inPhase >= 1.5 * none, "seed " + seed + ": mean envelope in phase " + inPhase + " vs " + none);
            assertTrue(antiPhase <= 0.8 * none, "seed " + seed + ": mean envelope anti-phase " + antiPhase + " vs "
                    + none);
        }
    }

    @Test
    void shouldHardlyChangeAlphaWithStimulationFiveHertzAway() {
        int samples = 10 * FS;
        for (long seed : SEEDS) {
            double none = meanEnvelope(base(seed).build(), samples);
            for (double hz : new double[] {5, 15}) {
                double detuned = meanEnvelope(base(seed).stimulationField(new CosineField(hz, ONE_MILLIAMP)).build(),
                        samples);
                assertEquals(1.0, detuned / none, 0.1, "seed " + seed + ", " + hz + " Hz: " + detuned + " vs " + none);
            }
        }
    }

    @Test
    void shouldWeightDetunedDriveByALorentzianOfTheConfiguredBandwidth() {
        StimulationResponse noPulling = StimulationResponse.builder().phasePullingHzPerMilliAmp(0).build();
        for (double detuneHz : new double[] {0.5, 1, 2, 5}) {
            SyntheticEeg eeg = base(6).alphaJitterHz(0).stimulationResponse(noPulling)
                    .stimulationField(new CosineField(10 + detuneHz, ONE_MILLIAMP)).build();
            double[] one = new double[8];
            double sumSquares = 0;
            int settle = 2 * FS;
            int samples = 20 * FS; // a whole number of turns of the detuned drive
            for (int i = 0; i < settle + samples; i++) {
                eeg.next(one);
                if (i >= settle) {
                    sumSquares += eeg.entrainmentDriveMicroAmps() * eeg.entrainmentDriveMicroAmps();
                }
            }
            double amplitude = Math.sqrt(2 * sumSquares / samples); // the drive turns at detuneHz
            double lorentzian = ONE_MILLIAMP / Math.sqrt(1 + detuneHz * detuneHz); // bandwidth 1 Hz
            assertEquals(lorentzian, amplitude, 0.05 * lorentzian, "seed 6, detuned by " + detuneHz + " Hz");
        }
    }

    private static double phaseLocking(SyntheticEeg eeg, CosineField stimulation, int skip, int samples) {
        double[] one = new double[eeg.channels()];
        double re = 0;
        double im = 0;
        for (int i = 0; i < skip + samples; i++) {
            eeg.next(one);
            if (i >= skip) {
                double d = stimulation.phaseRadians(eeg.sampleTimeNanos(i)) - eeg.alphaPhaseRadians();
                re += Math.cos(d);
                im += Math.sin(d);
            }
        }
        return Math.hypot(re, im) / samples;
    }

    @Test
    void shouldPullTheAlphaPhaseTowardsStimulationHalfAHertzAway() {
        for (long seed : SEEDS) {
            CosineField stimulation = new CosineField(10.5, ONE_MILLIAMP);
            double free = phaseLocking(base(seed).build(), stimulation, 2 * FS, 10 * FS);
            double pulled = phaseLocking(base(seed).stimulationField(stimulation).build(), stimulation, 2 * FS,
                    10 * FS);
            assertTrue(free < 0.4, "seed " + seed + ": unstimulated phase locking " + free);
            assertTrue(pulled > 0.9, "seed " + seed + ": phase locking at 10.5 Hz, 1 mA: " + pulled);
        }
    }

    @Test
    void shouldGiveIdenticalOutputForTheSameSeedAndField() {
        SyntheticEeg a = base(42).stimulationField(new CosineField(10.3, 1500)).build();
        SyntheticEeg b = base(42).stimulationField(new CosineField(10.3, 1500)).build();
        double[] x = new double[8];
        double[] y = new double[8];
        for (int i = 0; i < 20 * FS; i++) {
            a.next(x);
            b.next(y);
            assertArrayEquals(x, y, "seed 42, sample " + i);
            assertEquals(a.alphaPhaseRadians(), b.alphaPhaseRadians(), "seed 42, sample " + i);
            assertEquals(a.alphaEnvelopeMicrovolts(), b.alphaEnvelopeMicrovolts(), "seed 42, sample " + i);
            assertEquals(a.entrainmentDriveMicroAmps(), b.entrainmentDriveMicroAmps(), "seed 42, sample " + i);
        }
    }

    /**
     * The montage from the electrodes' roles. By hand from the documented columns and weights: a ring of a centre
     * electrode over the target at +I and two returns at -I/2 puts I*P[c] - 2*(I/2)*F[c] = I*(P[c] - F[c]) on each
     * channel, exactly what +I/-I on the default pair puts there, and its drive current is 0.5*I + 2*0.5*(I/2) = I,
     * again the pair's 0.5*I + 0.5*I. So the same head, stimulated either way, gives the same EEG, sample by sample.
     */
    @Test
    void shouldStimulateARingMontageOverTheTargetAsThePairThatDeliversTheSameCurrent() {
        StimulationResponse ring = StimulationResponse.builder().overTarget(false, true, false).build();
        assertArrayEquals(new double[] {-0.5, 0.5, -0.5}, ring.entrainmentElectrodeWeights(3));
        double[][] l = ring.leadfieldMicrovoltsPerMicroAmp(9, 3);
        assertArrayEquals(new double[] {2.0, 0.4, 2.0}, l[0], "channel 1, frontal");
        assertArrayEquals(new double[] {0.8, 1.0, 0.8}, l[2], "channel 3");
        assertArrayEquals(new double[] {0.4, 2.0, 0.4}, l[7], "channel 8, posterior");
        assertArrayEquals(new double[] {0.8, 1.0, 0.8}, l[8], "channel 9, beyond the eighth");

        CosineField pair = new CosineField(10, ONE_MILLIAMP);
        StimulationField ringField = new StimulationField() {
            @Override
            public int electrodes() {
                return 3;
            }

            @Override
            public void currentsAt(long timeNanos, double[] microAmpsOut) {
                microAmpsOut[1] = ONE_MILLIAMP * Math.cos(pair.phaseRadians(timeNanos));
                microAmpsOut[0] = -microAmpsOut[1] / 2;
                microAmpsOut[2] = -microAmpsOut[1] / 2;
            }
        };
        SyntheticEeg viaPair = base(21).stimulationField(pair).build();
        SyntheticEeg viaRing = base(21).stimulationField(ringField).stimulationResponse(ring).build();
        double[] a = new double[8];
        double[] b = new double[8];
        double strongestDrive = 0;
        for (int i = 0; i < 20 * FS; i++) {
            viaPair.next(a);
            viaRing.next(b);
            assertArrayEquals(a, b, 1e-9, "seed 21, sample " + i);
            assertEquals(viaPair.entrainmentDriveMicroAmps(), viaRing.entrainmentDriveMicroAmps(), 1e-9);
            strongestDrive = Math.max(strongestDrive, Math.abs(viaRing.entrainmentDriveMicroAmps()));
        }
        assertTrue(strongestDrive > 0.1 * ONE_MILLIAMP, "the ring drives the alpha generator: " + strongestDrive);

        var e = assertThrows(IllegalArgumentException.class, () -> base(1).stimulationField(ringField).build());
        assertEquals("electrodes=3: the montage (overTarget) has 2; describe all 3, or give "
                + "leadfieldMicrovoltsPerMicroAmp", e.getMessage());
    }

    @Test
    void shouldRejectBadStimulationParametersNamingThem() {
        CosineField two = new CosineField(10, 1000);
        StimulationField three = new StimulationField() {
            @Override
            public int electrodes() {
                return 3;
            }

            @Override
            public void currentsAt(long timeNanos, double[] microAmpsOut) {
                microAmpsOut[0] = Double.NaN;
            }
        };
        var e = assertThrows(IllegalArgumentException.class, () -> base(1).stimulationField(three).build());
        assertTrue(e.getMessage().startsWith("electrodes=3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> base(1).stimulationField(two)
                .stimulationResponse(StimulationResponse.builder().entrainmentBandwidthHz(3).build()).build());
        assertTrue(e.getMessage().startsWith("entrainmentBandwidthHz=3.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> base(1).channels(4).stimulationField(two)
                .stimulationResponse(StimulationResponse.builder()
                        .leadfieldMicrovoltsPerMicroAmp(new double[8][2]).build()).build());
        assertTrue(e.getMessage().startsWith("leadfieldMicrovoltsPerMicroAmp rows=8"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> StimulationResponse.builder().entrainmentGainMicrovoltsPerMilliAmp(-1).build());
        assertTrue(e.getMessage().startsWith("entrainmentGainMicrovoltsPerMilliAmp=-1.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> StimulationResponse.builder().entrainmentTimeConstantSeconds(0).build());
        assertTrue(e.getMessage().startsWith("entrainmentTimeConstantSeconds=0.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> StimulationResponse.builder().phasePullingHzPerMilliAmp(Double.NaN).build());
        assertTrue(e.getMessage().startsWith("phasePullingHzPerMilliAmp=NaN"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> StimulationResponse.builder()
                .leadfieldMicrovoltsPerMicroAmp(new double[][] {{1, 2}, {3}}).build());
        assertTrue(e.getMessage().startsWith("leadfieldMicrovoltsPerMicroAmp row 2="), e.getMessage());
        SyntheticEeg eeg = base(1).stimulationField(three).stimulationResponse(StimulationResponse.builder()
                .leadfieldMicrovoltsPerMicroAmp(new double[8][3]).entrainmentElectrodeWeights(1, 0, 0).build())
                .build();
        var bad = assertThrows(IllegalStateException.class, () -> eeg.next(new double[8]));
        assertTrue(bad.getMessage().startsWith("stimulation field gave microAmps[0]=NaN"), bad.getMessage());
    }
}
