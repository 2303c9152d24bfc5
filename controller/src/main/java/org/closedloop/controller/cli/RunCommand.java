package org.closedloop.controller.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.closedloop.controller.acquisition.AcquisitionException;
import org.closedloop.controller.audit.AuditLog;
import org.closedloop.controller.daemon.DaemonClient;
import org.closedloop.controller.daemon.DaemonStartException;
import org.closedloop.controller.daemon.ProtocolDaemon;
import org.closedloop.controller.gpio.GpioConfig;
import org.closedloop.controller.gpio.GpioUnavailableException;
import org.closedloop.controller.gpio.SafetyLines;
import org.closedloop.controller.gpio.SafetyLinesFactory;
import org.closedloop.controller.gpio.SoftwareSafetyLines;
import org.closedloop.controller.session.ClosedLoopSession;
import org.closedloop.controller.session.SessionControlServer;
import org.closedloop.controller.session.SessionLock;
import org.closedloop.controller.stim.StimConfig;
import org.closedloop.protocol.config.ProtocolCodec;
import org.closedloop.protocol.config.ProtocolParseException;
import org.closedloop.protocol.config.v1.DaemonRequest;
import org.closedloop.protocol.config.v1.DaemonResponse;
import org.closedloop.protocol.config.v1.ShowRequest;
import org.closedloop.protocol.config.v1.StimulationProtocol;
import org.closedloop.safety.interlock.ActionResult;
import org.closedloop.safety.interlock.InterlockState;
import org.closedloop.safety.ledger.DailyStimulationLedger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code closedloop run --protocol ID --subject CODE [--sim]}: a stimulation session of a protocol from the daemon's
 * store. Acquisition, features and rules run at once and are recorded; stimulation waits until an operator arms the
 * session with {@code closedloop arm} (over the session's Unix socket). Prints one status line per second; ends at
 * {@code --duration}, on {@code closedloop stop --end}, Ctrl-C or SIGTERM, always ramping down and closing the files.
 *
 * <p><b>Thread safety:</b> runs once on the main thread (plus the session's threads and a shutdown hook).
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run a stimulation session of a stored protocol: acquisition -> features -> rules -> safety "
                + "gate -> stimulator, recorded to a session directory.",
                "Stimulation is impossible until an operator arms the session: `closedloop arm` in another shell "
                        + "(or over SSH)."})
final class RunCommand implements Callable<Integer> {
    @ParentCommand
    Main parent;

    @Option(names = "--protocol", required = true, paramLabel = "SHA256|ID|ID@VERSION",
            description = "The stored protocol (as `closedloop protocol list` shows it).")
    String protocol;

    @Option(names = "--subject", required = true, paramLabel = "CODE",
            description = "Pseudonymous subject code (letters, digits, - and _; never a name).")
    String subject;

    @Option(names = "--sim", description = "Use the built-in simulators (board and stimulator on their own ptys, "
            + "coupled through the brain model). All data is labelled SYNTHETIC.")
    boolean sim;

    @Option(names = "--board", paramLabel = "PORT", description = "Acquisition serial port, e.g. /dev/closedloop-eeg.")
    String boardPort;

    @Option(names = "--stimulator", paramLabel = "PORT", description = "Stimulator serial port, e.g. /dev/closedloop-stim.")
    String stimulatorPort;

