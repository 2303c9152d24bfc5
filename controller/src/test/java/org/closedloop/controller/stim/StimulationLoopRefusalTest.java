package org.closedloop.controller.stim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.concurrent.TimeUnit;
import org.closedloop.controller.gpio.SoftwareSafetyLines;
import org.closedloop.safety.SystemSafetyClock;
import org.closedloop.safety.interlock.ActionResult;
import org.closedloop.safety.interlock.InterlockState;
import org.closedloop.safety.interlock.SafetyListener;
import org.closedloop.safety.ledger.DailyStimulationLedger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the loop refuses before anything reaches a device: no GPIO with a real device, a device with looser limits. */
class StimulationLoopRefusalTest {

    @TempDir
    Path dir;

    private ActionResult armWith(FakeStimulator device) throws Exception {
        try (DailyStimulationLedger ledger = DailyStimulationLedger.open(dir.resolve("ledger"));
             SoftwareSafetyLines lines = new SoftwareSafetyLines(null)) {
            StimulationLoop loop = StimulationLoop.start(new SystemSafetyClock(ZoneId.systemDefault()), ledger,
                    SafetyListener.NO_OP, device, lines, StimConfig.defaults());
            try {
                ActionResult r = loop.operator().arm(StimRig.ALICE,
                        StimRig.twoElectrodes(10.0, 1000, 500 * StimRig.MS, 3 * StimRig.S)).get(20, TimeUnit.SECONDS);
                assertEquals(r.accepted() ? InterlockState.ARMED : InterlockState.DISARMED, loop.state());
                return r;
            } finally {
                loop.close();
            }
        }
    }

    @Test
    void shouldRefuseARealStimulatorWithoutGpioSafetyLines() throws Exception {
        FakeStimulator device = new FakeStimulator(false, 2000);
        ActionResult r = armWith(device);
        assertFalse(r.accepted());
        assertTrue(r.reason().contains("no GPIO safety lines"), r.reason());
        assertEquals(0, device.configures, "nothing was sent to the device");
    }

    @Test
    void shouldAcceptTheSoftwareEmergencyStopWithTheSimulator() throws Exception {
        ActionResult r = armWith(new FakeStimulator(true, 2000));
        assertTrue(r.accepted(), r.toString());
    }

    @Test
    void shouldRefuseADeviceThatEnforcesLooserLimits() throws Exception {
        ActionResult r = armWith(new FakeStimulator(true, 2500));
        assertFalse(r.accepted());
        assertTrue(r.reason().contains("peakMicroAmps=2500 is looser"), r.reason());
    }
}
