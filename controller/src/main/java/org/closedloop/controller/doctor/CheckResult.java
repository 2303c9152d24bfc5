package org.closedloop.controller.doctor;

import java.util.Objects;

/**
 * What one check found.
 *
 * <p><b>Thread safety:</b> immutable.
 *
 * @param name   short name of the check, e.g. {@code "eeg port"}
 * @param status OK, WARN or FAIL
 * @param detail what was found, with paths and values
 * @param fix    what to do about a WARN or FAIL, as commands where possible; empty for OK
 */
public record CheckResult(String name, CheckStatus status, String detail, String fix) {

    public CheckResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(fix, "fix");
        if (status != CheckStatus.OK && fix.isBlank()) {
            throw new IllegalArgumentException("check " + name + ": status=" + status + " needs a fix for the user");
        }
    }

    /** A passed check. */
    public static CheckResult ok(String name, String detail) {
        return new CheckResult(name, CheckStatus.OK, detail, "");
    }

    /** A check that found something worth a look; {@code fix} must not be blank. */
    public static CheckResult warn(String name, String detail, String fix) {
        return new CheckResult(name, CheckStatus.WARN, detail, fix);
    }

    /** A failed check; {@code fix} must not be blank. */
    public static CheckResult fail(String name, String detail, String fix) {
        return new CheckResult(name, CheckStatus.FAIL, detail, fix);
    }
}
