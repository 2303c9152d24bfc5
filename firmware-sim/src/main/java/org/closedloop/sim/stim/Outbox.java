package org.closedloop.sim.stim;

import org.closedloop.protocol.link.MessageType;

/**
 * Where the firmware hands frames to send: encoded wire bytes, queued for the link writer thread.
 *
 * <p><b>Thread safety:</b> implementations are called from the firmware thread only.
 */
interface Outbox {
    /** Queues {@code wire[0, length)} (one encoded frame with its delimiter) of message {@code type}. */
    void send(MessageType type, byte[] wire, int length);
}
