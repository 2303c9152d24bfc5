package org.closedloop.controller.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.closedloop.protocol.config.v1.ElectrodeRole;
import org.closedloop.protocol.config.v1.StimulationElectrode;
import org.closedloop.protocol.config.v1.StimulationProtocol;
import org.closedloop.sim.bench.SimulatedBench;
import org.closedloop.sim.cyton.CytonSimConfig;
import org.closedloop.sim.eeg.StimulationResponse;
import org.closedloop.sim.stim.SimulatedStimulator;
import org.closedloop.sim.stim.StimSimConfig;
import org.tinylog.Logger;

/**
 * The built-in simulators for {@code run --sim} and the demo: the acquisition board and the stimulator, each on its
 * own pseudo-terminal in a temporary directory, which the session opens with jssc exactly like hardware, coupled
 * through the brain model ({@link SimulatedBench}): the delivered current shows in the EEG as an artefact and pulls
 * the alpha rhythm.
 *
 * <p><b>Thread safety:</b> not thread safe; owned by the command.
 */
final class SimulatedDevices implements AutoCloseable {
    private final Path dir;
    private final SimulatedBench bench;

    private SimulatedDevices(Path dir, SimulatedBench bench) {
        this.dir = dir;
        this.bench = bench;
    }

    /** The board and the stimulator, coupled through the brain model (stimulation shows in the simulated EEG). */
    static SimulatedDevices start(StimulationProtocol protocol, long seed) throws IOException {
        Path dir = Files.createTempDirectory("closedloop-sim");
        // the simulated head has the protocol's montage: its active electrodes sit over the alpha generator
        // (a protocol that does not stimulate gets the simulator's default pair)
        List<StimulationElectrode> montage = protocol.getMontage().getStimulationElectrodesList();
        boolean[] overTarget = new boolean[montage.size()];
        int active = 0;
        for (int e = 0; e < overTarget.length; e++) {
            overTarget[e] = montage.get(e).getRole() == ElectrodeRole.ELECTRODE_ROLE_ACTIVE;
            active += overTarget[e] ? 1 : 0;
        }
        if (overTarget.length > 0 && (active == 0 || active == overTarget.length)) {
            Logger.warn("the montage has {} active and {} return electrodes: in the simulated head the currents of "
                    + "one kind cancel, so stimulation shows no artefact and does not entrain", active,
                    overTarget.length - active);
        }
        StimulationResponse head = overTarget.length == 0 ? StimulationResponse.defaults()
                : StimulationResponse.builder().overTarget(overTarget).build();
        int electrodes = overTarget.length == 0 ? 2 : overTarget.length;
        SimulatedBench bench = SimulatedBench.start(CytonSimConfig.builder().seed(seed)
                        .sampleRateHz(protocol.getAcquisition().getSampleRateHz()).stimulationResponse(head)
                        .linkPath(dir.resolve("cyton")).build(),
                StimSimConfig.builder().channels(electrodes).seed(seed).linkPath(dir.resolve("stim")).build());
        return new SimulatedDevices(dir, bench);
    }

    String boardPort() {
        return bench.board().devicePath().toString();
    }

    String stimulatorPort() {
        return bench.stimulator().devicePath().toString();
    }

    SimulatedStimulator stimulator() {
        return bench.stimulator();
    }

    SimulatedBench bench() {
        return bench;
    }

    @Override
    public void close() throws IOException {
        bench.close();
        try (var s = Files.list(dir)) {
            for (Path p : s.toList()) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(dir);
    }
}
