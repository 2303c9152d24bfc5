package org.closedloop.safety.interlock;

import static org.closedloop.safety.SafetyLimits.MAX_IMPEDANCE_AGE_NS;
import static org.closedloop.safety.SafetyLimits.MAX_IMPEDANCE_AGE_SECONDS;
import static org.closedloop.safety.SafetyLimits.MAX_IMPEDANCE_TO_START_OHMS;

import java.util.Arrays;
import java.util.List;
import org.closedloop.safety.SafetyRule;
import org.closedloop.safety.Violation;

/**
 * The latest impedance measurement of each stimulator channel, for the start check.
 *
 * <p>Thread safety: not thread safe; owned by the interlock's owner thread.
 */
final class ImpedanceRecords {

    private final long[] ohms;
    private final long[] measuredAtNs;
    private final boolean[] present;

    ImpedanceRecords(int channels) {
        ohms = new long[channels];
        measuredAtNs = new long[channels];
        present = new boolean[channels];
    }

    int capacity() {
        return present.length;
    }

    void record(int channel, long impedanceOhms, long atNs) {
        ohms[channel] = impedanceOhms;
        measuredAtNs[channel] = atNs;
        present[channel] = true;
    }

    /** Forgets every measurement, so that a new one is needed before the next start. */
    void clear() {
        Arrays.fill(present, false);
    }

    /** Adds a violation for every channel of the session without a fresh measurement at or below the start limit. */
    void checkForStart(Session session, long nowNs, List<Violation> out) {
        for (int c = 0; c < session.channels; c++) {
            String where = "electrode=" + session.labels[c];
            if (!present[c]) {
                out.add(Violation.described(SafetyRule.IMPEDANCE_AT_START, where,
                        "no impedance measured; measure every electrode before starting"));
                continue;
            }
            long ageNs = nowNs - measuredAtNs[c];
            if (ageNs < 0 || ageNs > MAX_IMPEDANCE_AGE_NS) {
                out.add(Violation.of(SafetyRule.IMPEDANCE_AGE, where, ageNs / 1e9, MAX_IMPEDANCE_AGE_SECONDS, "s",
                        ageNs < 0 ? "measurement time is in the future" : "measure again"));
            }
            if (ohms[c] > MAX_IMPEDANCE_TO_START_OHMS) {
                out.add(Violation.of(SafetyRule.IMPEDANCE_AT_START, where, ohms[c], MAX_IMPEDANCE_TO_START_OHMS, "Ω"));
            }
        }
    }
}
