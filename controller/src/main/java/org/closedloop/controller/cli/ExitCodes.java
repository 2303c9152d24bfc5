package org.closedloop.controller.cli;

/**
 * Exit codes of the protocol and daemon commands.
 *
 * <p>Thread safety: constants.
 */
final class ExitCodes {
    /** Done: valid, signed, stored (or already stored), listed, shown. */
    static final int OK = 0;
    /** The protocol is invalid or unparsable, or the daemon refused the request. */
    static final int REFUSED = 1;
    /** Wrong usage, or an I/O problem (file, key, socket): nothing was judged. */
    static final int USAGE_OR_IO = 2;

    private ExitCodes() {
    }
}
