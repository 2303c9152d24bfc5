package org.closedloop.controller.doctor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.closedloop.controller.gpio.GpioConfig;

/**
 * The GPIO character device the safety lines use ({@code /dev/gpiochip0}, through pi4j and libgpiod) is present and
 * this user may open it, and which board this is ({@code /proc/device-tree/model}). Without it the controller
 * refuses to drive a real stimulator. The lines themselves are not touched.
 *
 * <p><b>Thread safety:</b> immutable.
 */
public final class GpioCheck implements DoctorCheck {
    /** The chip of the 40-pin header, as opened by {@code Pi4jSafetyLines}. */
    public static final String CHIP = "gpiochip0";

    private final HostRoots roots;
    private final ProcessIdentity identity;
    private final GpioConfig pins;

    public GpioCheck(HostRoots roots, ProcessIdentity identity, GpioConfig pins) {
        this.roots = roots;
        this.identity = identity;
        this.pins = pins;
    }

    @Override
    public String name() {
        return "gpio";
    }

    @Override
    public CheckResult run() throws IOException {
        Path chip = roots.dev().resolve(CHIP);
        String board = model();
        String lines = "E-stop BCM " + pins.emergencyStopBcm() + ", relay BCM " + pins.enableRelayBcm() + ", LED BCM "
                + pins.statusLedBcm();
        if (!Files.exists(chip)) {
            return CheckResult.fail(name(), "no " + chip + " (board: " + board + "): no safety lines, so a real "
                    + "stimulator is refused (the simulator works)", "run the controller on the Raspberry Pi of the "
                    + "bench (Raspberry Pi OS has " + CHIP + "); check `ls -l /dev/gpiochip*`");
        }
        DeviceAccess a = DeviceAccess.of(chip);
        String found = chip + ", " + a.describe() + ", board: " + board + "; " + lines;
        if (!a.characterDevice()) {
            return CheckResult.fail(name(), found + ": not a character device", "check the system: " + chip
                    + " should be the kernel's GPIO character device");
        }
        if (!a.readWritableBy(identity)) {
            return CheckResult.fail(name(), found + ": user " + identity.userName() + " may not open it",
                    "sudo usermod -aG " + a.group() + " " + identity.userName() + ", then log in again (Raspberry Pi OS "
                    + "gives " + CHIP + " to the gpio group, which the daemon's unit adds)");
        }
        return CheckResult.ok(name(), found);
    }

    private String model() throws IOException {
        Path model = roots.proc().resolve("device-tree/model");
        if (!Files.isReadable(model)) {
            return "unknown, no " + model;
        }
        // the device tree's strings end with a NUL
        return Files.readString(model, StandardCharsets.US_ASCII).replace("\0", "").trim();
    }
}
