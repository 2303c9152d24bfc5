package org.closedloop.controller.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The kernel's rule: the owner's bits if the owner, else the group's bits if in the group, else the others' bits. */
class DeviceAccessTest {

    private static final int DIALOUT = 20;

    @Test
    void shouldApplyTheOwnerGroupOtherRuleLikeTheKernel() {
        // a ttyUSB0 as Raspberry Pi OS makes it: root:dialout (gid 20); the ids are the test's, not this machine's
        ProcessIdentity owner = new ProcessIdentity("pi", 1000, Set.of(1000));
        ProcessIdentity member = new ProcessIdentity("closedloop", 999, Set.of(999, DIALOUT));
        ProcessIdentity stranger = new ProcessIdentity("alice", 1001, Set.of(1001));
        assertTrue(device(0660).readWritableBy(owner));
        assertTrue(device(0660).readWritableBy(member));
        assertFalse(device(0660).readWritableBy(stranger));
        assertTrue(device(0666).readWritableBy(stranger));
        assertFalse(device(0640).readWritableBy(member), "group may only read");
        assertFalse(device(0620).readWritableBy(member), "group may only write (a pty's 0620)");
        // the owner's bits decide for the owner, even when the group's or others' would allow it
        assertFalse(device(0066).readWritableBy(new ProcessIdentity("pi", 1000, Set.of(1000, DIALOUT))));
        assertTrue(device(0).readWritableBy(new ProcessIdentity("root", 0, Set.of(0))));
    }

    private static DeviceAccess device(int mode) {
        Path p = Path.of("/dev/ttyUSB0");
        return new DeviceAccess(p, p, true, "pi", "dialout", 1000, DIALOUT, mode);
    }

    @Test
    void shouldDescribeLikeLsAndFollowSymlinks() throws Exception {
        try (FakeHost host = new FakeHost()) {
            Path f = host.devFile("ttyUSB0");
            Path link = host.devLink("closedloop-eeg", Path.of("ttyUSB0"));
            access(f, "rw-rw----");
            DeviceAccess a = DeviceAccess.of(link);
            assertEquals(f.toRealPath(), a.realPath());
            assertFalse(a.characterDevice());
            assertEquals(0660, a.mode());
            assertTrue(a.describe().startsWith("-rw-rw---- "), a.describe());
            DeviceAccess nul = DeviceAccess.of(Path.of("/dev/null"));
            assertTrue(nul.characterDevice());
            assertTrue(nul.describe().startsWith("crw-rw-rw- "), nul.describe());
        }
    }

    private static DeviceAccess access(Path f, String perms) throws Exception {
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(perms));
        return DeviceAccess.of(f);
    }
}
