package org.closedloop.controller.cli;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.closedloop.controller.gpio.GpioConfig;
import org.closedloop.controller.gpio.SafetyLines;
import org.closedloop.controller.gpio.SafetyLinesFactory;
import org.closedloop.controller.gpio.SoftwareSafetyLines;
import org.closedloop.controller.stim.SerialStimulator;
import org.closedloop.controller.stim.StimConfig;
import org.closedloop.controller.stim.StimulationLoop;
import org.closedloop.safety.SystemSafetyClock;
import org.closedloop.safety.interlock.ActionResult;
import org.closedloop.safety.interlock.InterlockState;
import org.closedloop.safety.interlock.Operator;
import org.closedloop.safety.ledger.DailyStimulationLedger;
import org.closedloop.safety.plan.ElectrodeRole;
import org.closedloop.safety.plan.StimulationPlan;
import org.closedloop.sim.stim.SimulatedStimulator;
import org.closedloop.sim.stim.StimGroundTruth;
import org.closedloop.sim.stim.StimSimConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code closedloop stim-demo}: the stimulation path on the built-in simulator, nothing else set up: the controller's
 * stimulation loop (interlock, gate, synthesis, serial link over a pty) drives the simulated stimulator through a
 * short two-electrode tACS plan and prints what the simulator delivered. On a Raspberry Pi the real emergency stop
 * and relay are used; without GPIO a software emergency stop (type {@code e} and Enter) stands in, which the
 * controller accepts only because the device is the simulator.
 *
 * <p><b>Thread safety:</b> runs once on the main thread (plus a stdin reader).
 */
@Command(name = "stim-demo", mixinStandardHelpOptions = true,
        description = "Drive the simulated stimulator (SIMULATED) through a short tACS plan and show what it delivered; "
                + "type e + Enter for the software emergency stop.")
final class StimDemoCommand implements Callable<Integer> {
    @ParentCommand
    Main parent;

    @Option(names = "--duration", defaultValue = "8s", description = "Plan duration, ramps included. Default: ${DEFAULT-VALUE}.")
    Duration duration;

    @Option(names = "--frequency", defaultValue = "10", description = "tACS frequency, Hz. Default: ${DEFAULT-VALUE}.")
    double frequencyHz;

    @Option(names = "--amplitude", defaultValue = "1000", description = "Peak current per electrode, µA. Default: ${DEFAULT-VALUE}.")
    int microAmps;

    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("closedloop-stim-demo");
        long rampNs = Math.max(1, (long) Math.ceil(microAmps / 2000.0 * 1e9)); // the fastest ramp the limits allow
        StimulationPlan plan = StimulationPlan.builder("DEMO")
                .electrode("F3", 25.0, ElectrodeRole.ACTIVE).electrode("F4", 25.0, ElectrodeRole.RETURN)
                .component(frequencyHz, new int[] {microAmps, microAmps}, new double[] {0, 180})
                .rampUpNs(rampNs).rampDownNs(rampNs).durationNs(duration.toNanos()).build();
        try (SimulatedStimulator sim = SimulatedStimulator.start(StimSimConfig.builder().channels(2)
                .linkPath(dir.resolve("stim")).build());
             SafetyLines lines = SafetyLinesFactory.open(GpioConfig.defaults(), true, sim::setEnableLine);
             SerialStimulator stimulator = new SerialStimulator(sim.devicePath().toString());
             DailyStimulationLedger ledger = DailyStimulationLedger.open(dir.resolve("ledger"))) {
            System.out.println("closedloop stim-demo: SIMULATED stimulator on " + sim.devicePath() + " -> "
                    + sim.devicePath().toRealPath() + "; demo ledger in " + dir);
            StimulationLoop loop = StimulationLoop.start(new SystemSafetyClock(ZoneId.systemDefault()), ledger,
                    d -> System.out.println("  interlock: " + d.kind() + " " + d.fromState() + " -> " + d.toState()
                            + ": " + d.reason()), stimulator, lines, StimConfig.defaults());
            try {
                ActionResult armed = loop.operator().arm(Operator.named("demo"), plan).get(30, TimeUnit.SECONDS);
                if (!armed.accepted()) {
                    System.out.println("arming refused: " + armed);
                    return 1;
                }
                if (lines instanceof SoftwareSafetyLines software) {
                    Thread stdin = new Thread(() -> readEmergencyStop(Main.console(parent), software), "stim-demo-stdin");
                    stdin.setDaemon(true);
                    stdin.start();
                }
                ActionResult started = loop.closedLoop().startAt(System.nanoTime() + 200_000_000L)
                        .get(30, TimeUnit.SECONDS);
                if (!started.accepted()) {
                    System.out.println("start refused: " + started);
                    return 1;
                }
                System.out.println("  columns: time, interlock state, delivered F3 and F4 in µA (the simulator's "
                        + "ground truth, last tick), largest |F3| in the last 250 ms");
                long t0 = System.nanoTime();
                long end = t0 + duration.toNanos() + 2_000_000_000L;
                while (System.nanoTime() < end) {
                    Thread.sleep(250);
                    long now = System.nanoTime();
                    StimGroundTruth.Trace t = sim.groundTruth().traceBetween(now - 250_000_000L, now);
                    int last = t.size() - 1;
                    System.out.printf(Locale.ROOT, "  %5.2f s  %-12s  F3 %+6d  F4 %+6d  peak %5d%n", (now - t0) / 1e9,
                            loop.state(), last < 0 ? 0 : t.delivered()[last][0], last < 0 ? 0 : t.delivered()[last][1],
                            sim.groundTruth().maxAbsDelivered(now - 250_000_000L, now));
                    InterlockState s = loop.state();
                    if (s == InterlockState.DISARMED || s == InterlockState.FAULT) {
                        break;
                    }
                }
                System.out.println("  device faults: " + sim.groundTruth().faults() + "; link: " + stimulator.stats());
                return loop.state() == InterlockState.FAULT ? 2 : 0;
            } finally {
                loop.close();
            }
        }
    }

    /** Reads the console: {@code e} + Enter presses the software emergency stop (simulator only). */
    static void readEmergencyStop(InputStream console, SoftwareSafetyLines lines) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(console, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.trim().equalsIgnoreCase("e")) {
                    System.out.println("  SOFTWARE EMERGENCY STOP");
                    lines.pressEmergencyStop();
                }
            }
        } catch (java.io.IOException e) {
            // stdin closed: no software emergency stop from the console
        }
    }
}
