package org.closedloop.controller.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.closedloop.controller.acquisition.AcquisitionConfig;
import org.closedloop.sim.cyton.CytonSimConfig;
import org.closedloop.sim.cyton.SimulatedCytonBoard;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code closedloop demo}: the main job on the built-in simulator, with nothing else set up. For now: the simulated
 * board on its own pseudo-terminal, opened with jssc like real hardware, streamed with a live summary; a few packets
 * are dropped on purpose half-way so the loss accounting can be seen to match.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the main job on the built-in simulator (SYNTHETIC DATA): simulated board on a pty -> jssc -> live summary.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--duration", defaultValue = "15s", description = "How long to stream. Default: ${DEFAULT-VALUE}.")
    Duration duration;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the synthetic EEG. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("closedloop-demo");
        Path link = dir.resolve("cyton");
        CytonSimConfig simConfig = CytonSimConfig.builder().seed(seed).linkPath(link).build();
        int dropped = 5;
        try (SimulatedCytonBoard board = SimulatedCytonBoard.start(simConfig)) {
            System.out.println("closedloop demo: simulated Cyton board (SYNTHETIC DATA) on " + board.devicePath()
                    + " -> " + board.devicePath().toRealPath() + "; streaming for " + duration.toSeconds() + " s");
            System.out.println("  columns: time, samples/s, samples lost, RMS per channel in uV (mean removed)");
            ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "demo-faults");
                t.setDaemon(true);
                return t;
            });
            timer.schedule(() -> {
                System.out.println("  (the simulator now drops " + dropped + " packets on purpose)");
                board.faults().dropPackets(dropped);
            }, duration.toMillis() / 2, TimeUnit.MILLISECONDS);
            int rc = AcquireCommand.run(AcquisitionConfig.defaults(link.toString()), duration);
            timer.shutdownNow();
            System.out.println("  the simulator's ground truth: " + board.groundTruth().samplesLostByFaults()
                    + " samples lost by injected faults");
            return rc;
        } finally {
            Files.deleteIfExists(link);
            Files.deleteIfExists(dir);
        }
    }
}
