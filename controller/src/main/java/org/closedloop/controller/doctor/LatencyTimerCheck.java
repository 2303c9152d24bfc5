package org.closedloop.controller.doctor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The FTDI latency timer of a USB serial port is 1 ms. An FT231X (the OpenBCI dongle) holds received bytes up to its
 * latency timer, 16 ms by default: EEG packets then arrive in bursts of four and the closed loop acts up to 16 ms
 * late (a sixth of an alpha cycle). The kernel name of the port (e.g. {@code ttyUSB0}, after following the udev
 * symlink) selects {@code <sys>/bus/usb-serial/devices/<name>/latency_timer}.
 *
 * <p><b>Thread safety:</b> immutable.
 */
public final class LatencyTimerCheck implements DoctorCheck {
    /** The value the udev rules set, in milliseconds. */
    public static final int WANTED_MS = 1;

    private final PortRole role;
    private final Path port;
    private final Path sysRoot;

    public LatencyTimerCheck(PortRole role, Path port, Path sysRoot) {
        this.role = role;
        this.port = port;
        this.sysRoot = sysRoot;
    }

    @Override
    public String name() {
        return role == PortRole.EEG ? "eeg latency timer" : "stimulator latency timer";
    }

    @Override
    public CheckResult run() throws IOException {
        if (!Files.exists(port)) {
            return CheckResult.warn(name(), "not checked: " + port + " is missing (see above)", "fix the port first");
        }
        String kernelName = port.toRealPath().getFileName().toString();
        Path device = sysRoot.resolve("bus/usb-serial/devices").resolve(kernelName);
        Path timer = device.resolve("latency_timer");
        if (!Files.isDirectory(device)) {
            String detail = port + " is " + kernelName + ", not a USB serial converter: it has no latency timer";
            return role.ftdiExpected()
                    ? CheckResult.warn(name(), detail + "; the OpenBCI dongle is an FTDI chip (ttyUSB*)",
                            "check that " + port + " is the dongle: ls -l /dev/serial/by-id/")
                    : CheckResult.ok(name(), detail + " (a CDC-ACM device sends at once)");
        }
        if (!Files.exists(timer)) {
            return CheckResult.warn(name(), kernelName + " has no " + timer + ": not an FTDI chip",
                    role.ftdiExpected() ? "the OpenBCI dongle is an FTDI FT231X: check that " + port + " is the dongle"
                            : "check that data from this converter does not arrive in bursts");
        }
        String text = Files.readString(timer, StandardCharsets.US_ASCII).trim();
        int ms;
        try {
            ms = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return CheckResult.warn(name(), timer + " reads '" + text + "', not a number", "read it by hand: cat " + timer);
        }
        if (ms != WANTED_MS) {
            return CheckResult.fail(name(), timer + " = " + ms + " ms (wanted " + WANTED_MS + " ms): data arrives in "
                    + "bursts up to " + ms + " ms late", "now: echo " + WANTED_MS + " | sudo tee " + hostPath(kernelName)
                    + "; for good: install the udev rules (docs/install.md, Stable port names) and replug the device");
        }
        return CheckResult.ok(name(), kernelName + " latency_timer = " + ms + " ms");
    }

    private static String hostPath(String kernelName) {
        // the fix names the real path even when the check read a fake tree
        return "/sys/bus/usb-serial/devices/" + kernelName + "/latency_timer";
    }
}
