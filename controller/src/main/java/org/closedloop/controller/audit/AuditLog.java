package org.closedloop.controller.audit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Appends entries to the hash-chained audit log and verifies it. Each append takes an exclusive file lock, reads the
 * current head from the file (another process may have appended since), writes one line and forces it to disk, so
 * several processes (the daemon, a session) can share one log.
 *
 * <p>An entry whose write was cut off by a crash leaves bytes after the last newline. They were never acknowledged,
 * so the next append cuts them off and records that it did ({@code audit.recovered}); history is never rewritten.
 *
 * <p><b>Thread safety:</b> thread safe; appends to one file are serialised within this JVM by a lock per file (the
 * JVM's file locks cannot be held twice by one process) and between processes by an exclusive file lock.
 */
public final class AuditLog {
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final Path file;
    private final Clock clock;
    private final ReentrantLock inProcess;

    private AuditLog(Path file, Clock clock) throws IOException {
        this.file = file;
        this.clock = clock;
        this.inProcess = IN_PROCESS.computeIfAbsent(file.toRealPath(), k -> new ReentrantLock());
    }

    /** Opens (creating if needed) the log at {@code file}. */
    public static AuditLog open(Path file) throws IOException {
        return open(file, Clock.systemUTC());
    }

    static AuditLog open(Path file, Clock clock) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        return new AuditLog(file, clock);
    }

    public Path file() {
        return file;
    }

    /**
     * Appends one entry and forces it to disk.
     *
     * @param kind   dotted event name, e.g. {@code protocol.upload}
     * @param actor  who: a Unix user, an operator, or {@code system}
     * @param detail free text (any characters)
     * @return the entry as written
     */
    public AuditEntry append(String kind, String actor, String detail) throws IOException {
        inProcess.lock();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
             FileLock lock = ch.lock()) {
            Tail tail = readTail(ch);
            long seq = tail.lastSeq;
            String prev = tail.lastHash;
            ch.position(tail.endOfLastLine);
            if (tail.incompleteBytes > 0) {
                ch.truncate(tail.endOfLastLine);
                AuditEntry rec = AuditEntry.create(++seq, now(), "audit.recovered", "system",
                        "discarded an incomplete entry of " + tail.incompleteBytes + " bytes at offset "
                                + tail.endOfLastLine + " (a write cut off by a crash)", prev);
                write(ch, rec);
                prev = rec.hash();
            }
            AuditEntry e = AuditEntry.create(seq + 1, now(), kind, actor, detail, prev);
            write(ch, e);
            ch.force(true);
            return e;
        } finally {
            inProcess.unlock();
        }
    }

    /** Checks the whole chain of the log at {@code file}. */
    public static AuditVerification verify(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        int end = all.length;
        while (end > 0 && all[end - 1] != '\n') {
            end--;
        }
        long incomplete = all.length - end;
        String prev = AuditEntry.GENESIS;
        long n = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                new java.io.ByteArrayInputStream(all, 0, end), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                long lineNo = n + 1;
                AuditEntry e;
                try {
                    e = AuditEntry.parse(line);
                } catch (IllegalArgumentException ex) {
                    return new AuditVerification(false, n, prev, lineNo, "line " + lineNo + " " + ex.getMessage(), incomplete);
                }
                if (e.seq() != lineNo) {
                    return new AuditVerification(false, n, prev, lineNo, "line " + lineNo + ": seq=" + e.seq()
                            + ", expected " + lineNo + " (an entry was removed or inserted)", incomplete);
                }
                if (!e.prev().equals(prev)) {
                    return new AuditVerification(false, n, prev, lineNo, "line " + lineNo
                            + ": prev does not match the hash of line " + n + " (an entry before it was changed or removed)", incomplete);
                }
                if (!e.hash().equals(e.expectedHash())) {
                    return new AuditVerification(false, n, prev, lineNo, "line " + lineNo
                            + ": hash does not match its content (the entry was changed)", incomplete);
                }
                prev = e.hash();
                n++;
            }
        }
        return new AuditVerification(true, n, prev, 0, "", incomplete);
    }

    private String now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.MICROS).toString();
    }

    private static void write(FileChannel ch, AuditEntry e) throws IOException {
        ByteBuffer b = ByteBuffer.wrap((e.toLine() + "\n").getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    private record Tail(long lastSeq, String lastHash, long endOfLastLine, long incompleteBytes) {
    }

    /** Finds the last complete line (reading backwards from the end) and parses it. */
    private static Tail readTail(FileChannel ch) throws IOException {
        long size = ch.size();
        if (size == 0) {
            return new Tail(0, AuditEntry.GENESIS, 0, 0);
        }
        int window = (int) Math.min(size, 1 << 16);
        ByteBuffer buf = ByteBuffer.allocate(window);
        ch.read(buf, size - window);
        byte[] b = buf.array();
        int end = window;
        while (end > 0 && b[end - 1] != '\n') {
            end--;
        }
        long incomplete = window - end;
        if (end == 0) {
            if (size > window) {
                throw new IOException("audit log: its last 64 KiB hold no complete entry; run `closedloop audit verify`");
            }
            return new Tail(0, AuditEntry.GENESIS, 0, incomplete);
        }
        int start = end - 1;
        while (start > 0 && b[start - 1] != '\n') {
            start--;
        }
        String line = new String(b, start, end - 1 - start, StandardCharsets.UTF_8);
        AuditEntry last;
        try {
            last = AuditEntry.parse(line);
        } catch (IllegalArgumentException e) {
            throw new IOException("audit log: its last entry is unreadable (" + e.getMessage()
                    + "); run `closedloop audit verify` and keep the file for inspection");
        }
        return new Tail(last.seq(), last.hash(), size - window + end, incomplete);
    }

    /** For callers that cannot throw: appends, turning I/O failures into an unchecked exception. */
    public AuditEntry appendUnchecked(String kind, String actor, String detail) {
        try {
            return append(kind, actor, detail);
        } catch (IOException e) {
            throw new UncheckedIOException("audit log " + file + ": " + e.getMessage(), e);
        }
    }
}
