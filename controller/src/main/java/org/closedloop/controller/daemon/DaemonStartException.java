package org.closedloop.controller.daemon;

/**
 * The daemon cannot start: its socket path, store or trusted keys are not usable. The message says how to fix it.
 *
 * <p>Thread safety: immutable.
 */
public final class DaemonStartException extends Exception {
    private static final long serialVersionUID = 1L;

    public DaemonStartException(String message) {
        super(message);
    }
}
