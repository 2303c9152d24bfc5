package org.closedloop.controller.stim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.closedloop.safety.plan.ElectrodeRole;
import org.closedloop.safety.plan.StimulationPlan;
import org.junit.jupiter.api.Test;

/** The synthesis, against straightforward formulas (no interlock: the gate's envelope is given as a trapezoid). */
class WaveformSynthesizerTest {
    private static final long MS = 1_000_000L;
    private static final long S = 1_000_000_000L;

    private static StimulationPlan threeElectrodes(boolean sham) {
        // A at 0°, B at 120°, C at 240°: a three-phase montage that sums to zero at every instant
        return StimulationPlan.builder("S001")
                .electrode("A", 25, ElectrodeRole.ACTIVE).electrode("B", 25, ElectrodeRole.ACTIVE)
                .electrode("C", 25, ElectrodeRole.RETURN)
                .component(10.0, new int[] {1000, 1000, 1000}, new double[] {0, 120, 240})
                .component(40.0, new int[] {200, 200, 200}, new double[] {30, 150, 270})
                .rampUpNs(S).rampDownNs(S).durationNs(6 * S).sham(sham).build();
    }

    /** The interlock's trapezoid for a run [0, 6 s] with 1 s ramps. */
    private static double trapezoid(long t) {
        return Math.max(0, Math.min(1, Math.min(t / (double) S, (6 * S - t) / (double) S)));
    }

    @Test
    void shouldSumToExactlyZeroAndStayUnderTheGatesEnvelope() {
        WaveformSynthesizer w = new WaveformSynthesizer();
        w.begin(threeElectrodes(false), 0, 0, 0, 6 * S, WaveformSynthesizerTest::trapezoid);
        int[] out = new int[10 * 3];
        for (long start = 0; start < 6 * S; start += 10 * MS) {
            w.fill(start, 10, out);
            for (int i = 0; i < 10; i++) {
                long t = start + i * MS;
                int sum = out[3 * i] + out[3 * i + 1] + out[3 * i + 2];
                assertEquals(0, sum, "sum at " + t);
                for (int c = 0; c < 3; c++) {
                    assertTrue(Math.abs(out[3 * i + c]) <= 1200 * trapezoid(t) + 1.0, "envelope at " + t);
                }
            }
        }
    }

    @Test
    void shouldFollowTheFormulaWithinOneMicroAmp() {
        WaveformSynthesizer w = new WaveformSynthesizer();
        long t0 = 123 * MS;
        w.begin(threeElectrodes(false), t0, 0, 0, 6 * S, t -> 1.0);
        int[] out = new int[3];
        double[] phase0 = {0, 120, 240};
        double[] phase1 = {30, 150, 270};
        for (long t = 0; t < 6 * S; t += 7 * MS) {
            w.fill(t, 1, out);
            double x = (t - t0) / 1e9;
            double up = t / (Math.PI / 2 * S);
            double down = (6 * S - t) / (Math.PI / 2 * S);
            double env = Math.min(rc(up), rc(down));
            for (int c = 0; c < 3; c++) {
                double want = env * (1000 * Math.sin(2 * Math.PI * 10 * x + Math.toRadians(phase0[c]))
                        + 200 * Math.sin(2 * Math.PI * 40 * x + Math.toRadians(phase1[c])));
                assertEquals(want, out[c], 1.0 + 1e-9, "channel " + c + " at " + t);
            }
        }
    }

    private static double rc(double x) {
        return x <= 0 ? 0 : x >= 1 ? 1 : (1 - Math.cos(Math.PI * x)) / 2;
    }

    @Test
    void shouldKeepTheShamUnderTheInterlocksTrianglesAndPeakAtSeventyOnePercent() {
        WaveformSynthesizer w = new WaveformSynthesizer();
        w.begin(threeElectrodes(true), 0, 0, 0, 6 * S, t -> 1.0);
        double peak = 0;
        for (long t = 0; t < 6 * S; t += MS) {
            double s = w.smoothEnvelope(t);
            double triangleA = Math.max(0, Math.min(t / (double) S, (2 * S - t) / (double) S));
            double triangleB = Math.max(0, Math.min((t - 4 * S) / (double) S, (6 * S - t) / (double) S));
            assertTrue(s <= Math.max(triangleA, triangleB) + 1e-12, "sham at " + t);
            peak = Math.max(peak, s);
            if (t > 2 * S && t < 4 * S) {
                assertEquals(0.0, s, "nothing between the ramps at " + t);
            }
        }
        assertEquals(rc(2 / Math.PI), peak, 1e-3);
    }

    @Test
    void shouldNeverBeSteeperThanTheLinearRampLimit() {
        WaveformSynthesizer w = new WaveformSynthesizer();
        w.begin(threeElectrodes(false), 0, 0, 0, 6 * S, t -> 1.0);
        double prev = 0;
        for (long t = MS; t < 6 * S; t += MS) {
            double s = w.smoothEnvelope(t);
            assertTrue(Math.abs(s - prev) <= MS / (double) S + 1e-9, "slope at " + t);
            prev = s;
        }
    }

    @Test
    void shouldRoundToTheExactSumWhateverTheInputs() {
        long seed = 99;
        SplittableRandom random = new SplittableRandom(seed);
        int[] out = new int[8];
        double[] x = new double[8];
        for (int trial = 0; trial < 100_000; trial++) {
            int n = random.nextInt(1, 9);
            double sum = 0;
            for (int c = 0; c < n; c++) {
                x[c] = random.nextDouble(-2000, 2000);
                sum += x[c];
            }
            WaveformSynthesizer.roundKeepingSum(x, out, 0, n);
            long got = 0;
            for (int c = 0; c < n; c++) {
                got += out[c];
                assertTrue(Math.abs(out[c] - x[c]) < 1.5, "seed=" + seed + " trial=" + trial);
            }
            assertEquals(Math.round(sum), got, "seed=" + seed + " trial=" + trial);
        }
    }
}
