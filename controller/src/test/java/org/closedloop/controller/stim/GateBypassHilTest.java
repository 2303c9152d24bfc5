package org.closedloop.controller.stim;

import static org.closedloop.controller.stim.StimRig.MS;
import static org.closedloop.controller.stim.StimRig.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.closedloop.protocol.link.DeviceState;
import org.closedloop.protocol.link.FaultCode;
import org.closedloop.sim.stim.SimulatedStimulator;
import org.closedloop.sim.stim.StimSimConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Defense in depth over the real link: a buggy controller that skips the interlock's gate (here the bare serial
 * adapter, with no loop and no gate) writes an over-limit block; the simulated stimulator must refuse the whole
 * block with its own limits, report the fault, and never output any of it.
 */
class GateBypassHilTest {
    private static final Duration LONG = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private SimulatedStimulator sim;
    private SerialStimulator bare;

    @AfterEach
    void tearDown() {
        if (bare != null) {
            bare.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    static Stream<Arguments> violations() {
        // {areas (0.01 cm²), the offending sample, the fault the device must latch}
        return Stream.of(
                Arguments.of(new int[] {2500, 2500}, new int[] {2001, -2001}, FaultCode.PEAK_CURRENT),
                Arguments.of(new int[] {2500, 2500}, new int[] {100, -89}, FaultCode.NET_CURRENT),
                Arguments.of(new int[] {5, 2500}, new int[] {101, -101}, FaultCode.CURRENT_DENSITY),
                Arguments.of(new int[] {2500, 2500}, new int[] {1500, -1500}, FaultCode.ONSET_RAMP));
    }

    @ParameterizedTest
    @MethodSource("violations")
    void shouldRefuseAnOverLimitBlockWrittenPastTheGate(int[] areas, int[] offending, FaultCode expected)
            throws Exception {
        sim = SimulatedStimulator.start(StimSimConfig.builder().channels(2).linkPath(dir.resolve("stim")).build());
        bare = new SerialStimulator(sim.devicePath().toString());
        bare.connect();
        bare.configure(2, areas);
        int[] samples = new int[20];
        for (int i = 0; i < 9; i++) {
            samples[2 * i] = 50;
            samples[2 * i + 1] = -50;
        }
        samples[18] = offending[0];
        samples[19] = offending[1];
        long sentNs = System.nanoTime();
        bare.sendBlock(0, sentNs + 30 * MS, 2, 10, samples);
        AtomicReference<DeviceFaultReport> report = new AtomicReference<>();
        await("a FAULT_REPORT", LONG, () -> {
            DeviceFaultReport r = bare.pollFaultReport();
            if (r != null) {
                report.set(r);
            }
            return report.get() != null;
        });
        assertEquals(expected, report.get().code(), report.get().toString());
        assertEquals(DeviceState.FAULT, sim.state());
        assertTrue(sim.groundTruth().awaitTickAt(sentNs + 80 * MS, LONG));
        assertEquals(0, sim.groundTruth().maxAbsDelivered(sentNs, Long.MAX_VALUE),
                "not one sample of the refused block was output");
        assertTrue(bare.resetFault(expected), "the fault named resets");
    }
}
