package org.closedloop.protocol.link;

/**
 * Byte offsets and bounds of one stimulator-link frame before COBS encoding (picture in {@code package-info.java}).
 * Every multi-byte field is little-endian.
 *
 * <p><b>Thread safety:</b> constants only.
 */
public final class FrameLayout {
    /** Protocol version carried in every frame; a frame with another version is dropped. */
    public static final int VERSION = 1;

    /** Offset of the version byte. */
    public static final int VERSION_OFFSET = 0;
    /** Offset of the message type ({@link MessageType#code()}). */
    public static final int TYPE_OFFSET = 1;
    /** Offset of the flags byte; only {@link #FLAG_REPLY} is defined, the other bits must be 0. */
    public static final int FLAGS_OFFSET = 2;
    /** Offset of a reserved byte that must be 0. */
    public static final int RESERVED_A_OFFSET = 3;
    /** Offset of the sender's frame sequence number, u16, +1 per frame sent, wrapping. */
    public static final int SEQ_OFFSET = 4;
    /** Offset of the sequence number of the frame this one answers, u16, valid when {@link #FLAG_REPLY} is set. */
    public static final int ACK_SEQ_OFFSET = 6;
    /** Offset of the payload length, u16. */
    public static final int PAYLOAD_LENGTH_OFFSET = 8;
    /** Offset of two reserved bytes that must be 0. */
    public static final int RESERVED_B_OFFSET = 10;
    /** Length of the header; the payload starts here. */
    public static final int HEADER_LENGTH = 12;
    /** Length of the CRC-32C that follows the payload. */
    public static final int CRC_LENGTH = 4;

    /** Flag: this frame answers the frame whose sequence number is in the ack field. */
    public static final int FLAG_REPLY = 0x01;

    /** Largest payload of any frame (the largest message, a full setpoint block, is 336 bytes). */
    public static final int MAX_PAYLOAD_LENGTH = 512;
    /** Largest frame before encoding: header, payload, CRC. */
    public static final int MAX_FRAME_LENGTH = HEADER_LENGTH + MAX_PAYLOAD_LENGTH + CRC_LENGTH;
    /** Largest COBS encoding of a frame, without the delimiter. */
    public static final int MAX_ENCODED_LENGTH = MAX_FRAME_LENGTH + MAX_FRAME_LENGTH / 254 + 1;
    /** Largest number of bytes one frame takes on the wire, delimiter included. */
    public static final int MAX_WIRE_LENGTH = MAX_ENCODED_LENGTH + 1;
    /** The frame delimiter on the wire. */
    public static final byte DELIMITER = 0;

    private FrameLayout() {
    }

    /** Offset of the CRC in a frame with {@code payloadLength} bytes of payload. */
    public static int crcOffset(int payloadLength) {
        return HEADER_LENGTH + payloadLength;
    }

    /** Length of a frame (before encoding) with {@code payloadLength} bytes of payload. */
    public static int frameLength(int payloadLength) {
        return HEADER_LENGTH + payloadLength + CRC_LENGTH;
    }
}
