package org.closedloop.protocol.cyton;

/**
 * One decoded packet. The decoder reuses a single instance: a sink must copy what it keeps before returning.
 *
 * <p><b>Thread safety:</b> not thread safe; owned by the thread that feeds the decoder.
 */
public final class CytonPacket {
    private int sampleNumber;
    private int stopByte;
    private final int[] channelCounts = new int[CytonPacketLayout.CHANNELS];
    private final byte[] aux = new byte[CytonPacketLayout.AUX_LENGTH];

    /** Fills this packet from 33 bytes that the caller has checked for header and stop byte. */
    void readFrom(byte[] buf, int offset) {
        sampleNumber = buf[offset + CytonPacketLayout.SAMPLE_NUMBER_OFFSET] & 0xFF;
        for (int ch = 0; ch < CytonPacketLayout.CHANNELS; ch++) {
            channelCounts[ch] = CytonPacketLayout.readInt24(buf, offset + CytonPacketLayout.channelOffset(ch));
        }
        System.arraycopy(buf, offset + CytonPacketLayout.AUX_OFFSET, aux, 0, CytonPacketLayout.AUX_LENGTH);
        stopByte = buf[offset + CytonPacketLayout.STOP_OFFSET] & 0xFF;
    }

    /** The 8-bit sample counter, 0..255. */
    public int sampleNumber() {
        return sampleNumber;
    }

    /** The stop byte, 0xC0..0xC6. */
    public int stopByte() {
        return stopByte;
    }

    /** Signed 24-bit ADS1299 count of a channel, 0-based. */
    public int channelCount(int channelIndex) {
        return channelCounts[channelIndex];
    }

    /** Raw aux byte 0..5. */
    public byte auxByte(int index) {
        return aux[index];
    }

    /** True if the aux bytes carry accelerometer data (stop byte 0xC0). */
    public boolean hasAccelerometer() {
        return stopByte == CytonPacketLayout.STOP_ACCEL;
    }

    /** Accelerometer axis 0..2 (X, Y, Z) as a signed 16-bit count; meaningful only if {@link #hasAccelerometer()}. */
    public int accelCount(int axis) {
        return (short) (((aux[2 * axis] & 0xFF) << 8) | (aux[2 * axis + 1] & 0xFF));
    }

    /** Accelerometer axis 0..2 in g; meaningful only if {@link #hasAccelerometer()}. */
    public double accelG(int axis) {
        return accelCount(axis) * CytonScaling.ACCEL_G_PER_COUNT;
    }
}
