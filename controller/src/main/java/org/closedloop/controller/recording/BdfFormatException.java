package org.closedloop.controller.recording;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file that is not a BDF+ file this package can read faithfully. The message reads
 * {@code <file>: <field>='<value>': <rule>}: the header field or data position, what was found there (non-printable
 * bytes as {@code \xNN}) and the rule of the EDF/EDF+/BDF specification, or of this reader, that it breaks.
 *
 * <p><b>Thread safety:</b> immutable.
 */
public final class BdfFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String field;

    public BdfFormatException(Path file, String field, String value, String rule) {
        super(file + ": " + field + "='" + value + "': " + rule);
        this.field = field;
    }

    /** The field or position at fault, e.g. {@code "version"} or {@code "signal 2 samples per data record"}. */
    public String field() {
        return field;
    }
}
