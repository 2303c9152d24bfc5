package org.closedloop.controller.doctor;

/**
 * One readiness check. It only reads the system; it reports a problem as a WARN or FAIL result with a fix rather
 * than throwing ({@link Doctor} turns an unexpected exception into a FAIL naming the check).
 *
 * <p><b>Thread safety:</b> implementations are immutable and may run on any thread.
 */
public interface DoctorCheck {

    /** Short name shown in the report, e.g. {@code "latency timer"}. */
    String name();

    /** Runs the check. */
    CheckResult run() throws Exception;
}
