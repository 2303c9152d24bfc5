package org.closedloop.controller.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.closedloop.controller.audit.AuditLog;
import org.closedloop.controller.gpio.SoftwareSafetyLines;
import org.closedloop.controller.session.ClosedLoopSession;
import org.closedloop.controller.session.LatencyRecorder;
import org.closedloop.controller.session.SessionLock;
import org.closedloop.controller.stim.StimConfig;
import org.closedloop.protocol.config.ProtocolCodec;
import org.closedloop.protocol.config.v1.StimulationProtocol;
import org.closedloop.safety.interlock.ActionResult;
import org.closedloop.safety.ledger.DailyStimulationLedger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code closedloop bench-latency}: a closed-loop session on the simulators (example protocol, armed on a bench
 * operator's behalf) for a fixed time, printing the decision latency histogram's percentiles: per sample, from the
 * arrival of its bytes through the pty to the decision handed to the stimulation loop.
 *
 * <p><b>Thread safety:</b> runs once on the main thread.
 */
@Command(name = "bench-latency", mixinStandardHelpOptions = true,
        description = "Measure decision latency in a closed-loop session on the simulators (SYNTHETIC): p50/p99/p99.9/max.")
final class BenchLatencyCommand implements Callable<Integer> {
    @Option(names = "--duration", defaultValue = "2m", description = "Session length. Default: ${DEFAULT-VALUE}.")
    Duration duration;

    @Option(names = "--rate", defaultValue = "250", description = "Sample rate, Hz (250 as over the dongle; the "
            + "simulator runs up to 16000 as over a wired link). Default: ${DEFAULT-VALUE}.")
    int rate;

    @Option(names = "--seed", defaultValue = "11", description = "Seed of the synthetic EEG. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Override
    public Integer call() throws Exception {
        StimulationProtocol p = ProtocolCodec.parseText(DemoCommand.example());
        p = p.toBuilder().setAcquisition(p.getAcquisition().toBuilder().setSampleRateHz(rate)).build();
        Path home = Files.createTempDirectory("closedloop-bench");
        System.out.printf("closedloop bench-latency: %d Hz for %d s on the simulators (SYNTHETIC); files under %s%n",
                rate, duration.toSeconds(), home);
        try (SimulatedDevices devices = SimulatedDevices.start(p, seed);
             SoftwareSafetyLines lines = new SoftwareSafetyLines(devices.stimulator()::setEnableLine);
             DailyStimulationLedger ledger = DailyStimulationLedger.open(home.resolve("ledger"))) {
            ClosedLoopSession session = ClosedLoopSession.start(new ClosedLoopSession.Settings(p, "bench", "none",
                    "BENCH", home.resolve("sessions"), devices.boardPort(), devices.stimulatorPort(), true,
                    VersionProvider.version(), StimConfig.defaults().withHorizonMs(90), 0), lines, ledger,
                    AuditLog.open(home.resolve("audit.log")), home.resolve(SessionLock.FILE_NAME));
            try {
                Thread.sleep(Math.min(5_000, duration.toMillis() / 4)); // let the IAF estimate settle before arming
                ClosedLoopSession.ArmPreview preview = session.armPreview();
                ActionResult armed = session.arm("bench-operator", preview.token());
                System.out.println("  armed on the bench operator's behalf: " + armed.accepted());
                long end = System.nanoTime() + duration.toNanos();
                while (System.nanoTime() < end) {
                    Thread.sleep(10_000);
                    System.out.println(session.statusLine());
                }
            } finally {
                session.close("bench-operator", "benchmark over");
            }
            LatencyRecorder.Summary l = session.latency().snapshot();
            var a = session.acquisition().stats();
            System.out.printf("decision latency at %d Hz: %s; samples %d, lost %d%n", rate, l.describe(),
                    a.samplesReceived(), a.samplesLost());
            System.out.println("  session files: " + session.directory());
            return 0;
        }
    }
}
