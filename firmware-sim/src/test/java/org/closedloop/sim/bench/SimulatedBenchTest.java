package org.closedloop.sim.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongUnaryOperator;
import org.closedloop.protocol.cyton.CytonPacketLayout;
import org.closedloop.protocol.cyton.CytonScaling;
import org.closedloop.protocol.link.FaultCode;
import org.closedloop.protocol.link.MessageType;
import org.closedloop.sim.cyton.CytonSimConfig;
import org.closedloop.sim.cyton.GroundTruth;
import org.closedloop.sim.cyton.StreamCapture;
import org.closedloop.sim.eeg.Goertzel;
import org.closedloop.sim.eeg.SampledStimulationField;
import org.closedloop.sim.eeg.StimulationResponse;
import org.closedloop.sim.eeg.SyntheticEeg;
import org.closedloop.sim.pty.SlaveTerminal;
import org.closedloop.sim.stim.HostSide;
import org.closedloop.sim.stim.SimulatedStimulator;
import org.closedloop.sim.stim.StimGroundTruth;
import org.closedloop.sim.stim.StimSimConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The coupled bench end to end, over both ptys with no controller in between: raw frames drive the stimulator
 * ({@link HostSide}), the EEG is read and decoded as a controller would ({@link StreamCapture}), and the spectral
 * line of the stimulation is measured in what was decoded. Assertions are on the recorded data, never on sleeps.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SimulatedBenchTest {
    private static final long SEED = 7;
    private static final int FS = 250;
    private static final long PERIOD_NS = 1_000_000_000L / FS;
    private static final double STIM_HZ = 10;
    private static final int AMPLITUDE_UA = 1000;
    /** The run, in DAC ticks (ms): ramp up (the device's onset rule allows 2 mA/s), plateau, ramp down. */
    private static final int RAMP_UP_MS = 600;
    private static final int PLATEAU_END_MS = 3400;
    private static final int RUN_MS = 3600;
    private static final int BLOCK_MS = 20;
    /** Blocks go out when they start within this of the device clock: ends within 95 ms (the horizon is 100). */
    private static final int LEAD_MS = 75;
    private static final int TIMEOUT_MS = 5_000;

    /**
     * Expected line at 10 Hz per channel, µV, worked by hand from the default leadfield documented on
     * {@link StimulationResponse}: electrodes +I / -I with I = 1000 µA give |L[c][0] - L[c][1]| * 1000:
     * channels 1-2 |0.4 - 2.0|, channels 3-4 |1.0 - 0.8|, channels 5-8 |2.0 - 0.4|.
     */
    private static final double[] EXPECTED_LINE_UV = {1600, 1600, 200, 200, 1600, 1600, 1600, 1600};
    /** Alpha weight per channel (documented on SyntheticEeg). */
    private static final double[] ALPHA_WEIGHT = {0.2, 0.2, 0.5, 0.5, 1, 1, 1, 1};

    /** Channel 1 (µA) of run sample k; channel 2 is its negative (net 0). */
    private static int setpoint(int k) {
        double envelope = k < RAMP_UP_MS ? (double) AMPLITUDE_UA * k / RAMP_UP_MS
                : k < PLATEAU_END_MS ? AMPLITUDE_UA : (double) AMPLITUDE_UA * (RUN_MS - k) / (RUN_MS - PLATEAU_END_MS);
        return (int) Math.round(envelope * Math.sin(2 * Math.PI * STIM_HZ * k / 1000.0));
    }

    private static int[][] blockSamples(int block) {
        int[][] s = new int[BLOCK_MS][];
        for (int i = 0; i < BLOCK_MS; i++) {
            int a = setpoint(block * BLOCK_MS + i);
            s[i] = new int[] {a, -a};
        }
        return s;
    }

    /**
     * The largest 10 Hz amplitude, µV, that anything but the artefact can put on channel c over a window of n
     * samples (the Goertzel amplitude of any signal is at most 2/n times its summed magnitude):
     * <ul>
     *   <li>alpha: at most 2 * weight * envelope; the envelope is at most 40 µV spontaneously and, under or after
     *       stimulation, at most max(40, entrainmentCapMicrovolts = 60);</li>
     *   <li>a blink (channels 1-2, at most one in a window: onsets 4-10 s apart): 2/n * fs * 200 µV * 0.4 s / 2
     *       (the area of a sin^2 bump of the largest peak and duration);</li>
     *   <li>the 15 µV RMS 1/f background: its PSD at 10 Hz is 15^2 / (10 * ln(2000)) = 3.0 µV^2/Hz, so its 10 Hz
     *       amplitude has an RMS of sqrt(2 * fs * 3.0 / n), 2.4 µV at n = 250; allowed 20 µV, over 8 RMS;</li>
     *   <li>line noise: 0, 50 Hz is a whole number of cycles in every window used here.</li>
     * </ul>
     */
    private static double otherThanArtefactUv(int c, int n, double envelopeUv) {
        double alpha = 2 * ALPHA_WEIGHT[c] * envelopeUv;
        double blink = c < 2 ? 2.0 / n * FS * 200 * 0.4 / 2 : 0;
        return alpha + blink + 20;
    }

    /** Amplitude at 10 Hz of n samples of channel c from sample {@code from}, µV (Goertzel). */
    private static double lineUv(double[][] microvolts, int c, int from, int n) {
        return Math.sqrt(Goertzel.power(microvolts[c], from, n, STIM_HZ, FS));
    }

    @Test
    void shouldShowTheStimulatorsDeliveredCurrentInTheEegTheControllerDecodes() throws Exception {
        double[][] leadfield = StimulationResponse.defaults().leadfieldMicrovoltsPerMicroAmp(8, 2);
        for (int c = 0; c < 8; c++) {
            assertEquals(EXPECTED_LINE_UV[c], Math.abs(leadfield[c][0] - leadfield[c][1]) * AMPLITUDE_UA, 1e-9,
                    "the documented leadfield is the model's, channel " + (c + 1));
        }
        CytonSimConfig cyton = CytonSimConfig.builder().seed(SEED).build();
        StimSimConfig stim = StimSimConfig.builder().channels(2).build();
        byte[] stream;
        List<GroundTruth.Sample> eegTruth;
        StimGroundTruth.Trace stimTrace;
        long startUs;
        SampledStimulationField field;
        for (int attempt = 1; ; attempt++) {
        try (SimulatedBench bench = SimulatedBench.start(cyton, stim);
             SlaveTerminal eegPort = SlaveTerminal.open(bench.board().devicePath());
             HostSide stimPort = new HostSide(bench.stimulator().devicePath())) {
            SimulatedStimulator stimulator = bench.stimulator();
            field = bench.field();
            assertEquals(2, field.electrodes());
            stimPort.send(MessageType.CONFIGURE, HostSide.configure(2500, 2500));
            stimPort.await(MessageType.ACK, TIMEOUT_MS);

            StreamCapture capture = new StreamCapture(eegPort);
            eegPort.write("b");
            capture.readPackets(350); // 1.4 s of unstimulated EEG first

            startUs = stimulator.deviceMicros(System.nanoTime()) + 30_000;
            int blocks = RUN_MS / BLOCK_MS;
            int next = 0;
            while (next < blocks) {
                long nowUs = stimulator.deviceMicros(System.nanoTime());
                while (next < blocks && startUs + (long) next * BLOCK_MS * 1000 < nowUs + LEAD_MS * 1000L) {
                    stimPort.send(MessageType.SETPOINT_BLOCK,
                            HostSide.block(next, startUs + (long) next * BLOCK_MS * 1000, blockSamples(next)));
                    next++;
                }
                capture.readAtLeast(capture.size() + 1); // paces the loop: a packet every 4 ms
            }
            int end = stimPort.send(MessageType.END_RUN, HostSide.endRun(blocks - 1));
            assertEquals(end, stimPort.await(MessageType.ACK, TIMEOUT_MS).ackSeq());
            // EEG until 1.6 s past the run's end (how much data to take, not an assertion: the windows are checked)
            long endNanos = System.nanoTime() + (startUs + RUN_MS * 1000L - stimulator.deviceMicros(System.nanoTime()))
                    * 1000 + 1_600_000_000L;
            while (System.nanoTime() - endNanos < 0) {
                capture.readAtLeast(capture.size() + 1);
            }
            stream = capture.stopAndCollect();
            eegTruth = bench.board().groundTruth().delivered();
            stimTrace = stimulator.groundTruth().trace();
            List<StimGroundTruth.FaultEvent> faults = stimulator.groundTruth().faults();
            boolean realTimeMiss = !faults.isEmpty() && faults.stream().allMatch(f -> f.code() == FaultCode.UNDERRUN
                    || f.code() == FaultCode.WATCHDOG);
            if (realTimeMiss && attempt < 5) {
                // this test thread feeds the blocks; a loaded machine that deschedules it for more than the lead
                // lets the device's queue run dry, which the device rightly latches: a real-time miss, not a defect
                System.out.printf("attempt %d aborted by a real-time miss of this machine (device faults %s); "
                        + "retrying%n", attempt, faults);
                continue;
            }
            assertEquals(List.of(), faults, "the run was delivered without a fault");
        }
        break;
        }

        // what the controller decoded is exactly what the board generated, nothing lost
        StreamCapture.Result decoded = StreamCapture.decode(stream);
        StreamCapture.assertSameAsDelivered(decoded.packets(), eegTruth);
        assertEquals(0, decoded.samplesLost());
        int n = eegTruth.size();
        double uvPerCount = CytonScaling.microvoltsPerCount(24);
        double[][] uv = new double[CytonPacketLayout.CHANNELS][n];
        for (int i = 0; i < n; i++) {
            assertEquals(i, eegTruth.get(i).index(), "one stream, consecutive samples");
            for (int c = 0; c < 8; c++) {
                uv[c][i] = decoded.packets().get(i).counts()[c] * uvPerCount;
            }
        }

        // the stimulator delivered the run as sent, starting at a known host time
        int k0 = -1;
        for (int k = 0; k < stimTrace.size(); k++) {
            if (stimTrace.deviceUs()[k] == startUs) {
                k0 = k;
            }
        }
        assertTrue(k0 >= 0, "a tick at the run's start");
        for (int k = 0; k < RUN_MS + 100; k++) {
            int a = k < RUN_MS ? setpoint(k) : 0;
            assertArrayEquals(new int[] {a, -a}, stimTrace.delivered()[k0 + k], "delivered at run tick " + k);
        }
        long runStart = stimTrace.hostNanos()[k0];
        long plateauStart = stimTrace.hostNanos()[k0 + RAMP_UP_MS];
        long plateauEnd = stimTrace.hostNanos()[k0 + PLATEAU_END_MS];
        long runEnd = stimTrace.hostNanos()[k0 + RUN_MS];

        // each sample's due time: start + (index + 1) * period, the start estimated from the earliest generation
        long streamStart = Long.MAX_VALUE;
        for (GroundTruth.Sample s : eegTruth) {
            streamStart = Math.min(streamStart, s.generatedNanos() - (s.index() + 1) * PERIOD_NS);
        }
        final long start = streamStart;
        LongUnaryOperator firstDueAtOrAfter =
                t -> Math.max(0, (t - start + PERIOD_NS - 1) / PERIOD_NS - 1);
        int before = (int) firstDueAtOrAfter.applyAsLong(runStart - 100_000_000L) - FS; // 1 s, ended 0.1 s before
        int during = (int) firstDueAtOrAfter.applyAsLong(plateauStart + 400_000_000L); // 2 s inside the plateau
        int after = (int) firstDueAtOrAfter.applyAsLong(runEnd + 300_000_000L); // 1 s, from 0.3 s after the end
        assertTrue(before >= 0, "1 s of EEG before the run: first window sample " + before);
        assertTrue(start + (during + 2 * FS) * PERIOD_NS < plateauEnd - 100_000_000L, "window inside the plateau");
        assertTrue(after + FS <= n, "1 s of EEG after the run: " + (n - after) + " samples");

        StringBuilder measured = new StringBuilder();
        for (int c = 0; c < 8; c++) {
            double pre = lineUv(uv, c, before, FS);
            double on = lineUv(uv, c, during, 2 * FS);
            double post = lineUv(uv, c, after, FS);
            measured.append(String.format(" ch%d %.1f/%.1f/%.1f", c + 1, pre, on, post));
            // the artefact's own error: rounding to whole µA, and a tick held late (amplitude * (1 - cos(2 pi f 1 ms)))
            double artefactSlack = 0.5 * EXPECTED_LINE_UV[c] / AMPLITUDE_UA + 0.01 * EXPECTED_LINE_UV[c];
            double tolerance = otherThanArtefactUv(c, 2 * FS, 60) + artefactSlack;
            assertEquals(EXPECTED_LINE_UV[c], on, tolerance, "10 Hz line on channel " + (c + 1) + " under 1 mA");
            assertTrue(pre < otherThanArtefactUv(c, FS, 40), "no line on channel " + (c + 1) + " before: " + pre);
            assertTrue(post < otherThanArtefactUv(c, FS, 60), "no line on channel " + (c + 1) + " after: " + post);
        }
        System.out.println("10 Hz line, µV before/during/after:" + measured);

        // before the run the EEG is bit for bit the unstimulated one of the same seed (the field read exactly 0);
        // during it, the entrainment reached the alpha oscillator: its phase is pulled off its unstimulated course
        SyntheticEeg unstimulated = SyntheticEeg.create(SEED, FS);
        double[] reference = new double[8];
        int identical = 0;
        double maxPhasePull = 0;
        double maxEnvelopeChange = 0;
        double re = 0;
        double im = 0;
        int locked = 0;
        for (int i = 0; i < n; i++) {
            unstimulated.next(reference);
            GroundTruth.Sample s = eegTruth.get(i);
            long due = start + (i + 1) * PERIOD_NS; // at or after the true due time (the start estimate is)
            if (due < runStart) {
                assertArrayEquals(reference, s.microvolts(), "seed " + SEED + ", sample " + i + " before the run");
                assertEquals(unstimulated.alphaPhaseRadians(), s.alphaPhaseRadians(), "alpha phase, sample " + i);
                identical++;
            } else if (due < runEnd) {
                double d = s.alphaPhaseRadians() - unstimulated.alphaPhaseRadians();
                maxPhasePull = Math.max(maxPhasePull, Math.abs(Math.atan2(Math.sin(d), Math.cos(d))));
                maxEnvelopeChange = Math.max(maxEnvelopeChange,
                        Math.abs(s.alphaEnvelopeMicrovolts() - unstimulated.alphaEnvelopeMicrovolts()));
                if (due >= runStart + 2_000_000_000L && due < plateauEnd) {
                    // drive I_d = 0.5 I_1 - 0.5 I_2 = I_1 = A sin(2 pi f t) = A cos(2 pi f t - pi/2)
                    double drivePhase = 2 * Math.PI * STIM_HZ * (due - runStart) / 1e9 - Math.PI / 2;
                    re += Math.cos(s.alphaPhaseRadians() - drivePhase);
                    im += Math.sin(s.alphaPhaseRadians() - drivePhase);
                    locked++;
                }
            }
        }
        System.out.printf("before the run %d samples identical to the unstimulated EEG; during it alpha phase pulled "
                + "up to %.2f rad, envelope changed up to %.1f uV; PLV alpha vs drive over the last 1.4 s %.3f%n",
                identical, maxPhasePull, maxEnvelopeChange, Math.hypot(re, im) / locked);
        assertTrue(identical >= FS, "1 s of unstimulated EEG compared: " + identical);
        // offline, over 17,500 start times of this run against seeds 1, 2 and 7, the smallest pull was 0.16 rad: the
        // pull grows from wherever the drive starts relative to the alpha phase, and in phase it raises the envelope
        assertTrue(maxPhasePull > 0.1, "stimulation pulled the alpha phase by " + maxPhasePull + " rad");

        assertEquals(0, field.staleReads(), "the board never read older than the field keeps");
        assertTrue(field.pushed() >= stimTrace.size(), "a step per tick: " + field.pushed());
    }

    @Test
    void shouldRefuseACouplingThatDoesNotFit() {
        var e = assertThrows(IllegalArgumentException.class, () -> SimulatedBench.start(CytonSimConfig.defaults(),
                StimSimConfig.builder().channels(8).build()));
        assertTrue(e.getMessage().startsWith("stimulator channels=8 do not fit"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SimulatedBench.start(
                CytonSimConfig.builder().stimulationField(new SampledStimulationField(2)).build(),
                StimSimConfig.builder().channels(2).build()));
        assertTrue(e.getMessage().startsWith("cyton stimulationField="), e.getMessage());
    }
}
