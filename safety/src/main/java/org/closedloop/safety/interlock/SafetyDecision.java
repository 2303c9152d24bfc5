package org.closedloop.safety.interlock;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.closedloop.safety.Violation;

/**
 * One decision of the interlock, for the audit log.
 *
 * <p>Thread safety: immutable.
 *
 * @param timeNs     when, on the injected clock
 * @param kind       what was decided
 * @param fromState  the state before
 * @param toState    the state after
 * @param operator   the operator who asked, or empty for the loop, a timer or a hazard
 * @param reason     why, in words
 * @param violations the violated rules, if any
 */
public record SafetyDecision(long timeNs, DecisionKind kind, InterlockState fromState, InterlockState toState,
                             String operator, String reason, List<Violation> violations) {

    public SafetyDecision {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(fromState, "fromState");
        Objects.requireNonNull(toState, "toState");
        Objects.requireNonNull(operator, "operator");
        Objects.requireNonNull(reason, "reason");
        violations = List.copyOf(violations);
    }

    /** One line for a log: {@code t=... KIND FROM->TO operator=... reason [violations]}. */
    public String message() {
        StringBuilder b = new StringBuilder("t=").append(timeNs).append(' ').append(kind).append(' ')
                .append(fromState).append("->").append(toState);
        if (!operator.isEmpty()) {
            b.append(" operator=").append(operator);
        }
        b.append(' ').append(reason);
        if (!violations.isEmpty()) {
            b.append(" [").append(violations.stream().map(Violation::message).collect(Collectors.joining("; ")))
                    .append(']');
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return message();
    }
}
