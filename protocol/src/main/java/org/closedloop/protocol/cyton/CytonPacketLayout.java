package org.closedloop.protocol.cyton;

/**
 * Byte offsets and constants of one 33-byte Cyton packet (see the picture in {@code package-info.java}).
 *
 * <p><b>Thread safety:</b> constants only.
 */
public final class CytonPacketLayout {
    /** Length of one packet in bytes. */
    public static final int PACKET_LENGTH = 33;
    /** First byte of every packet. */
    public static final int HEADER = 0xA0;
    /** Offset of the 8-bit sample counter. */
    public static final int SAMPLE_NUMBER_OFFSET = 1;
    /** Offset of channel 1's first (most significant) byte. */
    public static final int CHANNEL_DATA_OFFSET = 2;
    /** Bytes per channel sample. */
    public static final int BYTES_PER_CHANNEL = 3;
    /** Channels in one packet. */
    public static final int CHANNELS = 8;
    /** Offset of the six aux bytes. */
    public static final int AUX_OFFSET = 26;
    /** Aux bytes per packet. */
    public static final int AUX_LENGTH = 6;
    /** Offset of the stop byte. */
    public static final int STOP_OFFSET = 32;
    /** Lowest valid stop byte; 0xC0 means the aux bytes hold accelerometer data. */
    public static final int STOP_ACCEL = 0xC0;
    /** Highest valid stop byte. */
    public static final int STOP_MAX = 0xC6;
    /** Largest positive 24-bit count. */
    public static final int MAX_COUNT = (1 << 23) - 1;
    /** Most negative 24-bit count. */
    public static final int MIN_COUNT = -(1 << 23);

    private CytonPacketLayout() {
    }

    /** True if {@code b} (as an unsigned byte) is a valid stop byte, 0xC0 to 0xC6. */
    public static boolean isStopByte(int b) {
        int u = b & 0xFF;
        return u >= STOP_ACCEL && u <= STOP_MAX;
    }

    /** Offset of channel {@code channelIndex} (0-based) within a packet. */
    public static int channelOffset(int channelIndex) {
        return CHANNEL_DATA_OFFSET + BYTES_PER_CHANNEL * channelIndex;
    }

    /** Reads a 24-bit two's-complement big-endian value and sign-extends it to an int. */
    public static int readInt24(byte[] buf, int offset) {
        int v = ((buf[offset] & 0xFF) << 16) | ((buf[offset + 1] & 0xFF) << 8) | (buf[offset + 2] & 0xFF);
        return (v << 8) >> 8; // arithmetic shift back: copies bit 23 into bits 24..31
    }
}
