package org.closedloop.sim.cyton;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.closedloop.sim.eeg.StimulationField;
import org.closedloop.sim.eeg.StimulationResponse;
import org.closedloop.sim.eeg.SyntheticEeg;
import org.closedloop.sim.pty.SlaveTerminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A stimulation field given to the simulated board reaches its EEG, asked at each sample's due time. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class BrainCoupledBoardTest {
    private static final long SEED = 23;

    /** A constant +500/-500 uA that remembers when it was asked (the board's pacing thread asks). */
    private static final class RecordingField implements StimulationField {
        final ConcurrentLinkedQueue<Long> asked = new ConcurrentLinkedQueue<>();

        @Override
        public int electrodes() {
            return 2;
        }

        @Override
        public void currentsAt(long timeNanos, double[] microAmpsOut) {
            asked.add(timeNanos);
            microAmpsOut[0] = 500;
            microAmpsOut[1] = -500;
        }
    }

    @Test
    void shouldStreamTheStimulatedEegAndAskTheFieldOncePerSampleAtItsDueTime() throws IOException {
        RecordingField field = new RecordingField();
        StimulationResponse artefactOnly = StimulationResponse.builder().entrainmentGainMicrovoltsPerMilliAmp(0)
                .phasePullingHzPerMilliAmp(0).build();
        CytonSimConfig config = CytonSimConfig.builder().seed(SEED).stimulationField(field)
                .stimulationResponse(artefactOnly).build();
        List<GroundTruth.Sample> samples;
        try (SimulatedCytonBoard board = SimulatedCytonBoard.start(config);
             SlaveTerminal port = SlaveTerminal.open(board.devicePath())) {
            StreamCapture capture = new StreamCapture(port);
            port.write("b");
            capture.readPackets(50);
            capture.stopAndCollect();
            samples = board.groundTruth().samples();
        }
        assertTrue(samples.size() >= 50, "samples " + samples.size());

        SyntheticEeg stimulated = SyntheticEeg.builder().seed(SEED).stimulationField(new RecordingField())
                .stimulationResponse(artefactOnly).build();
        SyntheticEeg plain = SyntheticEeg.create(SEED, 250);
        double[] expected = new double[8];
        double[] without = new double[8];
        double[] artefact = {-800, -800, 100, 100, 800, 800, 800, 800}; // default montage, 0.5 mA
        for (GroundTruth.Sample s : samples) {
            stimulated.next(expected);
            plain.next(without);
            assertArrayEquals(expected, s.microvolts(), "seed " + SEED + ", sample " + s.index());
            for (int c = 0; c < 8; c++) {
                assertEquals(artefact[c], s.microvolts()[c] - without[c], 1e-9, "sample " + s.index() + " ch " + c);
            }
        }
        List<Long> times = new ArrayList<>(field.asked);
        assertEquals(samples.size(), times.size(), "asked once per sample");
        for (int i = 1; i < times.size(); i++) {
            assertEquals(4_000_000L, times.get(i) - times.get(i - 1), "due times one period apart, sample " + i);
        }
    }

    @Test
    void shouldRejectAFieldTheResponseDoesNotFit() {
        StimulationField three = new StimulationField() {
            @Override
            public int electrodes() {
                return 3;
            }

            @Override
            public void currentsAt(long timeNanos, double[] microAmpsOut) {
            }
        };
        var e = assertThrows(IllegalArgumentException.class,
                () -> CytonSimConfig.builder().stimulationField(three).build());
        assertTrue(e.getMessage().startsWith("electrodes=3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> CytonSimConfig.builder().stimulationResponse(null).build());
        assertTrue(e.getMessage().startsWith("stimulationResponse=null"), e.getMessage());
    }
}
