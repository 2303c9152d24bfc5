package org.closedloop.controller.daemon;

import java.util.Optional;

/**
 * Tells the daemon whether protocols may be uploaded now. While a stimulation session runs, an upload is refused
 * (it would cost CPU on the Pi next to the real-time loop, and a session's protocol must not change under it).
 * A running session holds {@code SessionLock}; {@code SessionLock.guard} is the implementation the daemon uses.
 *
 * <p>Thread safety: implementations must be thread safe; the daemon calls them from its connection threads.
 */
@FunctionalInterface
public interface SessionGuard {

    /** No session is ever running: uploads are always allowed. */
    SessionGuard NO_SESSION = Optional::empty;

    /** Empty if an upload may proceed now; otherwise why not, in one sentence naming the running session. */
    Optional<String> uploadBlockedBy();
}
