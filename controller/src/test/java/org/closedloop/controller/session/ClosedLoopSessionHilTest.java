package org.closedloop.controller.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.closedloop.controller.audit.AuditLog;
import org.closedloop.controller.recording.BdfPlusReader;
import org.closedloop.protocol.config.v1.StimulationProtocol;
import org.closedloop.safety.interlock.ActionResult;
import org.closedloop.safety.interlock.InterlockState;
import org.closedloop.sim.cyton.CytonSimConfig;
import org.closedloop.sim.cyton.GroundTruth;
import org.closedloop.sim.stim.StimSimConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HIL scenario 1, the closed-loop trigger: a whole session over ptys (simulated board and stimulator, jssc, the real
 * interlock). The example protocol's start rule fires in the simulator's alpha bursts and starts stimulation at the
 * predicted alpha peak; hysteresis, dwell and refractory hold in the recorded features; the stimulator delivers
 * only after an accepted start; the files and the manifest are complete.
 */
class ClosedLoopSessionHilTest {
    private static final Pattern STARTED = Pattern.compile("command: start by start-on-alpha at sample (\\d+): started");

    @TempDir
    Path dir;

    /**
     * The simulator's ground truth of each sample, keyed by the session's sample index. The two indices can differ:
     * when this VM pauses the whole JVM for half a second or more, the loss tracker's arrival clock can read the
     * delayed burst as a lost counter wrap (256 samples), and the session's index jumps (see the README on
     * SampleLossTracker). Matching the recorded 24-bit counts of all 8 channels to the ground truth's finds each
     * sample whatever its index.
     */
    private static Map<Long, GroundTruth.Sample> truthBySessionIndex(GroundTruth truth, Path bdf) throws Exception {
        Map<List<Integer>, GroundTruth.Sample> byCounts = new HashMap<>();
        for (GroundTruth.Sample s : truth.samples()) {
            byCounts.put(java.util.Arrays.stream(s.counts()).boxed().toList(), s);
        }
        Map<Long, GroundTruth.Sample> out = new HashMap<>();
        try (BdfPlusReader reader = BdfPlusReader.open(bdf)) {
            long first = SessionReplay.firstSampleIndex(reader.annotations());
            int[] counts = new int[reader.header().channelCount()];
            while (reader.next(counts)) {
                GroundTruth.Sample s = reader.isMissing() ? null
                        : byCounts.get(java.util.Arrays.stream(counts).boxed().toList());
                if (s != null) {
                    out.put(first + reader.sampleIndex(), s);
                }
            }
        }
        return out;
    }

