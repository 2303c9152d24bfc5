package org.closedloop.controller.config;

import java.util.Objects;

/**
 * One thing wrong with a protocol, located by its field path, e.g.
 * {@code blocks[1].components[0].frequency_hz = 300: safety frequency component=0 value=300 Hz limit=150 Hz}.
 *
 * <p>Thread safety: immutable.
 *
 * @param path    field path in the protocol, protobuf field names with list indexes ({@code montage.recording_channels[2].gain});
 *                the empty string for the protocol as a whole
 * @param value   the offending value as written ({@code 300}, {@code "T7"}, {@code (missing)}), or empty if a value
 *                does not apply
 * @param message what is wrong and, where it helps, how to fix it
 */
public record Problem(String path, String value, String message) {

    /** The value shown for a field that is not set. */
    public static final String MISSING = "(missing)";

    public Problem {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(message, "message");
    }

    /** {@code path = value: message}, or {@code path: message} without a value. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(path.isEmpty() ? "protocol" : path);
        if (!value.isEmpty()) {
            b.append(" = ").append(value);
        }
        return b.append(": ").append(message).toString();
    }
}
