package org.closedloop.sim.stim;

import org.closedloop.protocol.link.MessageType;

/**
 * Pending link faults for one direction: counts of frames to drop and to corrupt, optionally of one message type
 * only. Drop wins if both apply to a frame.
 *
 * <p><b>Thread safety:</b> thread safe (synchronized): faults are added from any thread and consumed by the thread
 * that moves frames.
 */
final class FrameFaults {
    /** What to do with one frame. */
    enum Action { PASS, DROP, CORRUPT }

    private int dropCount;
    private MessageType dropType;
    private int corruptCount;
    private MessageType corruptType;

    synchronized void drop(int n, MessageType type) {
        dropCount += n;
        dropType = type;
    }

    synchronized void corrupt(int n, MessageType type) {
        corruptCount += n;
        corruptType = type;
    }

    /** Decides (and consumes a pending fault) for a frame of type {@code type} (null if not decodable). */
    synchronized Action next(MessageType type) {
        if (dropCount > 0 && (dropType == null || dropType == type)) {
            dropCount--;
            return Action.DROP;
        }
        if (corruptCount > 0 && (corruptType == null || corruptType == type)) {
            corruptCount--;
            return Action.CORRUPT;
        }
        return Action.PASS;
    }

    /**
     * Destroys one byte in the middle of an encoded frame {@code b[0, length)} (delimiter excluded) without creating a
     * 0x00, so the frame stays one frame and fails its CRC (or its COBS structure): exactly one bad frame.
     */
    static void destroyOneByte(byte[] b, int length) {
        int i = length / 2;
        byte v = (byte) (b[i] ^ 0x5A);
        b[i] = v != 0 ? v : (byte) (b[i] ^ 0xA5);
    }
}
