package org.closedloop.protocol.link;

/**
 * A decoded, CRC-checked frame: a view over the decoder's buffer, valid only during
 * {@link FrameSink#onFrame(Frame)}. Copy what must outlive the call.
 *
 * <p><b>Thread safety:</b> not thread safe; a flyweight owned by one {@link FrameDecoder}.
 */
public final class Frame {
    private final byte[] buffer;
    private int length;

    Frame(byte[] buffer) {
        this.buffer = buffer;
    }

    void setLength(int length) {
        this.length = length;
    }

    /** The message type's code; {@link MessageType#fromCode(int)} maps it (null for an unknown type). */
    public int typeCode() {
        return LittleEndian.getU8(buffer, FrameLayout.TYPE_OFFSET);
    }

    /** The flags byte. */
    public int flags() {
        return LittleEndian.getU8(buffer, FrameLayout.FLAGS_OFFSET);
    }

    /** True if this frame answers the frame named by {@link #ackSeq()}. */
    public boolean isReply() {
        return (flags() & FrameLayout.FLAG_REPLY) != 0;
    }

    /** The sender's frame sequence number, 0-65535. */
    public int seq() {
        return LittleEndian.getU16(buffer, FrameLayout.SEQ_OFFSET);
    }

    /** The sequence number of the frame answered (meaningful if {@link #isReply()}). */
    public int ackSeq() {
        return LittleEndian.getU16(buffer, FrameLayout.ACK_SEQ_OFFSET);
    }

    /** Payload length in bytes. */
    public int payloadLength() {
        return LittleEndian.getU16(buffer, FrameLayout.PAYLOAD_LENGTH_OFFSET);
    }

    /** The buffer holding the frame; the payload starts at {@link #payloadOffset()}. */
    public byte[] buffer() {
        return buffer;
    }

    /** Where the payload starts in {@link #buffer()}. */
    public int payloadOffset() {
        return FrameLayout.HEADER_LENGTH;
    }

    /** The frame's length before encoding (header, payload, CRC). */
    public int length() {
        return length;
    }

    /** A copy of the payload (allocates; not for hot paths). */
    public byte[] copyPayload() {
        byte[] p = new byte[payloadLength()];
        System.arraycopy(buffer, payloadOffset(), p, 0, p.length);
        return p;
    }
}
