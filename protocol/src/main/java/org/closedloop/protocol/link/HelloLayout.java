package org.closedloop.protocol.link;

/**
 * Payload of {@link MessageType#HELLO} (host → device), 4 bytes.
 *
 * <pre>
 *  offset size field
 *  0      u32  session nonce: any value; the IDENTIFY that answers echoes it, so the host can tell the answer
 *              from frames a previous session left unread in the port
 * </pre>
 *
 * <p><b>Thread safety:</b> constants only.
 */
public final class HelloLayout {
    public static final int SESSION_NONCE_OFFSET = 0;
    public static final int LENGTH = 4;

    private HelloLayout() {
    }
}
