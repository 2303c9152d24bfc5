package org.closedloop.controller.doctor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * The wall clock can be trusted. It dates recordings and the audit log, and the daily stimulation limit counts per
 * calendar day (safety case, section 1). A Raspberry Pi has no battery-backed clock (a Pi 5 has one only with its
 * battery fitted): after a boot without network it starts from the time saved at the last shutdown, which can be
 * days old. Two tests, from files only:
 * <ul>
 *   <li>FAIL if the clock is before this release of the software was made (it is certainly wrong);</li>
 *   <li>OK if systemd-timesyncd says it synchronised since boot ({@code /run/systemd/timesync/synchronized});
 *       otherwise WARN: the clock may be right, but nothing vouches for it (chrony or another NTP client: check it
 *       by hand, e.g. {@code chronyc tracking}).</li>
 * </ul>
 *
 * <p><b>Thread safety:</b> immutable.
 */
public final class ClockCheck implements DoctorCheck {

    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z");

    private final Path runRoot;
    private final Instant now;
    private final Instant releasedAt;
    private final ZoneId zone;

    /**
     * @param runRoot    {@code /run}
     * @param now        the wall clock's reading
     * @param releasedAt when this release was made, or null if unknown (the first test is then skipped)
     * @param zone       the local time zone, for the report
     */
    public ClockCheck(Path runRoot, Instant now, Instant releasedAt, ZoneId zone) {
        this.runRoot = runRoot;
        this.now = now;
        this.releasedAt = releasedAt;
        this.zone = zone;
    }

    @Override
    public String name() {
        return "clock";
    }

    @Override
    public CheckResult run() {
        String shown = SHOWN.format(now.atZone(zone));
        if (releasedAt != null && now.isBefore(releasedAt)) {
            return CheckResult.fail(name(), "the clock reads " + shown + ", before this software was released ("
                    + SHOWN.format(releasedAt.atZone(zone)) + "): it is wrong, and recordings, the audit log and the "
                    + "daily stimulation limit would use a wrong date", setIt());
        }
        Path synced = runRoot.resolve("systemd/timesync/synchronized");
        if (Files.exists(synced)) {
            return CheckResult.ok(name(), shown + ", synchronised by systemd-timesyncd since boot");
        }
        return CheckResult.warn(name(), shown + ": not known to be synchronised (no " + synced + "); a Raspberry Pi "
                + "has no battery-backed clock and resumes from the time of its last shutdown", setIt());
    }

    private static String setIt() {
        return "compare with a watch; give the Pi a network with NTP once (sudo timedatectl set-ntp true), or set it by "
                + "hand: sudo date -s 'YYYY-MM-DD HH:MM:SS'; an RTC module (or a Pi 5's battery) keeps it across "
                + "power cuts. With chrony instead of systemd-timesyncd, check: chronyc tracking";
    }
}
