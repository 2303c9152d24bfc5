package org.closedloop.controller.doctor;

/**
 * Outcome of one check, from good to bad.
 *
 * <p><b>Thread safety:</b> immutable.
 */
public enum CheckStatus {
    /** Ready. */
    OK,
    /** Works, but something is worth a look before a session (the detail says what). */
    WARN,
    /** Not ready: a session would fail or run with a known defect; {@code closedloop doctor} exits 1. */
    FAIL
}
