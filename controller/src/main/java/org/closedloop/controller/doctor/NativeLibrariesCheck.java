package org.closedloop.controller.doctor;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The native libraries shipped inside the jars for this machine's architecture ({@code os.arch}): jssc's serial
 * library (needed for any serial port) and pi4j's libgpiod binding (needed for the safety lines on a Pi). Both ship
 * builds for {@code aarch64} (Raspberry Pi OS 64-bit) and {@code arm} (armhf, Raspberry Pi OS 32-bit); a PC has
 * jssc's but no GPIO library, which is expected there (the simulator needs no GPIO).
 *
 * <p><b>Thread safety:</b> immutable.
 */
public final class NativeLibrariesCheck implements DoctorCheck {

    private final String osArch;
    private final Predicate<String> resourceExists;

    /**
     * @param osArch         the JVM's {@code os.arch}, e.g. {@code aarch64}, {@code arm}, {@code amd64}
     * @param resourceExists whether a class-path resource exists, e.g. {@code natives/linux_arm64/libjssc.so}
     */
    public NativeLibrariesCheck(String osArch, Predicate<String> resourceExists) {
        this.osArch = osArch;
        this.resourceExists = resourceExists;
    }

    /** This JVM's architecture and class path. */
    public static NativeLibrariesCheck ofThisJvm() {
        ClassLoader cl = NativeLibrariesCheck.class.getClassLoader();
        return new NativeLibrariesCheck(System.getProperty("os.arch", "?"), r -> cl.getResource(r) != null);
    }

    /** Resource of jssc 2.10's library for an {@code os.arch}, or null if jssc has none. */
    static String jsscResource(String osArch) {
        return switch (osArch) {
            case "aarch64", "arm64" -> "natives/linux_arm64/libjssc.so";
            case "arm" -> "natives/linux_arm/libjssc.so"; // hard-float ARMv6+, i.e. armhf
            case "amd64", "x86_64" -> "natives/linux_64/libjssc.so";
            case "x86", "i386", "i686" -> "natives/linux_32/libjssc.so";
            default -> null;
        };
    }

    /** Resource of pi4j 2.8's libgpiod binding for an {@code os.arch} (pi4j maps arm to armhf), or null. */
    static String gpiodResource(String osArch) {
        return switch (osArch) {
            case "aarch64", "arm64" -> "lib/aarch64/pi4j-gpiod/libpi4j-gpiod.so";
            case "arm" -> "lib/armhf/pi4j-gpiod/libpi4j-gpiod.so";
            default -> null;
        };
    }

    @Override
    public String name() {
        return "native libraries";
    }

    @Override
    public CheckResult run() {
        String jssc = jsscResource(osArch);
        String gpiod = gpiodResource(osArch);
        List<String> found = new ArrayList<>();
        if (jssc == null || !resourceExists.test(jssc)) {
            return CheckResult.fail(name(), "os.arch=" + osArch + ": no serial library (jssc) for this architecture"
                    + (jssc == null ? "" : ": " + jssc + " is not on the class path"),
                    "use Raspberry Pi OS 64-bit (arm64) or 32-bit (armhf) with its own Java 17 "
                    + "(openjdk-17-jre-headless), and the complete lib/ directory of the distribution");
        }
        found.add("serial " + jssc);
        if (gpiod == null || !resourceExists.test(gpiod)) {
            return CheckResult.warn(name(), "os.arch=" + osArch + ": " + String.join(", ", found)
                    + "; no GPIO library for this architecture, so no safety lines here: fine on a PC with the "
                    + "simulator, but a real stimulator is refused",
                    "on the bench, run on a Raspberry Pi with Raspberry Pi OS arm64 or armhf");
        }
        found.add("GPIO " + gpiod);
        return CheckResult.ok(name(), "os.arch=" + osArch + ": " + String.join(", ", found));
    }
}
