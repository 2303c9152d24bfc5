package org.closedloop.controller.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.closedloop.sim.cyton.CytonSimConfig;
import org.closedloop.sim.cyton.SimulatedCytonBoard;
import org.junit.jupiter.api.Test;

/**
 * The port checks against the simulated Cyton board, whose pseudo-terminal is a real character device behind a
 * stable symlink, as /dev/closedloop-eeg is behind udev's; and against files that are not ports.
 */
class SerialPortCheckTest {

    private static final int STRANGER = 4242;

    @Test
    void shouldPassThePortOfTheSimulatedBoardForItsOwner() throws Exception {
        try (FakeHost host = new FakeHost();
             SimulatedCytonBoard board = SimulatedCytonBoard.start(
                     CytonSimConfig.builder().linkPath(host.roots.dev().resolve("closedloop-eeg")).build())) {
            Path port = board.devicePath();
            ProcessIdentity owner = new ProcessIdentity("me", (Integer) Files.getAttribute(port, "unix:uid"),
                    Set.of(STRANGER));
            CheckResult r = new SerialPortCheck(PortRole.EEG, port, owner).run();
            assertEquals(CheckStatus.OK, r.status(), r.toString());
            assertTrue(r.detail().contains(" -> /dev/pts/"), r.detail());
            assertTrue(r.detail().contains("crw"), r.detail());
        }
    }

    @Test
    void shouldFailThePortOfTheSimulatedBoardForAUserOutsideItsGroupAndNameTheGroup() throws Exception {
        try (FakeHost host = new FakeHost();
             SimulatedCytonBoard board = SimulatedCytonBoard.start(
                     CytonSimConfig.builder().linkPath(host.roots.dev().resolve("closedloop-eeg")).build())) {
            Path port = board.devicePath();
            String group = Files.readAttributes(port, PosixFileAttributes.class).group().getName();
            ProcessIdentity stranger = new ProcessIdentity("alice", STRANGER, Set.of(STRANGER));
            CheckResult r = new SerialPortCheck(PortRole.EEG, port, stranger).run();
            assertEquals(CheckStatus.FAIL, r.status(), r.toString());
            assertTrue(r.detail().contains("user alice may not read and write it"), r.detail());
            assertTrue(r.fix().startsWith("sudo usermod -aG " + group + " alice"), r.fix());
        }
    }

    @Test
    void shouldFailWhenTheBoardIsUnpluggedAndItsSymlinkLeadsNowhere() throws Exception {
        try (FakeHost host = new FakeHost()) {
            Path link = host.roots.dev().resolve("closedloop-eeg");
            SimulatedCytonBoard board = SimulatedCytonBoard.start(CytonSimConfig.builder().linkPath(link).build());
            board.close();
            ProcessIdentity me = ProcessIdentity.read(Path.of("/proc"), "me");
            CheckResult r = new SerialPortCheck(PortRole.EEG, link, me).run();
            assertEquals(CheckStatus.FAIL, r.status(), r.toString());
            // either the stale link of a closed pty or no link at all: both are "not there"
            assertTrue(r.detail().endsWith(" is missing") || r.detail().endsWith("to a device that is gone"), r.detail());
        }
    }

    @Test
    void shouldFailAMissingPortAndSayHowToMakeItAppear() throws Exception {
        try (FakeHost host = new FakeHost()) {
            ProcessIdentity me = ProcessIdentity.read(Path.of("/proc"), "me");
            CheckResult eeg = new SerialPortCheck(PortRole.EEG, host.roots.dev().resolve("closedloop-eeg"), me).run();
            assertEquals(CheckStatus.FAIL, eeg.status());
            assertTrue(eeg.detail().endsWith("closedloop-eeg is missing"), eeg.detail());
            assertTrue(eeg.fix().contains("udevadm trigger"), eeg.fix());
            CheckResult stim = new SerialPortCheck(PortRole.STIMULATOR, host.roots.dev().resolve("closedloop-stim"),
                    me).run();
            assertEquals(CheckStatus.FAIL, stim.status());
            assertTrue(stim.fix().contains("SET-STIMULATOR-SERIAL"), stim.fix());
        }
    }

    @Test
    void shouldFailAFileWithoutPermission() throws Exception {
        try (FakeHost host = new FakeHost()) {
            Path f = host.devFile("ttyUSB0");
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("---------"));
            ProcessIdentity stranger = new ProcessIdentity("alice", STRANGER, Set.of(STRANGER));
            CheckResult r = new SerialPortCheck(PortRole.EEG, f, stranger).run();
            assertEquals(CheckStatus.FAIL, r.status(), r.toString());
            assertTrue(r.detail().contains("----------"), r.detail());
            assertTrue(r.detail().endsWith("user alice may not read and write it"), r.detail());
        }
    }

    @Test
    void shouldFailAPermittedFileThatIsNotACharacterDevice() throws Exception {
        try (FakeHost host = new FakeHost()) {
            Path f = host.devFile("ttyUSB0");
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-rw-rw-"));
            ProcessIdentity stranger = new ProcessIdentity("alice", STRANGER, Set.of(STRANGER));
            CheckResult r = new SerialPortCheck(PortRole.EEG, f, stranger).run();
            assertEquals(CheckStatus.FAIL, r.status(), r.toString());
            assertTrue(r.detail().endsWith("not a character device, so not a serial port"), r.detail());
        }
    }
}
