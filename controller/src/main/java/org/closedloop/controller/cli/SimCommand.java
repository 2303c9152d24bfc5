package org.closedloop.controller.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.closedloop.sim.cyton.CytonSimConfig;
import org.closedloop.sim.cyton.SimulatedCytonBoard;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code closedloop sim}: runs the simulated acquisition board on its own pseudo-terminal until stopped. */
@Command(name = "sim", mixinStandardHelpOptions = true,
        description = {"Start the simulated Cyton board (SYNTHETIC DATA) on a pseudo-terminal and print its port.",
            "Type fault commands on standard input: garbage N | corrupt N | drop N | badstop N | stall 500ms | unplug 3s."})
final class SimCommand implements Callable<Integer> {
    @Option(names = "--link", defaultValue = "/tmp/closedloop-sim/cyton",
            description = "Stable path (symlink) to the board's pty, like a udev name. Default: ${DEFAULT-VALUE}.")
    Path link;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the synthetic EEG (same seed, same signal). Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--alpha-hz", defaultValue = "10.0", description = "Individual alpha frequency of the synthetic EEG. Default: ${DEFAULT-VALUE}.")
    double alphaHz;

    @Option(names = "--line-hz", defaultValue = "50", description = "Mains frequency, 50 or 60. Default: ${DEFAULT-VALUE}.")
    int lineHz;

    @Override
    public Integer call() throws Exception {
        java.nio.file.Files.createDirectories(link.toAbsolutePath().getParent());
        CytonSimConfig config = CytonSimConfig.builder().seed(seed).alphaHz(alphaHz).lineNoiseHz(lineHz).linkPath(link).build();
        CountDownLatch stopped = new CountDownLatch(1);
        try (SimulatedCytonBoard board = SimulatedCytonBoard.start(config)) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                board.close();
                stopped.countDown();
            }, "sim-shutdown"));
            System.out.println("Simulated Cyton board (SYNTHETIC DATA) on " + board.devicePath()
                    + " -> " + board.devicePath().toRealPath());
            System.out.println("Connect with:  ./closedloop acquire --port " + board.devicePath());
            System.out.println("Faults: garbage N | corrupt N | drop N | badstop N | stall 500ms | unplug 3s   (Ctrl-C to quit)");
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    board.faults().apply(line.trim());
                    System.out.println("injected: " + line.trim());
                } catch (IllegalArgumentException e) {
                    System.out.println("not a fault: " + e.getMessage());
                }
            }
            stopped.await(); // no more input (e.g. run in the background): keep serving until stopped
        }
        return 0;
    }
}
