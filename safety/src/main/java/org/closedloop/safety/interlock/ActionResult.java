package org.closedloop.safety.interlock;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.closedloop.safety.Violation;

/**
 * The answer to an operator or loop action (arm, start, stop, reset): accepted or refused, the state afterwards, the
 * reason and every violated rule.
 *
 * <p>Thread safety: immutable.
 *
 * @param accepted   whether the action took effect
 * @param state      the interlock state after the action
 * @param reason     why, in words
 * @param violations the violated rules (empty if accepted)
 */
public record ActionResult(boolean accepted, InterlockState state, String reason, List<Violation> violations) {

    public ActionResult {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(reason, "reason");
        violations = List.copyOf(violations);
    }

    /** Whether the given rule is among the violations. */
    public boolean violates(org.closedloop.safety.SafetyRule rule) {
        return violations.stream().anyMatch(v -> v.rule() == rule);
    }

    @Override
    public String toString() {
        return (accepted ? "accepted" : "refused") + " state=" + state + " " + reason
                + (violations.isEmpty() ? "" : " [" + violations.stream().map(Violation::message)
                .collect(Collectors.joining("; ")) + "]");
    }
}
