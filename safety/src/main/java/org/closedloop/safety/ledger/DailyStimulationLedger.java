package org.closedloop.safety.ledger;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;

/**
 * The daily stimulation ledger in a small text file ({@value #FILE_NAME}, layout in {@code LedgerFileFormat}) in a
 * directory given to it. Every change is written atomically: write a temporary file, fsync it, rename it over the
 * old one with {@code ATOMIC_MOVE}, fsync the directory. A reader therefore sees the old or the new file, never a
 * mixture.
 *
 * <p>Fails safe: if the file is corrupt (bad checksum, truncated, unknown line), unreadable, or another process holds
 * the directory's lock file ({@value #LOCK_FILE_NAME}), every call returns {@link LedgerResult#unavailable} with a
 * message naming the file, and the interlock refuses to stimulate. The file is never reset to zero on its own. A
 * missing file means "no stimulation recorded yet" (the first use of the directory); deleting the file therefore
 * resets the limits, which the safety case tells operators not to do.
 *
 * <p>Thread safety: thread safe (methods are synchronized); one process per directory, enforced with a file lock.
 */
public final class DailyStimulationLedger implements StimulationLedger, AutoCloseable {

    /** Name of the ledger file inside the directory. */
    public static final String FILE_NAME = "daily-stimulation-ledger.txt";
    /** Name of the lock file that keeps a second process from using the same directory. */
    public static final String LOCK_FILE_NAME = "daily-stimulation-ledger.lock";

    private final Path directory;
    private final Path file;
    private final Map<String, Long> usedNsByKey;
    private final String problem;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private DailyStimulationLedger(Path directory, Map<String, Long> usedNsByKey, String problem,
                                   FileChannel lockChannel, FileLock lock) {
        this.directory = directory;
        this.file = directory.resolve(FILE_NAME);
        this.usedNsByKey = usedNsByKey;
        this.problem = problem;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Opens (creating the directory if needed) the ledger in {@code directory}. Never throws for a bad file: the
     * returned ledger then reports the problem on every call.
     */
    public static DailyStimulationLedger open(Path directory) {
        Path dir = directory.toAbsolutePath();
        Path file = dir.resolve(FILE_NAME);
        FileChannel channel = null;
        try {
            Files.createDirectories(dir);
            channel = FileChannel.open(dir.resolve(LOCK_FILE_NAME), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                return failed(dir, "ledger " + file + " is in use by another controller (lock file "
                        + dir.resolve(LOCK_FILE_NAME) + " is held); refusing to stimulate");
            }
            Map<String, Long> entries;
            try {
                entries = LedgerFileFormat.parse(Files.readAllBytes(file));
            } catch (NoSuchFileException e) {
                entries = new TreeMap<>();
            }
            return new DailyStimulationLedger(dir, entries, "", channel, lock);
        } catch (LedgerFileFormat.CorruptLedgerException e) {
            closeQuietly(channel);
            return failed(dir, "ledger file " + file + " is corrupt (" + e.getMessage() + "); refusing to stimulate. "
                    + "Restore the file from a backup or have the responsible person repair it; do not delete it, "
                    + "that would reset every subject's daily limit");
        } catch (IOException e) {
            closeQuietly(channel);
            return failed(dir, "ledger file " + file + " cannot be read (" + e + "); refusing to stimulate");
        }
    }

    private static DailyStimulationLedger failed(Path dir, String problem) {
        return new DailyStimulationLedger(dir, new TreeMap<>(), problem, null, null);
    }

    /** The ledger file this instance reads and writes. */
    public Path file() {
        return file;
    }

    /** Why the ledger is unavailable, or empty if it is usable. */
    public synchronized String problem() {
        return problem;
    }

    @Override
    public synchronized LedgerResult usedNs(String subjectCode, LocalDate day) {
        if (!problem.isEmpty()) {
            return LedgerResult.unavailable(problem);
        }
        if (lock == null || !lock.isValid()) {
            return LedgerResult.unavailable("ledger " + file + " is closed; refusing to stimulate");
        }
        return LedgerResult.used(usedNsByKey.getOrDefault(LedgerFileFormat.key(day, subjectCode), 0L));
    }

    @Override
    public synchronized LedgerResult add(String subjectCode, LocalDate day, long deltaNs) {
        LedgerResult current = usedNs(subjectCode, day);
        if (!current.ok()) {
            return current;
        }
        String key = LedgerFileFormat.key(day, subjectCode);
        long updated = Math.max(0, current.usedNs() + deltaNs);
        Map<String, Long> next = new TreeMap<>(usedNsByKey);
        next.put(key, updated);
        try {
            writeAtomically(LedgerFileFormat.format(next));
        } catch (IOException e) {
            return LedgerResult.unavailable("ledger file " + file + " cannot be written (" + e
                    + "); the recorded time is unchanged; refusing to stimulate");
        }
        usedNsByKey.put(key, updated);
        return LedgerResult.used(updated);
    }

    private void writeAtomically(byte[] content) throws IOException {
        Path tmp = directory.resolve(FILE_NAME + ".tmp");
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            out.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        // make the rename itself durable; some platforms cannot open a directory, where the rename is still atomic
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (AccessDeniedException | UnsupportedOperationException e) {
            // Windows: directories cannot be opened as channels; nothing more can be done there
        }
    }

    /** Releases the directory lock; afterwards every call reports the ledger as closed. */
    @Override
    public synchronized void close() {
        if (lock != null) {
            try {
                lock.release();
            } catch (IOException e) {
                // the lock dies with the channel below anyway
            }
        }
        closeQuietly(lockChannel);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // closing a lock file cannot lose ledger data
            }
        }
    }
}
