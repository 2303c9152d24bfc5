package org.closedloop.controller.session;

import static org.closedloop.controller.session.Scenarios.LONG;
import static org.closedloop.controller.session.Scenarios.MS;
import static org.closedloop.controller.session.Scenarios.S;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.closedloop.controller.audit.AuditLog;
import org.closedloop.controller.audit.AuditVerification;
import org.closedloop.controller.recording.BdfPlusReader;
import org.closedloop.controller.testing.Await;
import org.closedloop.controller.testing.ChildJvm;
import org.closedloop.protocol.link.FaultCode;
import org.closedloop.safety.SafetyLimits;
import org.closedloop.safety.ledger.DailyStimulationLedger;
import org.closedloop.sim.cyton.CytonSimConfig;
import org.closedloop.sim.cyton.SimulatedCytonBoard;
import org.closedloop.sim.stim.SimulatedStimulator;
import org.closedloop.sim.stim.StimGroundTruth;
import org.closedloop.sim.stim.StimSimConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HIL scenario 4 of issue 7, the controller killed mid-stimulation: a whole session runs in a child JVM
 * ({@link SessionChildMain}) against the simulated board and stimulator of this process, over their ptys; the child
 * is killed with SIGKILL ({@link Process#destroyForcibly()}) while the stimulator delivers. Nothing of the controller
 * runs again: the stimulator must zero its output on its own, and what the session left on disk must be usable (a
 * readable, crash-truncated BDF+, a valid manifest still saying "running", an intact audit log, the run's time in the
 * ledger, the session lock released).
 */
class SessionScenarioKillHilTest {
    @TempDir
    Path dir;

    private SimulatedCytonBoard board;
    private SimulatedStimulator stimulator;
    private ChildJvm child;
    private List<String> output = List.of();

    @AfterEach
    void tearDown() throws Exception {
        if (child != null) {
            child.close();
        }
        if (stimulator != null) {
            stimulator.close();
        }
        if (board != null) {
            board.close();
        }
    }

    /**
     * Starts the simulators and a child session in {@code d}; returns the session's directory once the stimulator
     * delivers full amplitude and the recording holds a complete record, or null if a real-time miss of this machine
     * stopped the run first (nothing here injects one; it says nothing about the scenario).
     */
    private Path startStimulatingChild(Path d) throws Exception {
        board = SimulatedCytonBoard.start(CytonSimConfig.builder().seed(4).linkPath(d.resolve("cyton")).build());
        stimulator = SimulatedStimulator.start(StimSimConfig.builder().channels(2).linkPath(d.resolve("stim")).build());
        child = ChildJvm.start(SessionChildMain.class, board.devicePath().toString(), stimulator.devicePath().toString(),
                d.resolve("sessions").toString(), d.resolve("ledger").toString(), d.resolve("audit.log").toString(),
                d.resolve("store").resolve(SessionLock.FILE_NAME).toString());
        output = child.output();
        SessionRig.await(() -> "the child to stimulate (output so far: " + output + ")", LONG,
                () -> output.stream().anyMatch(l -> l.startsWith("STIMULATING ") || l.startsWith("REFUSED"))
                        || !child.isAlive());
        String started = output.stream().filter(l -> l.startsWith("STIMULATING ")).findFirst().orElse(null);
        assertNotNull(started, output::toString);
        Path session = Path.of(started.substring("STIMULATING ".length()));
        StimGroundTruth g = stimulator.groundTruth();
        long since = System.nanoTime();
        SessionRig.await(() -> "full amplitude and a complete BDF+ record (delivered " + g.maxAbsDelivered(since,
                Long.MAX_VALUE) + " µA, device faults " + g.faults() + ", output " + output + ")", LONG,
                () -> !g.faults().isEmpty() || output.stream().anyMatch(l -> l.contains("->FAULT"))
                        || g.maxAbsDelivered(since, Long.MAX_VALUE) > 750 * 9 / 10
                        && completeRecords(session.resolve("recording.bdf")) >= 1);
        if (Scenarios.realTimeMiss(g, session.resolve("session.log"), false)) {
            System.out.println("the child's run was stopped by a real-time miss of this machine before the kill ("
                    + g.faults() + "); retrying with fresh simulators and child");
            child.kill();
            child = null;
            stimulator.close();
            stimulator = null;
            board.close();
            board = null;
            return null;
        }
        assertEquals(List.of(), g.faults(), "the child's run is healthy before the kill");
        assertTrue(output.stream().noneMatch(l -> l.contains("->FAULT")),
                () -> "the child's session is healthy before the kill: " + output);
        return session;
    }

    private static long completeRecords(Path bdf) {
        try (BdfPlusReader r = BdfPlusReader.open(bdf)) {
            return r.recordsInFile();
        } catch (IOException | RuntimeException e) {
            return 0; // not written yet
        }
    }

    @Test
    void shouldZeroTheOutputOnTheStimulatorsOwnAndLeaveUsableFilesWhenTheControllerIsKilledMidRun()
            throws Exception {
        Path d = null;
        Path session = null;
        for (int attempt = 1; attempt <= Await.REAL_TIME_ATTEMPTS && session == null; attempt++) {
            d = Files.createDirectories(dir.resolve("attempt-" + attempt));
            session = startStimulatingChild(d);
        }
        assertNotNull(session, "five attempts stopped by real-time misses");
        StimGroundTruth g = stimulator.groundTruth();

        long killNs = System.nanoTime();
        assertTrue(child.kill());
        SessionRig.await(() -> "the device's watchdog (faults " + g.faults() + ")", LONG,
                () -> g.faults().stream().anyMatch(f -> f.code() == FaultCode.WATCHDOG));
        assertTrue(g.awaitTickAt(killNs + 500 * MS, LONG));
        StimGroundTruth.FaultEvent watchdog = g.faults().stream().filter(f -> f.code() == FaultCode.WATCHDOG)
                .findFirst().orElseThrow();
        long zeroNs = g.zeroSince(killNs) - killNs;
        long lastFrameNs = watchdog.hostNanos() - watchdog.value() * MS - killNs;
        System.out.printf("controller killed mid-run: delivered zero %.1f ms after the kill (first fault %s), watchdog "
                        + "latched %.1f ms after the kill, %d ms after the last frame the device received (%.1f ms "
                        + "after the kill)%n", zeroNs / 1e6, g.faults().get(0).code(),
                (watchdog.hostNanos() - killNs) / 1e6, watchdog.value(), lastFrameNs / 1e6);
        assertTrue(g.maxAbsDelivered(killNs - 50 * MS, killNs) > 0, "delivering at the kill");
        assertTrue(zeroNs >= 0, "zero after the kill");
        // the device stops on its own at the earlier of: its queue running dry (the gate passes no block ending more
        // than 100 ms ahead of the clock; +2 DAC periods of clock slip and mapping) and its watchdog (100 ms after
        // the last frame); one more 1 ms tick to take effect
        assertTrue(zeroNs <= SafetyLimits.MAX_SETPOINT_HORIZON_NS + 3 * MS, "zero " + zeroNs / 1e6 + " ms after the kill");
        assertEquals(SafetyLimits.DEVICE_WATCHDOG_MILLISECONDS, watchdog.value(),
                "the watchdog latched at the first tick after 100 ms without a frame");
        assertTrue(zeroNs + killNs <= watchdog.hostNanos() + MS, "zero at the latest from the watchdog's latch");
        assertEquals(0, g.maxAbsDelivered(killNs + zeroNs, Long.MAX_VALUE), "and zero from then on");

        // what the session left behind
        try (BdfPlusReader r = BdfPlusReader.open(session.resolve("recording.bdf"))) {
            int[] counts = new int[r.header().channelCount()];
            long samples = 0;
            while (r.next(counts)) {
                samples++;
            }
            System.out.printf("recording.bdf after the kill: %d complete records (%d samples), %d bytes of a partial "
                    + "record ignored, header record count %s%n", r.recordsInFile(), samples, r.bytesIgnoredAtEnd(),
                    r.header().headerRecordCount());
            assertTrue(r.recordsInFile() >= 1, "at least one complete record");
            assertEquals(r.sampleCount(), samples, "every sample of the complete records reads");
            assertTrue(r.annotations().stream().anyMatch(a -> a.text().contains("session: started")),
                    r.annotations().toString());
        }
        Map<String, Object> manifest = Scenarios.manifest(session);
        assertEquals("running", manifest.get("status"), "the process died: " + manifest);
        assertEquals("", manifest.get("end_time"));
        assertEquals("tester", manifest.get("operator"));
        assertEquals(SessionChildMain.SUBJECT, manifest.get("subject_code"));
        assertFalse(String.valueOf(manifest.get("plan")).isEmpty(), "the armed plan is recorded");
        AuditVerification audit = AuditLog.verify(d.resolve("audit.log"));
        assertTrue(audit.intact(), audit.toString());
        assertTrue(Files.readString(d.resolve("audit.log")).contains("ARMED"), "the arming is audited");
        assertTrue(SessionLock.guard(d.resolve("store").resolve(SessionLock.FILE_NAME)).uploadBlockedBy().isEmpty(),
                "the OS released the dead session's lock");
        DailyStimulationLedger ledger = DailyStimulationLedger.open(d.resolve("ledger"));
        try {
            assertEquals(SessionChildMain.DURATION_S * S, ledger.usedNs(SessionChildMain.SUBJECT,
                    LocalDate.now(ZoneId.systemDefault())).usedNs(), "the run's whole reservation stays recorded");
        } finally {
            ledger.close();
        }
    }
}
