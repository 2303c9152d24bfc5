package org.closedloop.controller.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.closedloop.safety.Violation;

/**
 * Collects problems in the order found, dropping exact duplicates (the same safety rule broken by several variants
 * of one block). Also the one place that formats values for messages.
 *
 * <p>Thread safety: not thread safe; used by one validation run.
 */
final class ProblemList {
    private final Set<Problem> problems = new LinkedHashSet<>();

    void add(String path, String value, String message) {
        problems.add(new Problem(path, value, message));
    }

    void add(String path, double value, String message) {
        add(path, format(value), message);
    }

    void missing(String path, String message) {
        add(path, Problem.MISSING, message);
    }

    /** Whether a problem was reported at {@code path} or below it. */
    boolean hasAtOrBelow(String path) {
        for (Problem p : problems) {
            if (p.path().equals(path) || p.path().startsWith(path + ".") || p.path().startsWith(path + "[")) {
                return true;
            }
        }
        return false;
    }

    List<Problem> toList() {
        return List.copyOf(new ArrayList<>(problems));
    }

    /** Plain decimal without exponent or trailing zeros, as an author would write it: 300, 0.5, 1200. */
    static String format(double v) {
        return Violation.format(v);
    }

    /** A string value in quotes, as in text format. */
    static String quoted(String s) {
        return "\"" + s + "\"";
    }
}
