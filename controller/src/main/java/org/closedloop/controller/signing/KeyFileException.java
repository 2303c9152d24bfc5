package org.closedloop.controller.signing;

/**
 * A key file that cannot be used: wrong format, wrong algorithm, too open permissions, a missing half of a pair.
 * The message names the file and says what to do.
 *
 * <p>Thread safety: immutable.
 */
public final class KeyFileException extends Exception {
    private static final long serialVersionUID = 1L;

    public KeyFileException(String message) {
        super(message);
    }
}
