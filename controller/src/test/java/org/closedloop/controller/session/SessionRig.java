package org.closedloop.controller.session;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.closedloop.controller.audit.AuditLog;
import org.closedloop.controller.gpio.SoftwareSafetyLines;
import org.closedloop.controller.stim.StimConfig;
import org.closedloop.controller.testing.Await;
import org.closedloop.protocol.config.ProtocolCodec;
import org.closedloop.protocol.config.v1.StimulationProtocol;
import org.closedloop.safety.interlock.ActionResult;
import org.closedloop.safety.ledger.DailyStimulationLedger;
import org.closedloop.sim.cyton.CytonSimConfig;
import org.closedloop.sim.cyton.SimulatedCytonBoard;
import org.closedloop.sim.stim.SimulatedStimulator;
import org.closedloop.sim.stim.StimSimConfig;

/**
 * A whole session over ptys for the scenario tests: the simulated board and stimulator on their own
 * pseudo-terminals, opened by the session with jssc like hardware, the real interlock, ledger, audit log and session
 * lock, and the software safety lines (the simulator's enable input follows the relay).
 *
 * <p><b>Thread safety:</b> not thread safe; one test thread.
 */
final class SessionRig implements AutoCloseable {
    /** The loop's longest horizon: this shared 2-core machine can deschedule a thread for tens of ms. */
    static final StimConfig STIM = StimConfig.defaults().withHorizonMs(90);

    final Path dir;
    final SimulatedCytonBoard board;
    final SimulatedStimulator stimulator;
    final SoftwareSafetyLines lines;
    final DailyStimulationLedger ledger;
    final AuditLog audit;
    final Path lockFile;
    ClosedLoopSession session;

    SessionRig(Path dir, CytonSimConfig.Builder board, StimSimConfig.Builder stim) throws Exception {
        this.dir = dir;
        this.board = SimulatedCytonBoard.start(board.linkPath(dir.resolve("cyton")).build());
        this.stimulator = SimulatedStimulator.start(stim.linkPath(dir.resolve("stim")).build());
        this.lines = new SoftwareSafetyLines(stimulator::setEnableLine);
        this.ledger = DailyStimulationLedger.open(dir.resolve("ledger"));
        this.audit = AuditLog.open(dir.resolve("audit.log"));
        this.lockFile = dir.resolve("store").resolve(SessionLock.FILE_NAME);
    }

    /** The example closed-loop protocol (O1, O2, Pz on board channels 6-8, where the simulator's alpha is). */
    static StimulationProtocol closedLoopExample() throws Exception {
        return ProtocolCodec.readFile(Path.of("..", "examples", "closed-loop-alpha-phase.textproto"));
    }

    ClosedLoopSession start(StimulationProtocol protocol, String subject) throws Exception {
        ClosedLoopSession.Settings s = new ClosedLoopSession.Settings(protocol, "ab".repeat(32), "test-key",
                subject, dir.resolve("sessions"), board.devicePath().toString(), stimulator.devicePath().toString(),
                true, "test", STIM, 0);
        session = ClosedLoopSession.start(s, lines, ledger, audit, lockFile);
        return session;
    }

    /** Preview, then arm with its token, as `closedloop arm` does. */
    ActionResult arm() throws Exception {
        ClosedLoopSession.ArmPreview p = session.armPreview();
        assertTrue(p.text().contains("Impedance"), p.text());
        return session.arm("tester", p.token());
    }

    List<String> lines(String file) throws Exception {
        return Files.readAllLines(session.directory().resolve(file));
    }

    /** Real-time misses this rig recovered from (see {@link #recoverFromRealTimeMiss()}). */
    int realTimeMisses;

    /**
     * If the session faulted because this shared, loaded machine descheduled the stimulation loop long enough for
     * the device's queue to run dry or its watchdog to fire (UNDERRUN, WATCHDOG, BLOCK_TIMING: the safety chain
     * working as designed), resets the fault and arms again, as an operator would, and says so; at most 5 times.
     * Any other fault is left alone (the test then fails on it).
     *
     * @return whether it recovered
     */
    boolean recoverFromRealTimeMiss() throws Exception {
        if (session.stimulation().state() != org.closedloop.safety.interlock.InterlockState.FAULT
                || realTimeMisses >= Await.REAL_TIME_ATTEMPTS) {
            return false;
        }
        String log = String.join("\n", lines("session.log"));
        int hazard = log.lastIndexOf("safety HAZARD");
        String cause = hazard < 0 ? "" : log.substring(hazard, log.indexOf('\n', hazard) < 0 ? log.length()
                : log.indexOf('\n', hazard));
        if (!(cause.contains("UNDERRUN") || cause.contains("WATCHDOG") || cause.contains("BLOCK_TIMING"))) {
            return false;
        }
        realTimeMisses++;
        System.out.println("real-time miss on this machine (" + cause + "); operator reset and re-arm, "
                + realTimeMisses + " of at most 3");
        ActionResult reset = session.resetFault("tester", "real-time miss on a loaded test machine");
        return reset.accepted() && arm().accepted();
    }

    /** The session's log and decisions, to explain a failure. */
    String dump() {
        try {
            return "session.log:\n" + String.join("\n", lines("session.log")) + "\ndecisions.csv:\n"
                    + String.join("\n", lines("decisions.csv"));
        } catch (Exception e) {
            return "(no session files: " + e + ")";
        }
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        await(() -> what, timeout, condition);
    }

    static void await(java.util.function.Supplier<String> what, Duration timeout, BooleanSupplier condition)
            throws InterruptedException {
        Await.until(what, timeout, condition);
    }

    @Override
    public void close() throws Exception {
        try {
            if (session != null) {
                session.close();
            }
        } finally {
            ledger.close();
            stimulator.close();
            board.close();
            lines.close();
        }
    }
}