    @Test
    void shouldStartAtTheAlphaPeakInBurstsAndRespectHysteresisDwellAndRefractory() throws Exception {
        StimulationProtocol protocol = SessionRig.closedLoopExample();
        try (SessionRig rig = new SessionRig(dir, CytonSimConfig.builder().seed(11).groundTruthCapacity(250 * 200),
                StimSimConfig.builder().channels(2))) {
            ClosedLoopSession session = rig.start(protocol, "S-HIL-1");
            // arm after 5 s of data, so that the IAF estimate has something to go on (the operator would wait too)
            SessionRig.await("5 s of samples", Duration.ofSeconds(30),
                    () -> session.acquisition().stats().samplesReceived() >= 5 * 250);
            ActionResult armed = rig.arm();
            assertTrue(armed.accepted(), armed::toString);
            SessionRig.await(() -> "two accepted starts; status " + session.statusLine() + "\n" + rig.dump(),
                    Duration.ofSeconds(120), () -> {
                try {
                    rig.recoverFromRealTimeMiss();
                    return STARTED.matcher(String.join("\n", rig.lines("session.log"))).results().count() >= 2;
                } catch (Exception e) {
                    return false;
                }
            });
            session.close("tester", "test over");
            Path d = session.directory();

            // --- decisions: every start in or right after a burst, starts at least the refractory 10 s apart
            List<String> decisions = SessionReplay.decisionLines(d.resolve("decisions.csv"));
            assertTrue(Files.readString(d.resolve("decisions.csv")).startsWith("# SYNTHETIC DATA"), "labelled synthetic");
            GroundTruth truth = rig.board.groundTruth();
            Map<Long, GroundTruth.Sample> byIndex = truthBySessionIndex(truth, d.resolve("recording.bdf"));
            long lastStart = Long.MIN_VALUE;
            double phaseErrorSum = 0;
            int phased = 0;
            int starts = 0;
            for (String line : decisions) {
                String[] f = line.split(",");
                long sample = Long.parseLong(f[0]);
                if (!f[2].equals("START_AT_PHASE")) {
                    continue;
                }
                starts++;
                assertTrue(lastStart == Long.MIN_VALUE || sample - lastStart >= 10 * 250,
                        "refractory 10 s: starts at " + lastStart + " and " + sample);
                lastStart = sample;
                assertTrue(Double.parseDouble(f[4]) > 0.35, "fired above the enter threshold: " + line);
                boolean burstRecently = false;
                for (long i = sample - 2 * 250; i <= sample; i++) {
                    GroundTruth.Sample s = byIndex.get(i);
                    burstRecently |= s != null && s.alphaEnvelopeMicrovolts() > 0;
                }
                assertTrue(burstRecently, "start at sample " + sample + " within 2 s of an alpha burst");
                // the true alpha phase at the predicted (fractional) onset, interpolated between its two samples
                double onset = sample + Double.parseDouble(f[3]);
                GroundTruth.Sample at = byIndex.get((long) Math.floor(onset));
                GroundTruth.Sample next = byIndex.get((long) Math.floor(onset) + 1);
                if (at != null && next != null && at.alphaEnvelopeMicrovolts() > 0) {
                    double step = Math.IEEEremainder(next.alphaPhaseRadians() - at.alphaPhaseRadians(), 2 * Math.PI);
                    double phase = at.alphaPhaseRadians() + (onset - Math.floor(onset)) * step;
                    double error = Math.toDegrees(Math.abs(Math.IEEEremainder(phase, 2 * Math.PI)));
                    System.out.printf("  onset at sample %.2f: |phase error| %.1f deg%n", onset, error);
                    phaseErrorSum += error;
                    phased++;
                }
            }
            assertTrue(starts >= 2, "at least two phase-locked starts: " + decisions);
            assertTrue(phased >= 1, "an onset inside a burst");
            double meanPhaseError = phaseErrorSum / phased;
            System.out.printf("HIL closed loop: %d starts, mean |phase error| at onset %.1f deg over %d%n", starts,
                    meanPhaseError, phased);
            // two onsets in bursts in this session (33.8 and 22.5 deg for seed 11: the data, and so the decisions, are
            // the same every run); the DSP's accuracy target, 25 deg on average, is asserted over 10 onsets offline
            // (OfflineClosedLoopTest); here the live path must keep the onsets near the peak, not far from it
            assertTrue(meanPhaseError <= 30, "onset near the alpha peak: " + meanPhaseError + " deg");

            // --- dwell and hysteresis in the recorded features: 0.5 s above the exit level before each start
            List<String> features = Files.readAllLines(d.resolve("features.csv")).stream()
                    .filter(l -> !l.startsWith("#") && !l.startsWith("time_s")).toList();
            for (String line : decisions) {
                String[] f = line.split(",");
                if (!f[2].equals("START_AT_PHASE")) {
                    continue;
                }
                long sample = Long.parseLong(f[0]);
                for (String row : features) {
                    String[] r = row.split(",");
                    long idx = Long.parseLong(r[1]);
                    if (idx > sample - 125 && idx <= sample && !r[2].isEmpty()) {
                        assertTrue(Double.parseDouble(r[2]) > 0.30, "dwell above the exit threshold before " + sample
                                + ": " + row);
                    }
                }
            }

            // --- the stimulator delivered only after the first accepted start, and did deliver
            Matcher m = STARTED.matcher(String.join("\n", Files.readAllLines(d.resolve("session.log"))));
            assertTrue(m.find());
            long firstStartSample = Long.parseLong(m.group(1));
            long firstStartNs = byIndex.get(firstStartSample).generatedNanos();
            assertEquals(0, rig.stimulator.groundTruth().maxAbsDelivered(Long.MIN_VALUE / 2, firstStartNs),
                    "no current before the first start");
            assertTrue(rig.stimulator.groundTruth().maxAbsDelivered(firstStartNs, System.nanoTime()) >= 450,
                    "the block reached its 500 µA peak");

            // --- deterministic replay: the recording through the same pipeline gives the identical decision list
            SessionReplay.Result replay = SessionReplay.run(d, protocol);
            System.out.printf("replay: %d decisions from %d samples (%d no-data skipped), identical: %s%n",
                    replay.decisions().size(), replay.samples(), replay.missing(), replay.identical());
            assertEquals(decisions, replay.decisions(), "replayed decisions");
            assertTrue(replay.identical());

            // --- files and manifest
            assertTrue(Files.size(d.resolve("recording.bdf")) > 256 * 10, "a BDF+ recording");
            String manifest = Files.readString(d.resolve("manifest.json"));
            for (String key : new String[] {"\"protocol_sha256\": \"" + "ab".repeat(32), "\"protocol_signer\": \"test-key\"",
                    "\"synthetic\": true", "\"subject_code\": \"S-HIL-1\"", "\"operator\": \"tester\"",
                    "\"latency_p99_ns\"", "\"safety_limits_table\"", "\"stimulator_identity\"", "\"board_identity\"",
                    "\"end_time\": \"20", "\"audit_head\""}) {
                assertTrue(manifest.contains(key), key + " in " + manifest);
            }
            assertTrue(AuditLog.verify(rig.audit.file()).intact());
            assertTrue(Files.readString(rig.audit.file()).contains("ARMED"), "arming is audited");
            assertEquals(InterlockState.DISARMED, session.stimulation().state());
        }
    }
}
