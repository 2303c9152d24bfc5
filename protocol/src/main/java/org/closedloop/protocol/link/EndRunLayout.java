package org.closedloop.protocol.link;

/**
 * Payload of {@link MessageType#END_RUN} (host → device), 4 bytes: "the block with this sequence number is the last
 * of the run". When it has played, the device outputs zero and returns to IDLE without a fault.
 *
 * <pre>
 *  offset size field
 *  0      u32  sequence number of the last block (must be the last block accepted)
 * </pre>
 *
 * <p><b>Thread safety:</b> constants only.
 */
public final class EndRunLayout {
    public static final int LAST_BLOCK_SEQ_OFFSET = 0;
    public static final int LENGTH = 4;

    private EndRunLayout() {
    }
}
