package org.closedloop.safety.ledger;

import java.time.LocalDate;

/**
 * Stimulation time per subject code per calendar day. The production implementation is
 * {@link DailyStimulationLedger}; tests may supply an in-memory one.
 *
 * <p>Implementations must fail safe: if the stored state cannot be trusted, every call returns
 * {@link LedgerResult#unavailable(String)}; they must never silently start again from zero. Methods return results
 * rather than throwing.
 *
 * <p>Thread safety: implementations must at least be safe for use from the interlock's owner thread.
 */
public interface StimulationLedger {

    /** The stimulation time recorded for {@code subjectCode} on {@code day}. */
    LedgerResult usedNs(String subjectCode, LocalDate day);

    /**
     * Adds {@code deltaNs} (negative to give back an unused reservation; the total never goes below 0) and makes the
     * new total durable before returning. On failure the recorded total is unchanged.
     *
     * @return the new total, or why it could not be recorded
     */
    LedgerResult add(String subjectCode, LocalDate day, long deltaNs);
}
