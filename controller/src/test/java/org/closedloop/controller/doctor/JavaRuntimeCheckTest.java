package org.closedloop.controller.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class JavaRuntimeCheckTest {

    @Test
    void shouldPassSeventeenAndFailSixteen() {
        assertEquals(CheckStatus.OK, java(17).run().status());
        assertEquals(CheckStatus.OK, java(21).run().status());
        CheckResult r = java(16).run();
        assertEquals(CheckStatus.FAIL, r.status());
        assertTrue(r.detail().endsWith("version=16 is older than 17"), r.detail());
        assertTrue(r.fix().startsWith("sudo apt-get install openjdk-17-jre-headless"), r.fix());
    }

    @Test
    void shouldPassTheJavaRunningTheTests() {
        assertEquals(CheckStatus.OK, JavaRuntimeCheck.ofThisJvm().run().status());
    }

    private static JavaRuntimeCheck java(int feature) {
        return new JavaRuntimeCheck(feature, feature + ".0.1", "Debian", "/usr/lib/jvm/java");
    }
}
