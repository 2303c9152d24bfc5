package org.closedloop.safety.ledger;

import java.util.Objects;

/**
 * The answer of a {@link StimulationLedger}: either the subject's stimulation time for the day, or why the ledger
 * is unavailable (which denies stimulation).
 *
 * <p>Thread safety: immutable.
 *
 * @param ok      whether the ledger answered; if false, stimulation must be refused
 * @param usedNs  the stimulation time recorded for the subject and day, in ns (0 if not ok)
 * @param problem why the ledger is unavailable, naming the file; empty if ok
 */
public record LedgerResult(boolean ok, long usedNs, String problem) {

    public LedgerResult {
        Objects.requireNonNull(problem, "problem");
    }

    /** A successful answer. */
    public static LedgerResult used(long usedNs) {
        return new LedgerResult(true, usedNs, "");
    }

    /** The ledger cannot answer; {@code problem} says why and names the file. */
    public static LedgerResult unavailable(String problem) {
        return new LedgerResult(false, 0, problem);
    }
}
