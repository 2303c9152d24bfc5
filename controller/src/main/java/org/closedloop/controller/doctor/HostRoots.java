package org.closedloop.controller.doctor;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the checks find the kernel's and systemd's files: {@code /sys}, {@code /dev}, {@code /proc}, {@code /run}
 * on a real system, directories of a fake tree in the tests.
 *
 * <p><b>Thread safety:</b> immutable.
 *
 * @param sys  sysfs, e.g. {@code /sys} ({@code bus/usb-serial/devices/ttyUSB0/latency_timer})
 * @param dev  devices, e.g. {@code /dev} ({@code gpiochip0})
 * @param proc procfs, e.g. {@code /proc} ({@code self/status}, {@code device-tree/model})
 * @param run  runtime state, e.g. {@code /run} ({@code systemd/timesync/synchronized})
 */
public record HostRoots(Path sys, Path dev, Path proc, Path run) {

    public HostRoots {
        Objects.requireNonNull(sys, "sys");
        Objects.requireNonNull(dev, "dev");
        Objects.requireNonNull(proc, "proc");
        Objects.requireNonNull(run, "run");
    }

    /** The real system's roots. */
    public static HostRoots system() {
        return new HostRoots(Path.of("/sys"), Path.of("/dev"), Path.of("/proc"), Path.of("/run"));
    }

    /** {@code sys}, {@code dev}, {@code proc} and {@code run} under one directory (a fake tree). */
    public static HostRoots under(Path root) {
        return new HostRoots(root.resolve("sys"), root.resolve("dev"), root.resolve("proc"), root.resolve("run"));
    }
}
