package org.closedloop.safety.plan;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One electrode of a plan: its label (10-20 name such as {@code F3}), its contact area and its role.
 *
 * <p>The area is not validated here, so that a missing area ({@link #AREA_NOT_DECLARED}), a zero, negative or
 * non-finite one can be represented and refused by {@link PlanChecker} with the {@code electrode_area} rule.
 *
 * <p>Thread safety: immutable.
 *
 * @param label   1–16 characters of {@code [A-Za-z0-9._-]}
 * @param areaCm2 contact area in cm² (the sponge or gel contact, not the connector)
 * @param role    what the electrode is for
 */
public record Electrode(String label, double areaCm2, ElectrodeRole role) {

    /** The area of an electrode that did not declare one; {@link PlanChecker} refuses it. */
    public static final double AREA_NOT_DECLARED = 0.0;

    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9._-]{1,16}");

    public Electrode {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(role, "role");
        if (!LABEL.matcher(label).matches()) {
            throw new IllegalArgumentException("electrode label=\"" + label
                    + "\" is invalid: use 1-16 characters of [A-Za-z0-9._-], e.g. F3");
        }
    }
}
