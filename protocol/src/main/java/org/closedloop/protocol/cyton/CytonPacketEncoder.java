package org.closedloop.protocol.cyton;

/**
 * Writes Cyton packets; used by the simulator and by tests that need a stream.
 *
 * <p><b>Thread safety:</b> stateless.
 */
public final class CytonPacketEncoder {
    private CytonPacketEncoder() {
    }

    /**
     * Writes one packet with accelerometer aux data (stop byte 0xC0).
     *
     * @param sampleNumber  0..255 (taken modulo 256)
     * @param channelCounts 8 signed 24-bit counts; each must lie in [-2^23, 2^23 - 1]
     * @param accelCounts   3 signed 16-bit accelerometer counts
     * @param out           destination with at least 33 bytes from {@code offset}
     */
    public static void encodeAccel(int sampleNumber, int[] channelCounts, int[] accelCounts, byte[] out, int offset) {
        writeBody(sampleNumber, channelCounts, out, offset);
        for (int axis = 0; axis < 3; axis++) {
            int v = accelCounts[axis];
            if (v < Short.MIN_VALUE || v > Short.MAX_VALUE) {
                throw new IllegalArgumentException("accelCounts[" + axis + "]=" + v + ": must fit in int16");
            }
            out[offset + CytonPacketLayout.AUX_OFFSET + 2 * axis] = (byte) (v >> 8);
            out[offset + CytonPacketLayout.AUX_OFFSET + 2 * axis + 1] = (byte) v;
        }
        out[offset + CytonPacketLayout.STOP_OFFSET] = (byte) CytonPacketLayout.STOP_ACCEL;
    }

    /** Writes one packet with raw aux bytes and an explicit stop byte (not checked: tests use it to make bad ones). */
    public static void encodeRaw(int sampleNumber, int[] channelCounts, byte[] aux, int stopByte, byte[] out, int offset) {
        writeBody(sampleNumber, channelCounts, out, offset);
        System.arraycopy(aux, 0, out, offset + CytonPacketLayout.AUX_OFFSET, CytonPacketLayout.AUX_LENGTH);
        out[offset + CytonPacketLayout.STOP_OFFSET] = (byte) stopByte;
    }

    private static void writeBody(int sampleNumber, int[] channelCounts, byte[] out, int offset) {
        out[offset] = (byte) CytonPacketLayout.HEADER;
        out[offset + CytonPacketLayout.SAMPLE_NUMBER_OFFSET] = (byte) sampleNumber;
        for (int ch = 0; ch < CytonPacketLayout.CHANNELS; ch++) {
            int v = channelCounts[ch];
            if (v < CytonPacketLayout.MIN_COUNT || v > CytonPacketLayout.MAX_COUNT) {
                throw new IllegalArgumentException("channelCounts[" + ch + "]=" + v + ": must fit in 24 bits signed");
            }
            int o = offset + CytonPacketLayout.channelOffset(ch);
            out[o] = (byte) (v >> 16);
            out[o + 1] = (byte) (v >> 8);
            out[o + 2] = (byte) v;
        }
    }
}
