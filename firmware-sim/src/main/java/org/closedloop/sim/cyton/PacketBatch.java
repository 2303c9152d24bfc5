package org.closedloop.sim.cyton;

import java.util.SplittableRandom;
import org.closedloop.protocol.cyton.CytonPacketEncoder;
import org.closedloop.protocol.cyton.CytonPacketLayout;
import org.closedloop.sim.cyton.GroundTruth.Delivery;

/**
 * The bytes of the packets due at one wake-up of the pacing thread, encoded with the protocol module's
 * {@link CytonPacketEncoder}; faulty packets are damaged here. Preallocated: no allocation per packet.
 *
 * <p><b>Thread safety:</b> not thread safe; owned by the board's pacing thread.
 */
final class PacketBatch {
    private static final int LEN = CytonPacketLayout.PACKET_LENGTH;
    private static final int HEADER = CytonPacketLayout.HEADER;
    /** A board lying flat: 1 g on Z (8000 counts at 0.002/16 g per count). */
    private static final int[] ACCEL_COUNTS = {0, 0, 8000};
    private static final byte[] ACCEL_AUX = {0, 0, 0, 0, (byte) (8000 >> 8), (byte) 8000};
    /** Body bytes overwritten at random in a corrupted packet, besides its header and stop byte. */
    private static final int CORRUPTED_BODY_BYTES = 3;

    private final byte[] bytes;
    private final int maxPackets;
    private int packets;
    private int length;

    PacketBatch(int maxPackets) {
        this.maxPackets = maxPackets;
        this.bytes = new byte[maxPackets * LEN];
    }

    void clear() {
        packets = 0;
        length = 0;
    }

    boolean isFull() {
        return packets == maxPackets;
    }

    /** Adds the sample's packet if its delivery sends one (DELIVERED, CORRUPTED, BAD_STOP_BYTE). */
    void add(int sampleNumber, int[] counts, Delivery delivery, SplittableRandom random) {
        packets++;
        switch (delivery) {
            case DELIVERED -> CytonPacketEncoder.encodeAccel(sampleNumber, counts, ACCEL_COUNTS, bytes, length);
            case CORRUPTED -> {
                CytonPacketEncoder.encodeAccel(sampleNumber, counts, ACCEL_COUNTS, bytes, length);
                corrupt(bytes, length, random);
            }
            case BAD_STOP_BYTE -> CytonPacketEncoder.encodeRaw(sampleNumber, counts, ACCEL_AUX,
                    randomByteExcept(random, true), bytes, length);
            default -> {
                return; // not sent
            }
        }
        length += LEN;
    }

    byte[] bytes() {
        return bytes;
    }

    /** Bytes to write. */
    int length() {
        return length;
    }

    /**
     * Destroys a packet's structure: header and stop byte replaced, a few body bytes overwritten, and every body byte
     * equal to the header value changed, so no decoder can find a packet start anywhere in it.
     */
    static void corrupt(byte[] packet, int offset, SplittableRandom random) {
        packet[offset] = randomByteExcept(random, false);
        packet[offset + CytonPacketLayout.STOP_OFFSET] = randomByteExcept(random, true);
        for (int k = 0; k < CORRUPTED_BODY_BYTES; k++) {
            int at = 1 + random.nextInt(CytonPacketLayout.STOP_OFFSET - 1);
            packet[offset + at] = randomByteExcept(random, false);
        }
        for (int i = 1; i < CytonPacketLayout.STOP_OFFSET; i++) {
            if ((packet[offset + i] & 0xFF) == HEADER) {
                packet[offset + i] = randomByteExcept(random, false);
            }
        }
    }

    /** A random byte that is not the header value and, if asked, not a valid stop byte either. */
    private static byte randomByteExcept(SplittableRandom random, boolean notStopByte) {
        while (true) {
            int b = random.nextInt(256);
            if (b != HEADER && !(notStopByte && CytonPacketLayout.isStopByte(b))) {
                return (byte) b;
            }
        }
    }
}
