package org.closedloop.protocol.link;

import java.util.zip.CRC32C;

/**
 * Builds wire frames: header, payload, CRC-32C, COBS encoding and the 0x00 delimiter. Reuses its buffers: after
 * construction it allocates nothing.
 *
 * <p><b>Thread safety:</b> not thread safe; one per sending thread.
 */
public final class FrameEncoder {
    private final byte[] frame = new byte[FrameLayout.MAX_FRAME_LENGTH];
    private final CRC32C crc = new CRC32C();

    /**
     * Encodes one frame into {@code out} from {@code outOff}: COBS bytes followed by the 0x00 delimiter.
     *
     * @param type       the message type
     * @param flags      flag bits ({@link FrameLayout#FLAG_REPLY} or 0)
     * @param seq        the sender's frame sequence number (low 16 bits used)
     * @param ackSeq     the sequence number answered (low 16 bits; 0 if not a reply)
     * @param payload    payload bytes
     * @param payloadOff start of the payload in {@code payload}
     * @param payloadLen payload length, 0 to {@value FrameLayout#MAX_PAYLOAD_LENGTH}
     * @param out        destination, with at least {@link FrameLayout#MAX_WIRE_LENGTH} bytes from {@code outOff}
     * @return the number of bytes written, delimiter included
     * @throws IllegalArgumentException if the payload is longer than the maximum (a programming error)
     */
    public int encode(MessageType type, int flags, int seq, int ackSeq, byte[] payload, int payloadOff, int payloadLen,
                      byte[] out, int outOff) {
        if (payloadLen < 0 || payloadLen > FrameLayout.MAX_PAYLOAD_LENGTH) {
            throw new IllegalArgumentException("payloadLen=" + payloadLen + ": must be 0 to "
                    + FrameLayout.MAX_PAYLOAD_LENGTH);
        }
        byte[] f = frame;
        LittleEndian.putU8(f, FrameLayout.VERSION_OFFSET, FrameLayout.VERSION);
        LittleEndian.putU8(f, FrameLayout.TYPE_OFFSET, type.code());
        LittleEndian.putU8(f, FrameLayout.FLAGS_OFFSET, flags);
        LittleEndian.putU8(f, FrameLayout.RESERVED_A_OFFSET, 0);
        LittleEndian.putU16(f, FrameLayout.SEQ_OFFSET, seq);
        LittleEndian.putU16(f, FrameLayout.ACK_SEQ_OFFSET, ackSeq);
        LittleEndian.putU16(f, FrameLayout.PAYLOAD_LENGTH_OFFSET, payloadLen);
        LittleEndian.putU16(f, FrameLayout.RESERVED_B_OFFSET, 0);
        System.arraycopy(payload, payloadOff, f, FrameLayout.HEADER_LENGTH, payloadLen);
        int crcAt = FrameLayout.crcOffset(payloadLen);
        crc.reset();
        crc.update(f, 0, crcAt);
        LittleEndian.putU32(f, crcAt, crc.getValue());
        int n = Cobs.encode(f, 0, FrameLayout.frameLength(payloadLen), out, outOff);
        out[outOff + n] = FrameLayout.DELIMITER;
        return n + 1;
    }
}
