package org.closedloop.controller.doctor;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A serial port is present and this user may open it: the path exists (a udev symlink is followed), this identity
 * may read and write it, and it is a character device. The port is not opened: opening a serial port toggles its
 * modem lines, which resets some boards, and would disturb a running session.
 *
 * <p><b>Thread safety:</b> immutable.
 */
public final class SerialPortCheck implements DoctorCheck {

    private final PortRole role;
    private final Path port;
    private final ProcessIdentity identity;

    public SerialPortCheck(PortRole role, Path port, ProcessIdentity identity) {
        this.role = role;
        this.port = port;
        this.identity = identity;
    }

    @Override
    public String name() {
        return role.checkName();
    }

    @Override
    public CheckResult run() throws Exception {
        if (!Files.exists(port)) {
            String what = Files.isSymbolicLink(port) ? " is a symbolic link to a device that is gone" : " is missing";
            return CheckResult.fail(name(), port + what, role.whenMissing());
        }
        DeviceAccess a = DeviceAccess.of(port);
        String found = port + (a.realPath().equals(port) ? "" : " -> " + a.realPath()) + ", " + a.describe();
        if (!a.readWritableBy(identity)) {
            return CheckResult.fail(name(), found + ": user " + identity.userName() + " may not read and write it",
                    "sudo usermod -aG " + a.group() + " " + identity.userName() + ", then log in again; serial ports "
                    + "should belong to dialout (the udev rules set GROUP=\"dialout\"), which the daemon's unit adds");
        }
        if (!a.characterDevice()) {
            return CheckResult.fail(name(), found + ": not a character device, so not a serial port",
                    "check the path; serial ports are /dev/ttyUSB*, /dev/ttyACM* or the udev names "
                    + role.defaultPath());
        }
        return CheckResult.ok(name(), found);
    }
}
