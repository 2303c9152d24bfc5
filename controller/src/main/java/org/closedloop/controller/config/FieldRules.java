package org.closedloop.controller.config;

import java.util.Set;
import java.util.regex.Pattern;
import org.closedloop.safety.plan.StimulationPlan;

/**
 * Shared structural rules of protocol fields (identifiers, labels, times). Not safety limits: those are in the
 * safety module and reach the author through {@link SafetyPlanCheck}.
 *
 * <p>Thread safety: stateless; thread safe.
 */
final class FieldRules {

    /** Ids of protocols, blocks, features and rules. */
    static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    static final String ID_RULE = "use 1-64 characters of [a-z0-9._-], starting with a letter or digit";
    /** Electrode and channel labels: the character set the safety module's {@code Electrode} accepts. */
    static final Pattern LABEL = Pattern.compile("[A-Za-z0-9._-]{1,16}");
    static final String LABEL_RULE = "use a 10-20 name such as \"C3\" (1-16 characters of [A-Za-z0-9._-])";
    /** The plan's structural bound on every time, in seconds (24 h). */
    static final double MAX_SECONDS = StimulationPlan.MAX_STRUCTURAL_DURATION_NS / 1e9;

    private FieldRules() {
    }

    /** Checks an id: present, well-formed, not seen before among {@code seen} (which it is added to). */
    static void id(ProblemList out, String path, String id, Set<String> seen) {
        if (id.isEmpty()) {
            out.missing(path, "required; " + ID_RULE);
        } else if (!ID.matcher(id).matches()) {
            out.add(path, ProblemList.quoted(id), ID_RULE);
        } else if (!seen.add(id)) {
            out.add(path, ProblemList.quoted(id), "used twice; ids must be unique");
        }
    }

    /** Checks a label: well-formed and not seen before among {@code seen} (which it is added to). */
    static void label(ProblemList out, String path, String label, Set<String> seen) {
        if (label.isEmpty()) {
            out.missing(path, "required; " + LABEL_RULE);
        } else if (!LABEL.matcher(label).matches()) {
            out.add(path, ProblemList.quoted(label), LABEL_RULE);
        } else if (!seen.add(label)) {
            out.add(path, ProblemList.quoted(label), "used twice; labels must be unique");
        }
    }

    /**
     * Checks a time in seconds: finite, {@code > 0} (or {@code >= 0} if {@code zeroAllowed}) and at most 24 h.
     *
     * @return whether it passed
     */
    static boolean seconds(ProblemList out, String path, double s, boolean zeroAllowed) {
        if (!Double.isFinite(s) || s < 0 || (!zeroAllowed && s == 0)) {
            out.add(path, s, zeroAllowed ? "must be a finite number of seconds >= 0" : "must be a finite number of seconds > 0");
            return false;
        }
        if (s > MAX_SECONDS) {
            out.add(path, s, "is more than 24 h; give the time in seconds");
            return false;
        }
        return true;
    }

    /** Seconds to nanoseconds, for times that passed {@link #seconds}. */
    static long toNanos(double seconds) {
        return Math.round(seconds * 1e9);
    }
}
