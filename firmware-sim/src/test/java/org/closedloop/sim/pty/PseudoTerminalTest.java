package org.closedloop.sim.pty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class PseudoTerminalTest {
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(2);

    private static byte[] allByteValues() {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        return all;
    }

    private static byte[] readFromMaster(PseudoTerminal pty, int n) {
        byte[] out = new byte[n];
        int got = 0;
        long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
        while (got < n && System.nanoTime() < deadline) {
            int r = pty.read(out, got, n - got, 200);
            assertTrue(r >= 0, "master hung up after " + got + " bytes");
            got += r;
        }
        assertEquals(n, got, "bytes from the slave within " + READ_TIMEOUT);
        return out;
    }

    @Test
    void shouldOpenASlaveUnderDevPts() throws IOException {
        try (PseudoTerminal pty = PseudoTerminal.open()) {
            assertTrue(pty.slavePath().startsWith("/dev/pts"), pty.slavePath().toString());
            assertTrue(Files.exists(pty.slavePath()));
        }
    }

    @Test
    void shouldPassEveryByteValueUnchangedInBothDirectionsWithoutEcho() throws IOException {
        byte[] all = allByteValues();
        try (PseudoTerminal pty = PseudoTerminal.open(); SlaveTerminal slave = SlaveTerminal.open(pty.slavePath())) {
            pty.write(all, 0, all.length);
            assertArrayEquals(all, slave.readExactly(256, READ_TIMEOUT), "master -> slave (no ICRNL, IXON, ISIG...)");

            slave.write(all);
            // If the slave echoed its input, the 256 bytes above would come back before these.
            assertArrayEquals(all, readFromMaster(pty, 256), "slave -> master (no ONLCR, no echo)");

            slave.write("\r\n");
            assertArrayEquals(new byte[] {'\r', '\n'}, readFromMaster(pty, 2));
        }
    }

    @Test
    void shouldKeepBytesWrittenBeforeTheControllerOpens() throws IOException {
        try (PseudoTerminal pty = PseudoTerminal.open()) {
            byte[] early = "written before anyone opened the port".getBytes(StandardCharsets.US_ASCII);
            pty.write(early, 0, early.length);
            try (SlaveTerminal slave = SlaveTerminal.open(pty.slavePath())) {
                assertArrayEquals(early, slave.readExactly(early.length, READ_TIMEOUT));
            }
        }
    }

    @Test
    void shouldNotHangUpWhenTheControllerClosesAndReopens() throws IOException {
        try (PseudoTerminal pty = PseudoTerminal.open()) {
            try (SlaveTerminal first = SlaveTerminal.open(pty.slavePath())) {
                first.write("a");
                assertArrayEquals(new byte[] {'a'}, readFromMaster(pty, 1));
            }
            assertEquals(0, pty.read(new byte[16], 0, 16, 50), "timeout, not EIO, after the controller closed");
            // Plain Java IO on the slave path works too (as a controller might use in tests).
            try (RandomAccessFile again = new RandomAccessFile(pty.slavePath().toFile(), "rw")) {
                again.write('b');
                assertArrayEquals(new byte[] {'b'}, readFromMaster(pty, 1));
            }
        }
    }

    @Test
    void shouldHangUpTheControllerWhenClosed() throws IOException {
        PseudoTerminal pty = PseudoTerminal.open();
        try (SlaveTerminal slave = SlaveTerminal.open(pty.slavePath())) {
            pty.close();
            assertEquals(-1, slave.read(new byte[1], 0, 1, 2000), "slave read after master close");
        }
        assertEquals(-1, pty.read(new byte[1], 0, 1, 0));
        assertThrows(UncheckedIOException.class, () -> pty.write(new byte[1], 0, 1));
        pty.close();
    }

    @Test
    void shouldWakeABlockedReaderOnClose() throws Exception {
        PseudoTerminal pty = PseudoTerminal.open();
        CompletableFuture<Integer> reader = CompletableFuture.supplyAsync(() -> pty.read(new byte[8], 0, 8, -1));
        pty.close();
        assertEquals(-1, reader.get(5, TimeUnit.SECONDS));
    }

    @Test
    void shouldWakeAWriterBlockedOnAFullBufferOnClose() throws Exception {
        PseudoTerminal pty = PseudoTerminal.open();
        try (SlaveTerminal slave = SlaveTerminal.open(pty.slavePath())) {
            byte[] big = new byte[1 << 20]; // far more than a pty buffers when nobody reads
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> pty.write(big, 0, big.length));
            // One byte arriving proves the write has begun; it cannot finish while nobody reads the rest.
            slave.readExactly(1, READ_TIMEOUT);
            pty.close();
            var e = assertThrows(ExecutionException.class, () -> writer.get(5, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof UncheckedIOException, e.toString());
        }
    }

    @Test
    void shouldClearAnExclusiveModeThatWouldOutliveTheControllersClose() throws IOException {
        try (PseudoTerminal pty = PseudoTerminal.open(); SlaveTerminal slave = SlaveTerminal.open(pty.slavePath())) {
            slave.setExclusive();
            assertTrue(slave.isExclusive());
            pty.clearExclusiveMode();
            assertFalse(slave.isExclusive(), "a non-root controller could not reopen the port otherwise");
        }
    }

    @Test
    void shouldDiscardExactlyTheUnreadOutput() throws IOException {
        try (PseudoTerminal pty = PseudoTerminal.open(); SlaveTerminal slave = SlaveTerminal.open(pty.slavePath())) {
            byte[] data = new byte[1000];
            pty.write(data, 0, data.length);
            slave.readExactly(300, READ_TIMEOUT);
            assertEquals(700, pty.discardUnreadOutput(20));
            assertEquals(0, slave.read(new byte[1], 0, 1, 20));
        }
    }

    @Test
    void shouldReplaceAStableLinkAtomicallyAndRemoveIt(@TempDir Path dir) throws IOException {
        Path link = dir.resolve("cyton");
        StableLink stable = StableLink.claim(link);
        try (PseudoTerminal first = PseudoTerminal.open(); PseudoTerminal second = PseudoTerminal.open()) {
            stable.pointTo(first.slavePath());
            assertEquals(first.slavePath(), Files.readSymbolicLink(link));
            stable.pointTo(second.slavePath());
            assertEquals(second.slavePath(), Files.readSymbolicLink(link));
            try (SlaveTerminal viaLink = SlaveTerminal.open(link)) {
                second.write(new byte[] {42}, 0, 1);
                assertArrayEquals(new byte[] {42}, viaLink.readExactly(1, READ_TIMEOUT));
            }
        }
        stable.remove();
        assertTrue(Files.notExists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS));
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count(), "no temporary links left behind");
        }
    }

    @Test
    void shouldRefuseToClaimARegularFile(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("not-a-link"), "keep me");
        IOException e = assertThrows(IOException.class, () -> StableLink.claim(file));
        assertTrue(e.getMessage().contains("not a symbolic link"), e.getMessage());
        assertEquals("keep me", Files.readString(file));
    }
}
