package org.closedloop.protocol.config;

/**
 * A protocol file or message that cannot be parsed: a syntax error, an unknown field, a value of the wrong type.
 * Text-format errors carry the 1-based line and column; binary errors have none ({@link #line()} is 0).
 *
 * <p>Thread safety: immutable.
 */
public final class ProtocolParseException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int line;
    private final int column;
    private final String reason;

    /** An error at a position of a text-format protocol (1-based line and column). */
    public ProtocolParseException(int line, int column, String reason) {
        super(line + ":" + column + ": " + reason);
        this.line = line;
        this.column = column;
        this.reason = reason;
    }

    /** An error without a position (binary input). */
    public ProtocolParseException(String reason) {
        super(reason);
        this.line = 0;
        this.column = 0;
        this.reason = reason;
    }

    /** The 1-based line of the error in text format, or 0 if there is no position. */
    public int line() {
        return line;
    }

    /** The 1-based column of the error in text format, or 0 if there is no position. */
    public int column() {
        return column;
    }

    /** What is wrong, without the position. */
    public String reason() {
        return reason;
    }

    /** Whether the error has a line and column. */
    public boolean hasPosition() {
        return line > 0;
    }
}
