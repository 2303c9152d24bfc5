package org.closedloop.controller.doctor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.ToLongFunction;

/**
 * Free space for recordings. A full file system also stops the audit log and the daily stimulation ledger (which
 * then refuses stimulation), so the margins are generous for an SD card: FAIL below {@link #FAIL_BELOW_BYTES}, WARN
 * below {@link #WARN_BELOW_BYTES}. For scale: BDF stores 3 bytes per sample, so 8 channels at 250 Hz are 6 kB/s,
 * about 15 MB for a 40-minute session; a wired board at 16 kHz writes 64 times as much, about 0.9 GB.
 *
 * <p><b>Thread safety:</b> immutable.
 */
public final class DiskSpaceCheck implements DoctorCheck {
    /** Below 1 GiB free: FAIL. */
    public static final long FAIL_BELOW_BYTES = 1L << 30;
    /** Below 4 GiB free: WARN (a few high-rate sessions). */
    public static final long WARN_BELOW_BYTES = 4L << 30;

    private final Path dir;
    private final ToLongFunction<Path> usableBytes;

    /**
     * @param dir         the recordings directory; if it does not exist yet, its nearest existing parent is measured
     * @param usableBytes free bytes for this process on the file system of a path
     */
    public DiskSpaceCheck(Path dir, ToLongFunction<Path> usableBytes) {
        this.dir = dir;
        this.usableBytes = usableBytes;
    }

    /** Measures with {@link java.nio.file.FileStore#getUsableSpace()}. */
    public static DiskSpaceCheck of(Path dir) {
        return new DiskSpaceCheck(dir, p -> {
            try {
                return Files.getFileStore(p).getUsableSpace();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Override
    public String name() {
        return "disk space";
    }

    @Override
    public CheckResult run() {
        Path measured = dir.toAbsolutePath();
        while (!Files.exists(measured) && measured.getParent() != null) {
            measured = measured.getParent();
        }
        String where = measured.equals(dir.toAbsolutePath()) ? dir.toString()
                : dir + " (not created yet; measured at " + measured + ")";
        long free = usableBytes.applyAsLong(measured);
        String found = gib(free) + " free for recordings in " + where;
        String fix = "free space (old recordings: copy them off the Pi first, docs/operating.md), or record to a "
                + "larger disk, e.g. a USB SSD mounted over the recordings directory";
        if (free < FAIL_BELOW_BYTES) {
            return CheckResult.fail(name(), found + ": below " + gib(FAIL_BELOW_BYTES), fix);
        }
        if (free < WARN_BELOW_BYTES) {
            return CheckResult.warn(name(), found + ": below " + gib(WARN_BELOW_BYTES), fix);
        }
        return CheckResult.ok(name(), found);
    }

    private static String gib(long bytes) {
        return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
    }
}
