package org.closedloop.controller.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DoctorTest {

    @Test
    void shouldTurnACheckThatThrowsIntoAFailAndRunTheOthers() {
        DoctorCheck broken = new DoctorCheck() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public CheckResult run() {
                throw new IllegalStateException("boom");
            }
        };
        List<CheckResult> results = Doctor.run(List.of(broken, new JavaRuntimeCheck(17, "17", "v", "h")));
        assertEquals(2, results.size());
        assertEquals(CheckStatus.FAIL, results.get(0).status());
        assertTrue(results.get(0).detail().contains("java.lang.IllegalStateException: boom"), results.get(0).detail());
        assertEquals(CheckStatus.OK, results.get(1).status());
        assertEquals(CheckStatus.FAIL, Doctor.worst(results));
    }

    @Test
    void shouldReportTheWorstStatus() {
        CheckResult ok = CheckResult.ok("a", "fine");
        CheckResult warn = CheckResult.warn("b", "hm", "look");
        assertEquals(CheckStatus.OK, Doctor.worst(List.of()));
        assertEquals(CheckStatus.OK, Doctor.worst(List.of(ok)));
        assertEquals(CheckStatus.WARN, Doctor.worst(List.of(ok, warn, ok)));
    }

    @Test
    void shouldRefuseAProblemWithoutAFix() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CheckResult("x", CheckStatus.WARN, "d", " "));
        assertEquals("check x: status=WARN needs a fix for the user", e.getMessage());
    }
}
