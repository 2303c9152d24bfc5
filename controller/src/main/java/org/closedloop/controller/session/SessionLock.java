package org.closedloop.controller.session;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.closedloop.controller.daemon.SessionGuard;

/**
 * The lock a running session holds on {@code session.lock} in the protocol store: one session per store at a time,
 * and the protocol daemon refuses uploads while it is held ({@link #guard(Path)}). The lock is an OS file lock
 * ({@code fcntl}), so it is released when the session's process dies, however it dies; the file's content (which
 * session, since when) is only for messages.
 *
 * <p><b>Thread safety:</b> {@link #guard(Path)}'s guard is thread safe; a held lock is owned by the session.
 */
public final class SessionLock implements AutoCloseable {
    /** The lock file's name in the protocol store's directory. */
    public static final String FILE_NAME = "session.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private SessionLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock or says who holds it.
     *
     * @param description one line naming the session (protocol, subject, start time, pid), shown to whoever is refused
     * @throws IOException naming the holder if another session runs
     */
    public static SessionLock acquire(Path file, String description) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock l;
        try {
            l = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            l = null;
        }
        if (l == null) {
            String holder = read(ch);
            ch.close();
            throw new IOException("another session is running (" + file + ": " + holder + "); stop it first");
        }
        ch.truncate(0);
        ch.write(ByteBuffer.wrap((description.replace('\n', ' ') + "\n").getBytes(StandardCharsets.UTF_8)), 0);
        ch.force(true);
        return new SessionLock(ch, l);
    }

    /** A guard for the daemon: uploads are blocked while any process holds the lock on {@code file}. */
    public static SessionGuard guard(Path file) {
        return () -> {
            if (!Files.exists(file)) {
                return Optional.empty();
            }
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                FileLock probe;
                try {
                    probe = ch.tryLock();
                } catch (OverlappingFileLockException e) {
                    probe = null; // held by this very process
                }
                if (probe != null) {
                    probe.release();
                    return Optional.empty();
                }
                return Optional.of("a stimulation session is running (" + read(ch) + ")");
            } catch (IOException e) {
                // fail closed: if we cannot tell, do not change protocols under a possible session
                return Optional.of("cannot check the session lock " + file + ": " + e.getMessage());
            }
        };
    }

    private static String read(FileChannel ch) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(512);
        int n = ch.read(b, 0);
        return n <= 0 ? "no details" : new String(b.array(), 0, n, StandardCharsets.UTF_8).trim();
    }

    /** Releases the lock (the file stays; an unlocked file means no session). */
    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
