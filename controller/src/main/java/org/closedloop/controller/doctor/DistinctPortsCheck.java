package org.closedloop.controller.doctor;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The acquisition and stimulator names lead to two different devices. Both udev rules can match one device (for
 * example a stimulator behind the same FTDI chip as the dongle, matched by USB id alone); the controller would then
 * talk to the wrong device under one of the names.
 *
 * <p><b>Thread safety:</b> immutable.
 */
public final class DistinctPortsCheck implements DoctorCheck {

    private final Path eegPort;
    private final Path stimulatorPort;

    public DistinctPortsCheck(Path eegPort, Path stimulatorPort) {
        this.eegPort = eegPort;
        this.stimulatorPort = stimulatorPort;
    }

    @Override
    public String name() {
        return "distinct ports";
    }

    @Override
    public CheckResult run() throws Exception {
        if (!Files.exists(eegPort) || !Files.exists(stimulatorPort)) {
            return CheckResult.warn(name(), "not checked: a port is missing (see above)", "fix the missing port first");
        }
        Path eeg = eegPort.toRealPath();
        Path stim = stimulatorPort.toRealPath();
        if (eeg.equals(stim)) {
            return CheckResult.fail(name(), eegPort + " and " + stimulatorPort + " are both " + eeg,
                    "make the udev rules tell the devices apart by serial number: add ATTRS{serial}==\"...\" to the "
                    + "dongle's rule in /etc/udev/rules.d/99-closedloop.rules (docs/install.md, Stable port names)");
        }
        return CheckResult.ok(name(), eegPort + " -> " + eeg + ", " + stimulatorPort + " -> " + stim);
    }
}
