package org.closedloop.controller.daemon;

import org.closedloop.protocol.config.v1.DaemonResponse;
import org.closedloop.protocol.config.v1.RefusalReason;

/**
 * Builders of the daemon's responses.
 *
 * <p>Thread safety: stateless; thread safe.
 */
final class Responses {

    private Responses() {
    }

    static DaemonResponse.Builder ok(String message) {
        return DaemonResponse.newBuilder().setStatus(DaemonResponse.Status.STATUS_OK).setMessage(message);
    }

    static DaemonResponse refused(RefusalReason reason, String message) {
        return refusedBuilder(reason, message).build();
    }

    static DaemonResponse.Builder refusedBuilder(RefusalReason reason, String message) {
        return DaemonResponse.newBuilder().setStatus(DaemonResponse.Status.STATUS_REFUSED).setReason(reason)
                .setMessage(message);
    }
}
