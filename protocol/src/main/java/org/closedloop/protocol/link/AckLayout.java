package org.closedloop.protocol.link;

/**
 * Payload of {@link MessageType#ACK} (device → host), 4 bytes.
 *
 * <pre>
 *  offset size field
 *  0      u8   type code of the command answered
 *  1      u8   result ({@link AckResult#code()})
 *  2      u16  reserved, 0
 * </pre>
 *
 * <p><b>Thread safety:</b> constants only.
 */
public final class AckLayout {
    public static final int ACKED_TYPE_OFFSET = 0;
    public static final int RESULT_OFFSET = 1;
    public static final int LENGTH = 4;

    private AckLayout() {
    }
}
