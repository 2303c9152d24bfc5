package org.closedloop.controller.doctor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A fake {@code /sys}, {@code /dev}, {@code /proc}, {@code /run} under a temp directory, shaped like a Raspberry Pi
 * with an OpenBCI dongle on ttyUSB0. Tests add only the files their check reads.
 */
final class FakeHost implements AutoCloseable {
    final Path root;
    final HostRoots roots;

    FakeHost() throws IOException {
        root = Files.createTempDirectory(Path.of("/tmp"), "doctor");
        roots = HostRoots.under(root);
        for (Path p : new Path[] {roots.sys(), roots.dev(), roots.proc(), roots.run()}) {
            Files.createDirectories(p);
        }
    }

    /** {@code <dev>/name}, an empty regular file standing for a device node. */
    Path devFile(String name) throws IOException {
        Path p = roots.dev().resolve(name);
        Files.createDirectories(p.getParent());
        return Files.createFile(p);
    }

    /** {@code <dev>/name} as a symbolic link to {@code target} (relative targets as udev makes them). */
    Path devLink(String name, Path target) throws IOException {
        Path p = roots.dev().resolve(name);
        Files.createDirectories(p.getParent());
        return Files.createSymbolicLink(p, target);
    }

    /** {@code <sys>/bus/usb-serial/devices/<tty>/}, with a latency_timer file if {@code ms} is not null. */
    void usbSerial(String tty, String latencyTimer) throws IOException {
        Path dir = Files.createDirectories(roots.sys().resolve("bus/usb-serial/devices").resolve(tty));
        if (latencyTimer != null) {
            Files.writeString(dir.resolve("latency_timer"), latencyTimer, StandardCharsets.US_ASCII);
        }
    }

    /** A file under {@code root}, parents created. */
    Path write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    /** The effective user id of this test process: the owner of a file it creates. */
    static int myUid() throws IOException {
        Path probe = Files.createTempFile(Path.of("/tmp"), "uid", "");
        try {
            return (Integer) Files.getAttribute(probe, "unix:uid");
        } finally {
            Files.delete(probe);
        }
    }

    @Override
    public void close() throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
