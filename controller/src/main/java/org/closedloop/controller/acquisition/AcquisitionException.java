package org.closedloop.controller.acquisition;

/**
 * A failure to reach or talk to the acquisition board, with a message that names the port and says what to do.
 */
public final class AcquisitionException extends Exception {
    /** What went wrong, so callers (and tests) can react without parsing the message. */
    public enum Reason {
        PORT_MISSING, PERMISSION_DENIED, PORT_BUSY, NOT_A_SERIAL_PORT, NO_BANNER, BOARD_FAILURE, IO_ERROR
    }

    private final Reason reason;

    public AcquisitionException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public AcquisitionException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
