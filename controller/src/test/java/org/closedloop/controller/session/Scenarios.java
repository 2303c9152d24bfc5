package org.closedloop.controller.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.closedloop.controller.config.ProtocolValidator;
import org.closedloop.controller.recording.BdfAnnotation;
import org.closedloop.controller.recording.BdfPlusReader;
import org.closedloop.protocol.config.ProtocolCodec;
import org.closedloop.protocol.config.v1.ElectrodeDrive;
import org.closedloop.protocol.config.v1.StimulationBlock;
import org.closedloop.protocol.config.v1.StimulationProtocol;
import org.closedloop.protocol.config.v1.TacsComponent;
import org.closedloop.protocol.link.FaultCode;
import org.closedloop.safety.interlock.InterlockState;
import org.closedloop.sim.stim.StimGroundTruth;

/**
 * Protocols and checks shared by the HIL scenario tests ({@code SessionScenario*Test}).
 *
 * <p><b>Thread safety:</b> stateless.
 */
final class Scenarios {
    /** Ramps of the scenario protocols, s: the shortest ramp the 2 mA/s limit allows at up to 2 mA. */
    static final double RAMP_S = 1.0;
    static final long MS = 1_000_000L;
    static final long S = 1_000_000_000L;
    /** How long the tests wait for anything at most (a loaded machine, never a timing assertion). */
    static final Duration LONG = Duration.ofSeconds(60);

    private Scenarios() {
    }

    /**
     * An example protocol ({@code examples/<example>}) shortened to one {@code durationS} block with 1 s ramps and
     * {@code microAmps} per electrode, its session limit cut to the block, checked valid by the
     * {@link ProtocolValidator}.
     */
    static StimulationProtocol openLoop(String example, double durationS, int microAmps) throws Exception {
        StimulationProtocol p = ProtocolCodec.readFile(Path.of("..", "examples", example));
        StimulationProtocol.Builder b = p.toBuilder();
        StimulationBlock.Builder block = b.getBlocksBuilder(0).setRampUpS(RAMP_S).setRampDownS(RAMP_S)
                .setDurationS(durationS);
        for (TacsComponent.Builder c : block.getComponentsBuilderList()) {
            for (ElectrodeDrive.Builder e : c.getElectrodesBuilderList()) {
                e.setPeakAmplitudeUa(microAmps);
            }
        }
        b.getSessionLimitsBuilder().setMaxDurationS(durationS);
        StimulationProtocol out = b.build();
        assertEquals(List.of(), ProtocolValidator.validate(out), "the scenario protocol is valid");
        return out;
    }

    /**
     * Whether a run was stopped by a real-time miss of this machine: the device's queue ran dry or a block came too
     * late for the device or the gate, or (unless the scenario injects acquisition faults itself) the board's stream
     * stalled for the 250 ms stall limit. No scenario injects the first two; all of them mean a thread was not
     * scheduled in time (this shared virtual machine deschedules threads for tens, at worst hundreds of ms).
     */
    static boolean realTimeMiss(StimGroundTruth truth, Path sessionLog, boolean acquisitionFaultsInjected) {
        boolean device = truth.faults().stream().anyMatch(f -> f.code() == FaultCode.UNDERRUN
                || f.code() == FaultCode.BLOCK_TIMING);
        List<String> log = List.of();
        try {
            if (sessionLog != null && Files.exists(sessionLog)) {
                log = Files.readAllLines(sessionLog);
            }
        } catch (IOException e) {
            // no log to judge by: only the device's record counts
        }
        boolean gate = log.stream().anyMatch(l -> l.contains("GATE_REFUSED") && l.contains("block_timing"));
        boolean stall = !acquisitionFaultsInjected && log.stream().anyMatch(l -> l.contains("acquisition: stalled"));
        return device || gate || stall;
    }

    /** The session's log as one string ("" before it exists). */
    static String log(ClosedLoopSession session) {
        try {
            return Files.readString(session.directory().resolve("session.log"));
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * Waits until the session's log contains every one of {@code parts} on one line; fails at once if the interlock
     * faults first.
     */
    static void awaitLogLine(SessionRig rig, Duration timeout, String... parts) throws InterruptedException {
        SessionRig.await(() -> "a session.log line with " + List.of(parts) + "\n" + rig.dump(), timeout,
                () -> logLine(rig.session, parts) != null
                        || rig.session.stimulation().state() == InterlockState.FAULT);
        assertNotNull(logLine(rig.session, parts), () -> "a session.log line with " + List.of(parts)
                + " before the interlock faulted\n" + rig.dump());
    }

    /** The first line of the session's log that contains every one of {@code parts}, or null. */
    static String logLine(ClosedLoopSession session, String... parts) {
        for (String line : log(session).split("\n")) {
            boolean all = true;
            for (String p : parts) {
                all &= line.contains(p);
            }
            if (all) {
                return line;
            }
        }
        return null;
    }

    /** Waits until {@code condition} holds, failing with {@code what} and the session's files otherwise. */
    static void await(SessionRig rig, String what, BooleanSupplier condition) throws InterruptedException {
        SessionRig.await(() -> what + "; interlock " + rig.session.stimulation().state() + ", device "
                + rig.stimulator.state() + " faults " + rig.stimulator.groundTruth().faults() + "\n" + rig.dump(),
                LONG, condition);
    }

    /** The annotations of a closed session's recording. */
    static List<String> annotations(Path bdf) throws IOException {
        try (BdfPlusReader r = BdfPlusReader.open(bdf)) {
            return r.annotations().stream().map(BdfAnnotation::text).toList();
        }
    }

    /** The session's manifest, parsed strictly (it must be valid JSON). */
    static Map<String, Object> manifest(Path sessionDir) throws IOException {
        return StrictJson.parseObject(Files.readString(sessionDir.resolve("manifest.json")));
    }
}
