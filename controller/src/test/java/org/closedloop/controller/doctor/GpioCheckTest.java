package org.closedloop.controller.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.Set;
import org.closedloop.controller.gpio.GpioConfig;
import org.closedloop.sim.pty.PseudoTerminal;
import org.junit.jupiter.api.Test;

/**
 * The GPIO check against a fake /dev and /proc. A real character device stands in for the chip: /dev/null (anyone
 * may open it) or a pseudo-terminal of the simulator (only its owner may), since creating device nodes needs root.
 */
class GpioCheckTest {

    private static final int STRANGER = 4242;
    private static final ProcessIdentity ALICE = new ProcessIdentity("alice", STRANGER, Set.of(STRANGER));

    @Test
    void shouldPassAnOpenableChipAndNameTheBoardAndTheLines() throws Exception {
        try (FakeHost host = new FakeHost()) {
            host.devLink("gpiochip0", Path.of("/dev/null"));
            host.write(host.roots.proc().resolve("device-tree/model"), "Raspberry Pi 4 Model B Rev 1.5\0");
            CheckResult r = new GpioCheck(host.roots, ALICE, GpioConfig.defaults()).run();
            assertEquals(CheckStatus.OK, r.status(), r.toString());
            assertTrue(r.detail().contains("board: Raspberry Pi 4 Model B Rev 1.5; "), r.detail());
            assertFalse(r.detail().contains("\0"));
            assertTrue(r.detail().endsWith("E-stop BCM 17, relay BCM 27, LED BCM 22"), r.detail());
        }
    }

    @Test
    void shouldFailWithoutAChipAndSayTheStimulatorIsRefused() throws Exception {
        try (FakeHost host = new FakeHost()) {
            CheckResult r = new GpioCheck(host.roots, ALICE, GpioConfig.defaults()).run();
            assertEquals(CheckStatus.FAIL, r.status(), r.toString());
            assertTrue(r.detail().contains("gpiochip0 (board: unknown"), r.detail());
            assertTrue(r.detail().contains("a real stimulator is refused"), r.detail());
        }
    }

    @Test
    void shouldFailAChipThisUserMayNotOpenAndNameItsGroup() throws Exception {
        try (FakeHost host = new FakeHost(); PseudoTerminal pty = PseudoTerminal.open()) {
            host.devLink("gpiochip0", pty.slavePath());
            String group = Files.readAttributes(pty.slavePath(), PosixFileAttributes.class).group().getName();
            CheckResult r = new GpioCheck(host.roots, ALICE, GpioConfig.defaults()).run();
            assertEquals(CheckStatus.FAIL, r.status(), r.toString());
            assertTrue(r.detail().contains("user alice may not open it"), r.detail());
            assertTrue(r.fix().startsWith("sudo usermod -aG " + group + " alice"), r.fix());
        }
    }

    @Test
    void shouldFailAChipThatIsNotACharacterDevice() throws Exception {
        try (FakeHost host = new FakeHost()) {
            host.devFile("gpiochip0");
            CheckResult r = new GpioCheck(host.roots, ALICE, GpioConfig.defaults()).run();
            assertEquals(CheckStatus.FAIL, r.status(), r.toString());
            assertTrue(r.detail().endsWith("not a character device"), r.detail());
        }
    }
}