    @Option(names = "--duration", paramLabel = "DURATION", description = "End the session after this long (e.g. 20m); "
            + "default: until stopped.")
    Duration duration;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the simulated EEG (--sim). Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--arm-as", paramLabel = "NAME", description = "--sim only: arm on the named operator's behalf "
            + "after --arm-after, printing the arming preview (the demo does this). Never with real devices.")
    String armAs;

    @Option(names = "--arm-after", defaultValue = "5s", description = "With --arm-as: when. Default: ${DEFAULT-VALUE}.")
    Duration armAfter;

    @Option(names = "--acquisition-latency-ms", defaultValue = "0", description = "Time from the electrodes to a "
            + "sample's arrival (board, radio, USB), subtracted when timing phase-locked onsets. Default: ${DEFAULT-VALUE}.")
    double acquisitionLatencyMs;

    @Option(names = "--horizon-ms", defaultValue = "40", description = "How far ahead setpoint blocks are queued on the "
            + "stimulator, 10-90 ms: longer survives a busier computer, shorter stops faster through STOP alone (the "
            + "E-stop relay cuts at once either way). Default: ${DEFAULT-VALUE}.")
    int horizonMs;

    @Option(names = "--socket", paramLabel = "PATH", description = "The daemon's socket (to fetch the protocol).")
    Path socket;

    @Option(names = "--store", paramLabel = "DIR", description = "The daemon's store (ledger, audit log, session lock).")
    Path store;

    @Option(names = "--recordings-dir", paramLabel = "DIR", description = "Where session directories are created. "
            + "Default: $CLOSEDLOOP_RECORDINGS, else recordings/ in the store.")
    Path sessionsDir;

    @Option(names = "--session-socket", paramLabel = "PATH", description = "This session's control socket. "
            + "Default: session.sock next to the daemon's socket.")
    Path sessionSocket;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        if (sim ? boardPort != null || stimulatorPort != null : boardPort == null || stimulatorPort == null) {
            System.err.println("closedloop run: give --sim, or both --board PORT and --stimulator PORT");
            return ExitCodes.USAGE_OR_IO;
        }
        if (armAs != null && !sim) {
            System.err.println("closedloop run: --arm-as is for the simulator only; arm real sessions with `closedloop arm`");
            return ExitCodes.USAGE_OR_IO;
        }
        DefaultPaths paths = DefaultPaths.ofSystem();
        DaemonResponse r = DaemonClient.call(paths.socket(socket), DaemonRequest.newBuilder()
                .setShow(ShowRequest.newBuilder().setSelector(protocol)).build());
        if (r.getStatus() != DaemonResponse.Status.STATUS_OK) {
            System.err.println("closedloop run: protocol " + protocol + " refused by the daemon ("
                    + r.getReason().name().replace("REFUSAL_REASON_", "") + "): " + r.getMessage());
            return ExitCodes.REFUSED;
        }
        StimulationProtocol p;
        try {
            p = ProtocolCodec.parseText(r.getProtocolText());
        } catch (ProtocolParseException e) {
            System.err.println("closedloop run: the daemon's copy of " + protocol + " does not parse: " + e.getMessage());
            return ExitCodes.USAGE_OR_IO;
        }
        Path storeDir = paths.store(store);
        try (SimulatedDevices devices = sim ? SimulatedDevices.start(p, seed) : null) {
            SafetyLines lines;
            try {
                lines = SafetyLinesFactory.open(GpioConfig.defaults(), sim,
                        devices == null ? null : devices.stimulator()::setEnableLine);
            } catch (GpioUnavailableException e) {
                System.err.println("closedloop run: " + e.getMessage());
                return ExitCodes.USAGE_OR_IO;
            }
            try (lines; DailyStimulationLedger ledger = DailyStimulationLedger.open(storeDir.resolve("ledger"))) {
                ClosedLoopSession.Settings settings = new ClosedLoopSession.Settings(p, r.getEntry().getSha256(),
                        r.getEntry().getSignerKeyId(), subject, paths.sessions(sessionsDir, store),
                        sim ? devices.boardPort() : boardPort, sim ? devices.stimulatorPort() : stimulatorPort, sim,
                        VersionProvider.version(), StimConfig.defaults().withHorizonMs(horizonMs),
                        Math.round(acquisitionLatencyMs * 1e6));
                AuditLog audit = AuditLog.open(storeDir.resolve(ProtocolDaemon.AUDIT_LOG_NAME));
                ClosedLoopSession session;
                try {
                    session = ClosedLoopSession.start(settings, lines, ledger, audit,
                            storeDir.resolve(SessionLock.FILE_NAME));
                } catch (AcquisitionException | IllegalArgumentException e) {
                    System.err.println("closedloop run: " + e.getMessage());
                    return ExitCodes.REFUSED;
                }
                return runSession(session, paths.sessionSocket(sessionSocket, socket), lines, out);
            }
        }
    }

    private int runSession(ClosedLoopSession session, Path controlSocket, SafetyLines lines, PrintStream out)
            throws Exception {
        CountDownLatch end = new CountDownLatch(1);
        String[] endedBy = {"duration reached"};
        SessionControlServer control;
        try {
            control = SessionControlServer.start(controlSocket, session, user -> {
                endedBy[0] = "ended by " + user;
                end.countDown();
            });
        } catch (DaemonStartException e) {
            session.close("controller", "control socket unavailable");
            System.err.println("closedloop run: " + e.getMessage());
            return ExitCodes.USAGE_OR_IO;
        }
        Thread hook = new Thread(() -> {
            try {
                session.close("controller", "SIGTERM or Ctrl-C");
            } catch (Exception e) {
                System.err.println("closing the session: " + e.getMessage());
            }
            control.close();
        }, "session-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        out.println("closedloop run: session " + session.directory() + (sim ? "  (SIMULATED devices, SYNTHETIC data)" : ""));
        out.println("  control socket " + control.socket() + "; arm it with `closedloop arm"
                + (controlSocket.equals(DefaultPaths.ofSystem().sessionSocket(null, null)) ? "" : " --session-socket "
                + controlSocket) + "`; stimulation is impossible until then");
        if (lines instanceof SoftwareSafetyLines software) {
            out.println("  software emergency stop: type e and Enter (the simulator's stand-in for the E-stop button)");
            Thread stdin = new Thread(() -> StimDemoCommand.readEmergencyStop(Main.console(parent), software), "run-stdin");
            stdin.setDaemon(true);
            stdin.start();
        }
        long t0 = System.nanoTime();
        long endAt = duration == null ? Long.MAX_VALUE : t0 + duration.toNanos();
        boolean armed = armAs == null;
        int rc = ExitCodes.OK;
        try {
            while (!end.await(1, TimeUnit.SECONDS)) {
                long now = System.nanoTime();
                if (!armed && now - t0 >= armAfter.toNanos()) {
                    armed = true;
                    ClosedLoopSession.ArmPreview preview = session.armPreview();
                    out.println("  ---- arming preview (what `closedloop arm` shows the operator) ----");
                    preview.text().lines().forEach(l -> out.println("  " + l));
                    out.println("  ---- the demo arms on operator " + armAs + "'s behalf (with real devices an operator "
                            + "confirms with `closedloop arm`) ----");
                    ActionResult a = session.arm(armAs, preview.token());
                    out.println("  arm: " + (a.accepted() ? "accepted" : "REFUSED " + a.reason() + " " + a.violations()));
                }
                out.println(session.statusLine());
                if (now >= endAt) {
                    break;
                }
                if (session.stimulation().state() == InterlockState.FAULT) {
                    rc = 2;
                }
            }
        } finally {
            session.close("controller", endedBy[0]);
            control.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running
            }
        }
        var l = session.latency().snapshot();
        out.println("closedloop run: session ended (" + endedBy[0] + ")");
        out.println("  decision latency (sample arrival -> decision handed to the stimulation loop): " + l.describe());
        Path d = session.directory();
        if (rc != ExitCodes.OK) {
            // say why: the first hazard the session recorded (its whole story is in session.log)
            session.firstHazard().ifPresent(h -> out.println("  stimulation ended in FAULT: " + h
                    + (h.contains("UNDERRUN") || h.contains("WATCHDOG")
                    ? " (the stimulation loop was not scheduled in time: a busy or paused computer; the device zeroed "
                    + "its output, as designed)" : "")));
        }
        for (String f : new String[] {"recording.bdf", "features.csv", "decisions.csv", "session.log", "manifest.json"}) {
            if (Files.exists(d.resolve(f))) {
                out.println("  " + d.resolve(f));
            }
        }
        return rc;
    }
}
