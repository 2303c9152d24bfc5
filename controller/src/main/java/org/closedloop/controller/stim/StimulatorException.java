package org.closedloop.controller.stim;

/**
 * The stimulator could not be reached or did not answer as the protocol requires. The message names the port and
 * says what to check.
 *
 * <p><b>Thread safety:</b> immutable.
 */
public final class StimulatorException extends Exception {

    public StimulatorException(String message) {
        super(message);
    }

    public StimulatorException(String message, Throwable cause) {
        super(message, cause);
    }
}
