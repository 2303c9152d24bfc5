package org.closedloop.controller.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class DiskSpaceCheckTest {

    @Test
    void shouldFailBelowOneGibibyteAndPassItExactly() throws Exception {
        try (FakeHost host = new FakeHost()) {
            assertEquals(CheckStatus.FAIL, free(host.root, DiskSpaceCheck.FAIL_BELOW_BYTES - 1).status());
            assertEquals(CheckStatus.WARN, free(host.root, DiskSpaceCheck.FAIL_BELOW_BYTES).status());
        }
    }

    @Test
    void shouldWarnBelowFourGibibytesAndPassThemExactly() throws Exception {
        try (FakeHost host = new FakeHost()) {
            CheckResult warn = free(host.root, DiskSpaceCheck.WARN_BELOW_BYTES - 1);
            assertEquals(CheckStatus.WARN, warn.status());
            assertTrue(warn.detail().endsWith(": below 4.0 GiB"), warn.detail());
            CheckResult ok = free(host.root, DiskSpaceCheck.WARN_BELOW_BYTES);
            assertEquals(CheckStatus.OK, ok.status());
            assertEquals("4.0 GiB free for recordings in " + host.root, ok.detail());
        }
    }

    @Test
    void shouldMeasureTheNearestExistingParentOfADirectoryNotCreatedYet() throws Exception {
        try (FakeHost host = new FakeHost()) {
            Path recordings = host.root.resolve("var/lib/closedloop/recordings");
            AtomicReference<Path> measured = new AtomicReference<>();
            CheckResult r = new DiskSpaceCheck(recordings, p -> {
                measured.set(p);
                return 100L << 30;
            }).run();
            assertEquals(host.root, measured.get());
            assertEquals(CheckStatus.OK, r.status());
            assertTrue(r.detail().contains("(not created yet; measured at " + host.root + ")"), r.detail());
        }
    }

    @Test
    void shouldMeasureARealFileSystem() throws Exception {
        try (FakeHost host = new FakeHost()) {
            CheckResult r = DiskSpaceCheck.of(host.root).run();
            assertNotNull(r.status());
            assertTrue(r.detail().matches("\\d+\\.\\d GiB free for recordings in .*"), r.detail());
        }
    }

    private static CheckResult free(Path dir, long bytes) {
        return new DiskSpaceCheck(dir, p -> bytes).run();
    }
}
