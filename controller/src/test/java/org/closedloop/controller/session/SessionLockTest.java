package org.closedloop.controller.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.closedloop.controller.daemon.SessionGuard;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionLockTest {
    @TempDir
    Path dir;

    @Test
    void shouldBlockUploadsWhileHeldNamingTheSessionAndAllowThemAfter() throws Exception {
        Path file = dir.resolve("store").resolve(SessionLock.FILE_NAME);
        SessionGuard guard = SessionLock.guard(file);
        assertEquals(Optional.empty(), guard.uploadBlockedBy(), "no lock file yet");
        try (SessionLock lock = SessionLock.acquire(file, "protocol p v1, subject S01")) {
            Optional<String> blocked = guard.uploadBlockedBy();
            assertTrue(blocked.isPresent());
            assertTrue(blocked.get().contains("subject S01"), blocked.get());
        }
        assertEquals(Optional.empty(), guard.uploadBlockedBy(), "released");
    }

    @Test
    void shouldRefuseASecondSessionNamingTheFirst() throws Exception {
        Path file = dir.resolve(SessionLock.FILE_NAME);
        try (SessionLock lock = SessionLock.acquire(file, "the first session")) {
            IOException e = assertThrows(IOException.class, () -> SessionLock.acquire(file, "second"));
            assertTrue(e.getMessage().contains("the first session"), e.getMessage());
        }
        SessionLock.acquire(file, "second").close();
    }
}
