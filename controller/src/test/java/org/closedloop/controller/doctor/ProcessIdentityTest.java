package org.closedloop.controller.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProcessIdentityTest {

    @Test
    void shouldTakeTheEffectiveIdsAndTheSupplementaryGroups() throws Exception {
        try (FakeHost host = new FakeHost()) {
            host.write(host.roots.proc().resolve("self/status"), "Name:\tjava\nUmask:\t0022\nState:\tR (running)\n"
                    + "Uid:\t1000\t999\t999\t999\nGid:\t1000\t998\t998\t998\nFDSize:\t256\nGroups:\t20 997 \n");
            ProcessIdentity id = ProcessIdentity.read(host.roots.proc(), "closedloop");
            assertEquals(999, id.uid());
            assertEquals(Set.of(998, 20, 997), id.groupIds());
            assertFalse(id.isRoot());
        }
    }

    @Test
    void shouldAcceptAProcessWithoutSupplementaryGroups() throws Exception {
        try (FakeHost host = new FakeHost()) {
            host.write(host.roots.proc().resolve("self/status"), "Uid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\nGroups:\t\n");
            ProcessIdentity id = ProcessIdentity.read(host.roots.proc(), "root");
            assertTrue(id.isRoot());
            assertEquals(Set.of(0), id.groupIds());
        }
    }

    @Test
    void shouldRefuseAStatusFileWithoutIds() throws Exception {
        try (FakeHost host = new FakeHost()) {
            host.write(host.roots.proc().resolve("self/status"), "Name:\tjava\n");
            IOException e = assertThrows(IOException.class, () -> ProcessIdentity.read(host.roots.proc(), "x"));
            assertTrue(e.getMessage().contains("no Uid: or Gid: line"), e.getMessage());
        }
    }

    @Test
    void shouldReadThisProcessAsTheOwnerOfTheFilesItCreates() throws Exception {
        ProcessIdentity me = ProcessIdentity.read(Path.of("/proc"), System.getProperty("user.name"));
        assertEquals(FakeHost.myUid(), me.uid());
    }
}
