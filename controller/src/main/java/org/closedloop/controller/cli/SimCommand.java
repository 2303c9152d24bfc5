package org.closedloop.controller.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.closedloop.sim.cyton.CytonSimConfig;
import org.closedloop.sim.cyton.SimulatedCytonBoard;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code closedloop sim}: runs the simulated acquisition board on its own pseudo-terminal until stopped, taking fault
 * commands on standard input.
 *
 * <p><b>Thread safety:</b> the main thread, plus a shutdown hook that closes the board.
 */
@Command(name = "sim", mixinStandardHelpOptions = true,
        description = {"Start the simulated Cyton board (SYNTHETIC DATA) on a pseudo-terminal and print its port.",
            "Type fault commands on standard input: garbage N | corrupt N | drop N | badstop N | stall 500ms | unplug 3s | quit."})
final class SimCommand implements Callable<Integer> {
    @ParentCommand
    Main parent;

    @Option(names = "--link", defaultValue = "/tmp/closedloop-sim/cyton",
            description = "Stable path (symlink) to the board's pty, like a udev name. Default: ${DEFAULT-VALUE}.")
    Path link;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the synthetic EEG (same seed, same signal). Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--alpha-hz", defaultValue = "10.0", description = "Individual alpha frequency of the synthetic EEG. Default: ${DEFAULT-VALUE}.")
    double alphaHz;

    @Option(names = "--line-hz", defaultValue = "50", description = "Mains frequency, 50 or 60. Default: ${DEFAULT-VALUE}.")
    int lineHz;

    @Option(names = "--rate", defaultValue = "250", description = "Sample rate the board starts with (the controller may change it with ~N). Default: ${DEFAULT-VALUE}.")
    int sampleRateHz;

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(link.toAbsolutePath().getParent());
        CytonSimConfig config = CytonSimConfig.builder().seed(seed).alphaHz(alphaHz).lineNoiseHz(lineHz)
                .sampleRateHz(sampleRateHz).linkPath(link).build();
        SimulatedCytonBoard board = SimulatedCytonBoard.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            board.close();
            stopped.countDown();
        }, "sim-shutdown"));
        System.out.println("Simulated Cyton board (SYNTHETIC DATA) on " + board.devicePath()
                + " -> " + board.devicePath().toRealPath());
        System.out.println("Connect with:  ./closedloop acquire --port " + board.devicePath());
        System.out.println("Faults: garbage N | corrupt N | drop N | badstop N | stall 500ms | unplug 3s | quit   (or Ctrl-C)");
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(Main.console(parent), StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String command = line.strip();
            if (command.isEmpty()) {
                continue;
            }
            if (command.equalsIgnoreCase("quit")) {
                board.close();
                return 0;
            }
            try {
                board.faults().apply(command);
                System.out.println("injected: " + command);
            } catch (IllegalArgumentException e) {
                System.out.println("not a fault: " + e.getMessage());
            }
            System.out.flush();
        }
        stopped.await(); // end of input (e.g. started in the background): keep serving until stopped
        return 0;
    }
}
