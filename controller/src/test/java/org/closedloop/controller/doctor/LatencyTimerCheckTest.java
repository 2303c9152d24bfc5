package org.closedloop.controller.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The latency timer against a fake sysfs: /dev/closedloop-eeg -> ttyUSB0, /sys/bus/usb-serial/devices/ttyUSB0. */
class LatencyTimerCheckTest {

    @Test
    void shouldPassOneMillisecond() throws Exception {
        try (FakeHost host = new FakeHost()) {
            Path port = dongle(host, "1\n");
            CheckResult r = new LatencyTimerCheck(PortRole.EEG, port, host.roots.sys()).run();
            assertEquals(CheckStatus.OK, r.status(), r.toString());
            assertEquals("ttyUSB0 latency_timer = 1 ms", r.detail());
        }
    }

    @Test
    void shouldFailTheSixteenMillisecondDefaultAndGiveBothFixes() throws Exception {
        try (FakeHost host = new FakeHost()) {
            Path port = dongle(host, "16\n");
            CheckResult r = new LatencyTimerCheck(PortRole.EEG, port, host.roots.sys()).run();
            assertEquals(CheckStatus.FAIL, r.status(), r.toString());
            assertTrue(r.detail().contains("= 16 ms (wanted 1 ms)"), r.detail());
            assertTrue(r.fix().startsWith("now: echo 1 | sudo tee /sys/bus/usb-serial/devices/ttyUSB0/latency_timer;"),
                    r.fix());
            assertTrue(r.fix().contains("udev rules"), r.fix());
            // one step beyond the wanted value fails too
            host.usbSerial("ttyUSB0", "2");
            assertEquals(CheckStatus.FAIL, new LatencyTimerCheck(PortRole.EEG, port, host.roots.sys()).run().status());
        }
    }

    @Test
    void shouldWarnWhenTheDongleIsNotAUsbSerialConverterButAcceptThatForTheStimulator() throws Exception {
        try (FakeHost host = new FakeHost()) {
            host.devFile("ttyACM0");
            Path port = host.devLink("closedloop-stim", Path.of("ttyACM0"));
            CheckResult eeg = new LatencyTimerCheck(PortRole.EEG, port, host.roots.sys()).run();
            assertEquals(CheckStatus.WARN, eeg.status(), eeg.toString());
            assertTrue(eeg.detail().contains("is ttyACM0, not a USB serial converter"), eeg.detail());
            CheckResult stim = new LatencyTimerCheck(PortRole.STIMULATOR, port, host.roots.sys()).run();
            assertEquals(CheckStatus.OK, stim.status(), stim.toString());
        }
    }

    @Test
    void shouldWarnForAUsbSerialConverterWithoutALatencyTimer() throws Exception {
        try (FakeHost host = new FakeHost()) {
            Path port = dongle(host, null); // e.g. a CP2102: usb-serial, but no FTDI attribute
            CheckResult r = new LatencyTimerCheck(PortRole.EEG, port, host.roots.sys()).run();
            assertEquals(CheckStatus.WARN, r.status(), r.toString());
            assertTrue(r.detail().endsWith("not an FTDI chip"), r.detail());
        }
    }

    @Test
    void shouldWarnOnAnUnreadableValue() throws Exception {
        try (FakeHost host = new FakeHost()) {
            Path port = dongle(host, "sixteen");
            assertEquals(CheckStatus.WARN, new LatencyTimerCheck(PortRole.EEG, port, host.roots.sys()).run().status());
        }
    }

    @Test
    void shouldWarnWithoutCheckingWhenThePortIsMissing() throws Exception {
        try (FakeHost host = new FakeHost()) {
            CheckResult r = new LatencyTimerCheck(PortRole.EEG, host.roots.dev().resolve("closedloop-eeg"),
                    host.roots.sys()).run();
            assertEquals(CheckStatus.WARN, r.status());
            assertTrue(r.detail().startsWith("not checked"), r.detail());
        }
    }

    private static Path dongle(FakeHost host, String latencyTimer) throws Exception {
        host.devFile("ttyUSB0");
        host.usbSerial("ttyUSB0", latencyTimer);
        return host.devLink("closedloop-eeg", Path.of("ttyUSB0"));
    }
}
