package org.closedloop.controller.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DistinctPortsCheckTest {

    @Test
    void shouldFailWhenBothNamesLeadToOneDevice() throws Exception {
        try (FakeHost host = new FakeHost()) {
            host.devFile("ttyUSB0");
            Path eeg = host.devLink("closedloop-eeg", Path.of("ttyUSB0"));
            Path stim = host.devLink("closedloop-stim", Path.of("ttyUSB0"));
            CheckResult r = new DistinctPortsCheck(eeg, stim).run();
            assertEquals(CheckStatus.FAIL, r.status(), r.toString());
            assertTrue(r.fix().contains("ATTRS{serial}"), r.fix());
        }
    }

    @Test
    void shouldPassTwoDevices() throws Exception {
        try (FakeHost host = new FakeHost()) {
            host.devFile("ttyUSB0");
            host.devFile("ttyACM0");
            Path eeg = host.devLink("closedloop-eeg", Path.of("ttyUSB0"));
            Path stim = host.devLink("closedloop-stim", Path.of("ttyACM0"));
            assertEquals(CheckStatus.OK, new DistinctPortsCheck(eeg, stim).run().status());
        }
    }

    @Test
    void shouldWarnWithoutCheckingWhenAPortIsMissing() throws Exception {
        try (FakeHost host = new FakeHost()) {
            host.devFile("ttyUSB0");
            Path eeg = host.devLink("closedloop-eeg", Path.of("ttyUSB0"));
            CheckResult r = new DistinctPortsCheck(eeg, host.roots.dev().resolve("closedloop-stim")).run();
            assertEquals(CheckStatus.WARN, r.status());
        }
    }
}
