package org.closedloop.controller.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.closedloop.sim.stim.SimulatedStimulator;
import org.closedloop.sim.stim.StimSimConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code closedloop stim-sim}: runs the simulated stimulator on its own pseudo-terminal until stopped, for developing
 * against the stimulator protocol; faults are typed on standard input.
 *
 * <p><b>Thread safety:</b> runs once on the main thread.
 */
@Command(name = "stim-sim", mixinStandardHelpOptions = true,
        description = {"Start the simulated stimulator (hardware-docs/stimulator-protocol.md) on a pseudo-terminal and "
                + "print its port.",
            "Type faults on standard input: corrupt-in N [TYPE] | drop-in N [TYPE] | corrupt-out N [TYPE] | "
                    + "drop-out N [TYPE] | reset | electrode-off CH | impedance CH OHMS | drift CH OHMS_PER_S | "
                    + "offset CH MICROAMPS | quit."})
final class StimSimCommand implements Callable<Integer> {
    @ParentCommand
    Main parent;

    @Option(names = "--link", defaultValue = "/tmp/closedloop-sim/stim",
            description = "Stable path (symlink) to the stimulator's pty. Default: ${DEFAULT-VALUE}.")
    Path link;

    @Option(names = "--channels", defaultValue = "8", description = "Output channels, 1-8. Default: ${DEFAULT-VALUE}.")
    int channels;

    @Option(names = "--impedance", defaultValue = "5000",
            description = "Electrode impedance of every channel, ohms. Default: ${DEFAULT-VALUE}.")
    int impedanceOhms;

    @Option(names = "--drift-ppm", defaultValue = "0",
            description = "How fast the device clock runs against the host's, ppm. Default: ${DEFAULT-VALUE}.")
    double driftPpm;

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(link.toAbsolutePath().getParent());
        int[] z = new int[channels];
        Arrays.fill(z, impedanceOhms);
        StimSimConfig config = StimSimConfig.builder().channels(channels).impedanceOhms(z).clockDriftPpm(driftPpm)
                .linkPath(link).build();
        CountDownLatch stopped = new CountDownLatch(1);
        SimulatedStimulator sim = SimulatedStimulator.start(config);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sim.close();
            stopped.countDown();
        }, "stim-sim-shutdown"));
        try {
            System.out.println("Simulated stimulator (SIMULATED, " + channels + " channels) on " + sim.devicePath()
                    + " -> " + sim.devicePath().toRealPath());
            System.out.println("Faults: corrupt-in N [TYPE] | drop-in N [TYPE] | corrupt-out N [TYPE] | drop-out N "
                    + "[TYPE] | reset | electrode-off CH | impedance CH OHMS | drift CH OHMS_PER_S | offset CH UA | quit");
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(Main.console(parent), StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                String cmd = line.trim();
                if (cmd.isEmpty()) {
                    continue;
                }
                if (cmd.equals("quit")) {
                    return 0;
                }
                try {
                    sim.faults().apply(cmd);
                    System.out.println("injected: " + cmd);
                } catch (IllegalArgumentException e) {
                    System.out.println("not a fault: " + e.getMessage());
                }
            }
            stopped.await(); // no more input (run in the background): keep serving until stopped
        } finally {
            sim.close();
        }
        return 0;
    }
}
