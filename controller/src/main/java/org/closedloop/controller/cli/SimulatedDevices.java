package org.closedloop.controller.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.closedloop.protocol.config.v1.StimulationProtocol;
import org.closedloop.sim.cyton.CytonSimConfig;
import org.closedloop.sim.cyton.SimulatedCytonBoard;
import org.closedloop.sim.stim.SimulatedStimulator;
import org.closedloop.sim.stim.StimSimConfig;

/**
 * The built-in simulators for {@code run --sim} and the demo: the acquisition board and the stimulator, each on its
 * own pseudo-terminal in a temporary directory, which the session opens with jssc exactly like hardware.
 *
 * <p><b>Thread safety:</b> not thread safe; owned by the command.
 */
final class SimulatedDevices implements AutoCloseable {
    private final Path dir;
    private final SimulatedCytonBoard board;
    private final SimulatedStimulator stimulator;

    private SimulatedDevices(Path dir, SimulatedCytonBoard board, SimulatedStimulator stimulator) {
        this.dir = dir;
        this.board = board;
        this.stimulator = stimulator;
    }

    static SimulatedDevices start(StimulationProtocol protocol, long seed) throws IOException {
        Path dir = Files.createTempDirectory("closedloop-sim");
        int electrodes = Math.max(2, protocol.getMontage().getStimulationElectrodesCount());
        SimulatedCytonBoard board = SimulatedCytonBoard.start(CytonSimConfig.builder().seed(seed)
                .sampleRateHz(protocol.getAcquisition().getSampleRateHz()).linkPath(dir.resolve("cyton")).build());
        try {
            SimulatedStimulator stim = SimulatedStimulator.start(StimSimConfig.builder().channels(electrodes)
                    .seed(seed).linkPath(dir.resolve("stim")).build());
            return new SimulatedDevices(dir, board, stim);
        } catch (IOException | RuntimeException e) {
            board.close();
            throw e;
        }
    }

    String boardPort() {
        return board.devicePath().toString();
    }

    String stimulatorPort() {
        return stimulator.devicePath().toString();
    }

    SimulatedStimulator stimulator() {
        return stimulator;
    }

    SimulatedCytonBoard board() {
        return board;
    }

    @Override
    public void close() throws IOException {
        try {
            stimulator.close();
        } finally {
            board.close();
            try (var s = Files.list(dir)) {
                for (Path p : s.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
    }
}
