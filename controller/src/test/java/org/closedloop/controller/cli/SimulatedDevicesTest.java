package org.closedloop.controller.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.closedloop.protocol.config.ProtocolCodec;
import org.closedloop.protocol.config.v1.ElectrodeRole;
import org.closedloop.protocol.config.v1.StimulationElectrode;
import org.closedloop.protocol.config.v1.StimulationProtocol;
import org.junit.jupiter.api.Test;

/** The simulated head and stimulator that {@code run --sim} and the demo build from a protocol's montage. */
class SimulatedDevicesTest {
    private static StimulationProtocol example() throws Exception {
        return ProtocolCodec.readFile(Path.of("..", "examples", "closed-loop-alpha-phase.textproto"));
    }

    private static StimulationElectrode electrode(String label, ElectrodeRole role) {
        return StimulationElectrode.newBuilder().setLabel(label).setAreaCm2(35).setRole(role).build();
    }

    @Test
    void shouldGiveAThreeElectrodeMontageAStimulatorChannelEachAndItsActiveElectrodeOverTheTarget() throws Exception {
        StimulationProtocol.Builder p = example().toBuilder();
        p.getMontageBuilder().clearStimulationElectrodes()
                .addStimulationElectrodes(electrode("PO7", ElectrodeRole.ELECTRODE_ROLE_RETURN))
                .addStimulationElectrodes(electrode("Oz", ElectrodeRole.ELECTRODE_ROLE_ACTIVE))
                .addStimulationElectrodes(electrode("PO8", ElectrodeRole.ELECTRODE_ROLE_RETURN));
        try (SimulatedDevices devices = SimulatedDevices.start(p.build(), 3)) {
            assertEquals(3, devices.stimulator().config().channels());
            assertArrayEquals(new double[] {-0.5, 0.5, -0.5}, devices.bench().board().config().stimulationResponse()
                    .entrainmentElectrodeWeights(3), "the active electrode drives the alpha generator");
        }
    }

    @Test
    void shouldKeepTheSimulatorsDefaultHeadForTheExamplesActiveAndReturnPair() throws Exception {
        try (SimulatedDevices devices = SimulatedDevices.start(example(), 3)) {
            assertEquals(2, devices.stimulator().config().channels());
            assertArrayEquals(new double[] {0.5, -0.5}, devices.bench().board().config().stimulationResponse()
                    .entrainmentElectrodeWeights(2));
        }
    }
}
