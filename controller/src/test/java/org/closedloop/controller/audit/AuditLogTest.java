package org.closedloop.controller.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {
    private static final Clock FIXED = Clock.fixed(Instant.parse("2026-11-24T14:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private Path logWithThreeEntries() throws Exception {
        Path file = dir.resolve("audit.log");
        AuditLog log = AuditLog.open(file, FIXED);
        log.append("session.arm", "dr. ada", "protocol sha256=abc, subject S-017");
        log.append("safety.fault", "system", "E-stop pressed\twhile STIMULATING\nsecond line");
        log.append("session.reset", "dr. ada", "reason: electrode re-gelled");
        return file;
    }

    @Test
    void shouldChainEveryEntryToThePreviousOne() throws Exception {
        Path file = logWithThreeEntries();
        AuditVerification v = AuditLog.verify(file);
        assertTrue(v.intact(), v.problem());
        assertEquals(3, v.entries());
        List<String> lines = Files.readAllLines(file);
        AuditEntry first = AuditEntry.parse(lines.get(0));
        AuditEntry second = AuditEntry.parse(lines.get(1));
        assertEquals(AuditEntry.GENESIS, first.prev());
        assertEquals(first.hash(), second.prev());
        assertEquals("E-stop pressed\twhile STIMULATING\nsecond line", second.detail(), "tabs and newlines survive");
        assertEquals(AuditEntry.parse(lines.get(2)).hash(), v.headHash());
    }

    @Test
    void shouldHashExactlyTheDocumentedContent() throws Exception {
        Path file = dir.resolve("a.log");
        AuditLog.open(file, FIXED).append("protocol.upload", "alice", "ok");
        String line = Files.readAllLines(file).get(0);
        String content = "1\t2026-11-24T14:00:00Z\tprotocol.upload\talice\tok\t" + "0".repeat(64);
        // independent oracle: the JDK's SHA-256 over the documented bytes
        byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
        assertEquals(content + "\t" + java.util.HexFormat.of().formatHex(d), line);
    }

    @Test
    void shouldDetectAChangedEntry() throws Exception {
        Path file = logWithThreeEntries();
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        lines.set(1, lines.get(1).replace("E-stop pressed", "nothing happened"));
        Files.write(file, lines);
        AuditVerification v = AuditLog.verify(file);
        assertFalse(v.intact());
        assertEquals(2, v.firstBadLine());
        assertTrue(v.problem().contains("hash does not match its content"), v.problem());
    }

    @Test
    void shouldDetectARemovedEntry() throws Exception {
        Path file = logWithThreeEntries();
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        lines.remove(1);
        Files.write(file, lines);
        AuditVerification v = AuditLog.verify(file);
        assertFalse(v.intact());
        assertEquals(2, v.firstBadLine());
        assertTrue(v.problem().contains("seq=3, expected 2"), v.problem());
    }

    @Test
    void shouldDetectAnEntryRewrittenWithARecomputedHash() throws Exception {
        Path file = logWithThreeEntries();
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        AuditEntry e = AuditEntry.parse(lines.get(1));
        AuditEntry forged = AuditEntry.create(e.seq(), e.time(), e.kind(), e.actor(), "nothing happened", e.prev());
        lines.set(1, forged.toLine());
        Files.write(file, lines);
        AuditVerification v = AuditLog.verify(file);
        assertFalse(v.intact());
        assertEquals(3, v.firstBadLine(), "the forgery is self-consistent; the next entry's prev gives it away");
    }

    @Test
    void shouldRecordAndCutOffAnEntryTornByACrash() throws Exception {
        Path file = logWithThreeEntries();
        Files.write(file, "4\t2026-11-24T14:00:01Z\tsafety.fa".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
        AuditVerification torn = AuditLog.verify(file);
        assertTrue(torn.intact(), "a torn tail is not tampering");
        assertEquals(32, torn.incompleteTailBytes()); // "4" TAB, 20-char time, TAB, "safety.fa"
        AuditLog.open(file, FIXED).append("session.arm", "dr. ada", "again");
        AuditVerification v = AuditLog.verify(file);
        assertTrue(v.intact(), v.problem());
        assertEquals(5, v.entries());
        assertEquals(0, v.incompleteTailBytes());
        List<String> lines = Files.readAllLines(file);
        assertTrue(lines.get(3).contains("audit.recovered") && lines.get(3).contains("32 bytes"), lines.get(3));
    }

    @Test
    void shouldKeepTheChainWhenTwoWritersAppendConcurrently() throws Exception {
        Path file = dir.resolve("shared.log");
        AuditLog a = AuditLog.open(file);
        AuditLog b = AuditLog.open(file); // two independent writers, as two processes would be
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<?>> fs = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            final int n = i;
            fs.add(pool.submit(() -> a.appendUnchecked("test.a", "a", "entry " + n)));
            fs.add(pool.submit(() -> b.appendUnchecked("test.b", "b", "entry " + n)));
        }
        for (Future<?> f : fs) {
            f.get();
        }
        pool.shutdown();
        AuditVerification v = AuditLog.verify(file);
        assertTrue(v.intact(), v.problem());
        assertEquals(200, v.entries());
    }
}
