package org.closedloop.safety.interlock;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.closedloop.safety.ledger.LedgerResult;
import org.closedloop.safety.ledger.StimulationLedger;

/** An in-memory ledger for tests; can be told to fail. Never for use with a person: it forgets on restart. */
final class MemoryLedger implements StimulationLedger {

    final Map<String, Long> usedNs = new HashMap<>();
    String failure = "";

    @Override
    public LedgerResult usedNs(String subjectCode, LocalDate day) {
        if (!failure.isEmpty()) {
            return LedgerResult.unavailable(failure);
        }
        return LedgerResult.used(usedNs.getOrDefault(day + " " + subjectCode, 0L));
    }

    @Override
    public LedgerResult add(String subjectCode, LocalDate day, long deltaNs) {
        if (!failure.isEmpty()) {
            return LedgerResult.unavailable(failure);
        }
        long v = Math.max(0, usedNs.getOrDefault(day + " " + subjectCode, 0L) + deltaNs);
        usedNs.put(day + " " + subjectCode, v);
        return LedgerResult.used(v);
    }

    long used(String subjectCode, LocalDate day) {
        return usedNs.getOrDefault(day + " " + subjectCode, 0L);
    }
}
