package org.closedloop.sim.pty;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stable name for a device whose real path changes, like the symlinks udev makes under {@code /dev/serial/by-id}:
 * it points at the current {@code /dev/pts/N}, is removed when the device goes away and is replaced atomically
 * (a temporary symlink renamed over it, so an opener sees the old target or the new one, never nothing) when the
 * device comes back.
 *
 * <p><b>Thread safety:</b> thread safe (methods are synchronized); only symbolic links are ever replaced or deleted.
 */
public final class StableLink {
    private static final AtomicLong TEMP_COUNTER = new AtomicLong();

    private final Path linkPath;

    private StableLink(Path linkPath) {
        this.linkPath = linkPath;
    }

    /**
     * Claims {@code linkPath}. A leftover symlink (e.g. from a crashed run) is accepted and will be replaced.
     *
     * @throws IOException if the parent directory does not exist, or if {@code linkPath} exists and is not a
     *                     symbolic link (it is never overwritten then)
     */
    public static StableLink claim(Path linkPath) throws IOException {
        Path abs = linkPath.toAbsolutePath();
        Path parent = abs.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new NoSuchFileException(abs.toString(), null,
                    "linkPath=" + linkPath + ": parent directory does not exist; create it or choose another path");
        }
        if (Files.exists(abs, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(abs)) {
            throw new FileAlreadyExistsException(abs.toString(), null,
                    "linkPath=" + linkPath + ": exists and is not a symbolic link; remove it or choose another path");
        }
        return new StableLink(abs);
    }

    /** The link's own path. */
    public Path path() {
        return linkPath;
    }

    /** Makes the link point at {@code target}, atomically replacing any previous link. */
    public synchronized void pointTo(Path target) throws IOException {
        Path temp = linkPath.resolveSibling("." + linkPath.getFileName() + ".tmp-" + ProcessHandle.current().pid()
                + "-" + TEMP_COUNTER.incrementAndGet());
        Files.createSymbolicLink(temp, target);
        try {
            // ATOMIC_MOVE is rename(2) on Linux, which replaces an existing link in one step.
            Files.move(temp, linkPath, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    /** Removes the link if it is (still) a symbolic link; a missing link is fine. */
    public synchronized void remove() throws IOException {
        if (Files.isSymbolicLink(linkPath)) {
            Files.deleteIfExists(linkPath);
        }
    }
}
