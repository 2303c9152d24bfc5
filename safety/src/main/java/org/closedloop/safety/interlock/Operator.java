package org.closedloop.safety.interlock;

import java.util.Objects;

/**
 * The identity of a person at the console. Arming and resetting need one; the loop-facing API
 * ({@link LoopFacet}) has no method that takes it, so the closed loop cannot arm or reset.
 *
 * <p>Thread safety: immutable.
 *
 * @param name the operator's name or login: 1–64 printable characters, not blank
 */
public record Operator(String name) {

    public Operator {
        Objects.requireNonNull(name, "name");
        if (name.isBlank() || name.length() > 64 || name.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("operator name=\"" + name
                    + "\" is invalid: give the operator's name, 1-64 printable characters");
        }
    }

    /** The operator with this name. */
    public static Operator named(String name) {
        return new Operator(name);
    }
}
