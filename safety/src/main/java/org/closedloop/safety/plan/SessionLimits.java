package org.closedloop.safety.plan;

import org.closedloop.safety.SafetyLimits;

/**
 * Optional limits of one protocol that are stricter than the hard limits in {@link SafetyLimits}. They can only
 * tighten: {@link PlanChecker} refuses a plan whose session limits are looser than the hard limits
 * ({@code session_limit} rule), rather than silently ignoring them.
 *
 * <p>Thread safety: immutable.
 *
 * @param maxDurationNs          longest stimulation run (the plan's duration), in ns; all runs of a session together
 *                               are held to {@link SafetyLimits#MAX_SESSION_STIMULATION_NS}
 * @param maxAmplitudeMicroAmps  highest peak current of any electrode, in µA
 * @param maxChargeMicrocoulombs most charge delivered in the session, all its runs together (∫ total injected
 *                               current dt), in µC
 */
public record SessionLimits(long maxDurationNs, int maxAmplitudeMicroAmps, long maxChargeMicrocoulombs) {

    /** No limits beyond the hard ones. */
    public static final SessionLimits HARD_LIMITS = new SessionLimits(SafetyLimits.MAX_SESSION_STIMULATION_NS,
            SafetyLimits.MAX_ELECTRODE_CURRENT_MICROAMPS, SafetyLimits.MAX_SESSION_CHARGE_MILLICOULOMBS * 1_000L);

    public SessionLimits {
        if (maxDurationNs <= 0 || maxAmplitudeMicroAmps <= 0 || maxChargeMicrocoulombs <= 0) {
            throw new IllegalArgumentException("session limits must be positive: maxDurationNs=" + maxDurationNs
                    + " maxAmplitudeMicroAmps=" + maxAmplitudeMicroAmps
                    + " maxChargeMicrocoulombs=" + maxChargeMicrocoulombs);
        }
    }

    /** The session's charge limit in µC: this one or the hard limit, whichever is stricter. */
    public long chargeLimitMicrocoulombs() {
        return Math.min(SafetyLimits.MAX_SESSION_CHARGE_MILLICOULOMBS * 1_000L, maxChargeMicrocoulombs);
    }

    /** These limits with the session duration limited to {@code ns}. */
    public SessionLimits withMaxDurationNs(long ns) {
        return new SessionLimits(ns, maxAmplitudeMicroAmps, maxChargeMicrocoulombs);
    }

    /** These limits with the peak current of every electrode limited to {@code microAmps}. */
    public SessionLimits withMaxAmplitudeMicroAmps(int microAmps) {
        return new SessionLimits(maxDurationNs, microAmps, maxChargeMicrocoulombs);
    }

    /** These limits with the session's delivered charge limited to {@code microcoulombs}. */
    public SessionLimits withMaxChargeMicrocoulombs(long microcoulombs) {
        return new SessionLimits(maxDurationNs, maxAmplitudeMicroAmps, microcoulombs);
    }
}
