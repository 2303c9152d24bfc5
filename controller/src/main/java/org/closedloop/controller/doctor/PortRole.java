package org.closedloop.controller.doctor;

import java.nio.file.Path;

/**
 * The two serial ports of the bench, with the stable names the distribution's udev rules give them
 * ({@code udev/99-closedloop.rules}) and what to do when one is missing.
 *
 * <p><b>Thread safety:</b> immutable.
 */
public enum PortRole {
    /** The OpenBCI dongle (FTDI FT231X). */
    EEG("eeg port", Path.of("/dev/closedloop-eeg"), true,
            "plug in the OpenBCI dongle (its switch on GPIO_6) and check `ls -l /dev/serial/by-id/`; install the udev "
            + "rules (docs/install.md, Stable port names): sudo cp udev/99-closedloop.rules /etc/udev/rules.d/ && "
            + "sudo udevadm control --reload && sudo udevadm trigger; or name the port: --eeg-port /dev/ttyUSB0"),
    /** The stimulator (USB CDC-ACM, or a USB-UART cable). */
    STIMULATOR("stimulator port", Path.of("/dev/closedloop-stim"), false,
            "plug in the stimulator and write its USB serial number in /etc/udev/rules.d/99-closedloop.rules in place "
            + "of SET-STIMULATOR-SERIAL (udevadm info -a -n /dev/ttyACM0 | grep '{serial}'), then: sudo udevadm "
            + "control --reload && sudo udevadm trigger; or name the port: --stim-port /dev/ttyACM0");

    private final String checkName;
    private final Path defaultPath;
    private final boolean ftdiExpected;
    private final String whenMissing;

    PortRole(String checkName, Path defaultPath, boolean ftdiExpected, String whenMissing) {
        this.checkName = checkName;
        this.defaultPath = defaultPath;
        this.ftdiExpected = ftdiExpected;
        this.whenMissing = whenMissing;
    }

    /** Name of the port's check in the report. */
    public String checkName() {
        return checkName;
    }

    /** The stable name the udev rules create. */
    public Path defaultPath() {
        return defaultPath;
    }

    /** True if the device is an FTDI chip whose latency timer matters (the Cyton dongle). */
    public boolean ftdiExpected() {
        return ftdiExpected;
    }

    /** How to make a missing port appear. */
    public String whenMissing() {
        return whenMissing;
    }
}
