package org.closedloop.controller.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Against the real class path (the jars the distribution ships): jssc and pi4j carry their native libraries for
 * the Pi's two architectures.
 */
class NativeLibrariesCheckTest {

    private static final ClassLoader CL = NativeLibrariesCheckTest.class.getClassLoader();

    @Test
    void shouldFindSerialAndGpioLibrariesForArm64AndArmhf() {
        CheckResult arm64 = onThisClassPath("aarch64");
        assertEquals(CheckStatus.OK, arm64.status(), arm64.toString());
        assertTrue(arm64.detail().contains("natives/linux_arm64/libjssc.so"), arm64.detail());
        assertTrue(arm64.detail().contains("lib/aarch64/pi4j-gpiod/libpi4j-gpiod.so"), arm64.detail());
        CheckResult armhf = onThisClassPath("arm");
        assertEquals(CheckStatus.OK, armhf.status(), armhf.toString());
        assertTrue(armhf.detail().contains("lib/armhf/pi4j-gpiod/libpi4j-gpiod.so"), armhf.detail());
    }

    @Test
    void shouldWarnOnAPcWhichHasSerialButNoGpio() {
        CheckResult r = onThisClassPath("amd64");
        assertEquals(CheckStatus.WARN, r.status(), r.toString());
        assertTrue(r.detail().contains("no GPIO library"), r.detail());
    }

    @Test
    void shouldFailAnArchitectureWithoutASerialLibrary() {
        assertEquals(CheckStatus.FAIL, onThisClassPath("mips").status());
        // and a supported architecture whose jar is missing from lib/
        assertEquals(CheckStatus.FAIL, new NativeLibrariesCheck("aarch64", r -> false).run().status());
    }

    private static CheckResult onThisClassPath(String osArch) {
        return new NativeLibrariesCheck(osArch, r -> CL.getResource(r) != null).run();
    }
}
