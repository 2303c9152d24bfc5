package org.closedloop.controller.session;

import java.nio.file.Path;
import java.time.Duration;
import org.closedloop.controller.audit.AuditLog;
import org.closedloop.controller.gpio.SoftwareSafetyLines;
import org.closedloop.protocol.config.v1.StimulationProtocol;
import org.closedloop.safety.interlock.ActionResult;
import org.closedloop.safety.interlock.InterlockState;
import org.closedloop.safety.ledger.DailyStimulationLedger;

/**
 * A controller process for {@link SessionScenarioKillHilTest}: runs a whole session (the open-loop example shortened
 * to {@value #DURATION_S} s) against devices it does not own, arms it, prints {@code STIMULATING <session dir>} once the
 * interlock stimulates, and waits to be killed.
 *
 * <p>Arguments: board pty, stimulator pty, sessions directory, ledger directory, audit log, session lock file.
 */
public final class SessionChildMain {
    static final String SUBJECT = "S-HIL-4";
    static final int DURATION_S = 20;

    private SessionChildMain() {
    }

    public static void main(String[] args) throws Exception {
        StimulationProtocol p = Scenarios.openLoop("open-loop-10hz.textproto", DURATION_S, 750);
        ClosedLoopSession.Settings s = new ClosedLoopSession.Settings(p, "ab".repeat(32), "test-key", SUBJECT,
                Path.of(args[2]), args[0], args[1], true, "test", SessionRig.STIM, 0);
        // the relay exists only in this process: the parent's simulator keeps its enable input high, as a stimulator
        // whose controller died with its relay closed would
        SoftwareSafetyLines lines = new SoftwareSafetyLines(null);
        DailyStimulationLedger ledger = DailyStimulationLedger.open(Path.of(args[3]));
        ClosedLoopSession session = ClosedLoopSession.start(s, lines, ledger, AuditLog.open(Path.of(args[4])),
                Path.of(args[5]));
        ClosedLoopSession.ArmPreview preview = session.armPreview();
        ActionResult armed = session.arm("tester", preview.token());
        if (!armed.accepted()) {
            System.out.println("REFUSED " + armed);
            System.exit(2);
        }
        SessionRig.await("the block to start", Duration.ofSeconds(30),
                () -> session.stimulation().state() != InterlockState.ARMED);
        System.out.println(session.stimulation().state() == InterlockState.STIMULATING
                ? "STIMULATING " + session.directory() : "REFUSED the run did not start: " + session.statusLine());
        System.out.flush();
        Thread.sleep(120_000);
    }
}
