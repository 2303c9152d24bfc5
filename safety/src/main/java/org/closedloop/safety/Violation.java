package org.closedloop.safety;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One violated safety rule: which rule, where (an electrode, a component, a field, a channel and sample), the
 * offending value and the limit, in one unit. {@link #message()} gives the human-readable form, e.g.
 * {@code peak_current electrode=F3 value=3000 µA limit=2000 µA}.
 *
 * <p>A violation without numbers (e.g. an unreadable ledger) has {@code numeric == false} and carries its
 * explanation in {@code detail}.
 *
 * <p>Thread safety: immutable.
 *
 * @param rule     the violated rule
 * @param location where, as {@code key=value} words ({@code electrode=F3}, {@code component=0}, {@code field=rampUpNs},
 *                 {@code channel=1 sample=7}); empty for the plan or action as a whole
 * @param numeric  whether {@code value} and {@code limit} are meaningful
 * @param value    the offending value, in {@code unit}
 * @param limit    the limit it broke, in {@code unit}
 * @param unit     the unit of {@code value} and {@code limit}, e.g. {@code µA}
 * @param detail   free text explaining the violation; empty if the numbers say it all
 */
public record Violation(SafetyRule rule, String location, boolean numeric, double value, double limit, String unit,
                        String detail) {

    public Violation {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(detail, "detail");
    }

    /** A violation with an offending value and a limit. */
    public static Violation of(SafetyRule rule, String location, double value, double limit, String unit) {
        return new Violation(rule, location, true, value, limit, unit, "");
    }

    /** A violation with an offending value, a limit and an explanation. */
    public static Violation of(SafetyRule rule, String location, double value, double limit, String unit,
                               String detail) {
        return new Violation(rule, location, true, value, limit, unit, detail);
    }

    /** A violation explained in words only. */
    public static Violation described(SafetyRule rule, String location, String detail) {
        return new Violation(rule, location, false, Double.NaN, Double.NaN, "", detail);
    }

    /** The human-readable form: {@code rule location value=V unit limit=L unit (detail)}. */
    public String message() {
        StringBuilder b = new StringBuilder(rule.id());
        if (!location.isEmpty()) {
            b.append(' ').append(location);
        }
        if (numeric) {
            b.append(" value=").append(format(value)).append(' ').append(unit);
            b.append(" limit=").append(format(limit)).append(' ').append(unit);
        }
        if (!detail.isEmpty()) {
            b.append(numeric ? " (" : ": ").append(detail).append(numeric ? ")" : "");
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return message();
    }

    /** Plain decimal without exponent or trailing zeros, so messages show exact boundary values. */
    public static String format(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return Double.toString(v);
        }
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
