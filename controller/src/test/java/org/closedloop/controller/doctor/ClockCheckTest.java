package org.closedloop.controller.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ClockCheckTest {

    private static final Instant RELEASED = Instant.parse("2026-11-24T00:00:00Z");

    @Test
    void shouldFailAClockBeforeTheReleaseEvenWhenSynchronised() throws Exception {
        try (FakeHost host = new FakeHost()) {
            synchronised(host);
            CheckResult r = new ClockCheck(host.roots.run(), RELEASED.minusNanos(1), RELEASED, ZoneOffset.UTC).run();
            assertEquals(CheckStatus.FAIL, r.status(), r.toString());
            assertTrue(r.detail().contains("daily stimulation limit"), r.detail());
            assertTrue(r.fix().contains("sudo date -s"), r.fix());
        }
    }

    @Test
    void shouldPassASynchronisedClockFromTheReleaseOn() throws Exception {
        try (FakeHost host = new FakeHost()) {
            synchronised(host);
            CheckResult r = new ClockCheck(host.roots.run(), RELEASED, RELEASED, ZoneOffset.UTC).run();
            assertEquals(CheckStatus.OK, r.status(), r.toString());
            assertEquals("2026-11-24 00:00:00 Z, synchronised by systemd-timesyncd since boot", r.detail());
        }
    }

    @Test
    void shouldWarnWhenNothingSaysTheClockWasSynchronised() throws Exception {
        try (FakeHost host = new FakeHost()) {
            CheckResult r = new ClockCheck(host.roots.run(), RELEASED.plusSeconds(86400), RELEASED, ZoneOffset.UTC).run();
            assertEquals(CheckStatus.WARN, r.status(), r.toString());
            assertTrue(r.detail().contains("no battery-backed clock"), r.detail());
        }
    }

    @Test
    void shouldOnlyLookAtSynchronisationWhenTheReleaseDateIsUnknown() throws Exception {
        try (FakeHost host = new FakeHost()) {
            synchronised(host);
            assertEquals(CheckStatus.OK, new ClockCheck(host.roots.run(), Instant.EPOCH, null, ZoneOffset.UTC).run()
                    .status());
        }
    }

    private static void synchronised(FakeHost host) throws Exception {
        // systemd-timesyncd touches this empty file once it has synchronised
        Files.createDirectories(host.roots.run().resolve("systemd/timesync"));
        Files.createFile(host.roots.run().resolve("systemd/timesync/synchronized"));
    }
}
