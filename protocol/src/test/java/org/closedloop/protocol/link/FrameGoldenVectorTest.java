package org.closedloop.protocol.link;

import static org.closedloop.protocol.link.Bytes.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Whole frames worked out by hand from {@code hardware-docs/stimulator-protocol.md}: header fields written out as
 * little-endian bytes, the CRC-32C from the bitwise oracle in {@link Crc32cTest} (value stated here, so a change to
 * either side shows), and the COBS blocks counted by hand (one code byte per run of non-zero bytes, 01 for each
 * zero that follows a zero).
 */
class FrameGoldenVectorTest {

    /**
     * HEARTBEAT, seq 0x0102, no flags, ack 0, empty payload. Frame: 01 06 00 00 | 02 01 | 00 00 | 00 00 | 00 00 |
     * CRC-32C of those 12 bytes = 0x9D7A1C7E, little-endian 7E 1C 7A 9D.
     */
    static final byte[] HEARTBEAT_FRAME = hex("01 06 00 00 02 01 00 00 00 00 00 00 7E 1C 7A 9D");
    /** COBS: [01 06]0 -> 03 01 06; 0 -> 01; [02 01]0 -> 03 02 01; five zeros -> 01 x5; [7E 1C 7A 9D] -> 05 ..; 00. */
    static final byte[] HEARTBEAT_WIRE = hex("03 01 06 01 03 02 01 01 01 01 01 01 05 7E 1C 7A 9D 00");

    /**
     * SETPOINT_BLOCK, seq 7, payload 24 bytes: block seq 1, 2 channels, 2 samples, flags 0, start 1,000,000 µs
     * (0x0F4240), setpoints (100, -100), (-2000, 2000) µA = 64 00, 9C FF, 30 F8, D0 07. CRC-32C = 0xF445ACC4.
     */
    static final byte[] SETPOINT_PAYLOAD = hex("01 00 00 00 02 02 00 00 40 42 0F 00 00 00 00 00 64 00 9C FF 30 F8 D0 07");
    static final byte[] SETPOINT_WIRE = hex("03 01 04 01 02 07 01 01 02 18 01 01 02 01 01 01 03 02 02 01"
            + " 04 40 42 0F 01 01 01 01 02 64 0B 9C FF 30 F8 D0 07 C4 AC 45 F4 00");

    private static byte[] encode(MessageType type, int seq, byte[] payload) {
        byte[] out = new byte[FrameLayout.MAX_WIRE_LENGTH];
        int n = new FrameEncoder().encode(type, 0, seq, 0, payload, 0, payload.length, out, 0);
        return Arrays.copyOf(out, n);
    }

    @Test
    void shouldAgreeWithTheOracleOnTheStatedCrcs() {
        assertEquals(0x9D7A_1C7EL, Crc32cTest.bitwiseCrc32c(HEARTBEAT_FRAME, 0, 12));
        byte[] header = hex("01 04 00 00 07 00 00 00 18 00 00 00");
        assertEquals(0xF445_ACC4L, Crc32cTest.bitwiseCrc32c(Bytes.concat(header, SETPOINT_PAYLOAD), 0, 36));
    }

    @Test
    void shouldEncodeTheHandWorkedHeartbeat() {
        assertArrayEquals(HEARTBEAT_WIRE, encode(MessageType.HEARTBEAT, 0x0102, new byte[0]));
    }

    @Test
    void shouldEncodeTheHandWorkedSetpointBlock() {
        assertArrayEquals(SETPOINT_WIRE, encode(MessageType.SETPOINT_BLOCK, 7, SETPOINT_PAYLOAD));
    }

    @Test
    void shouldDecodeTheHandWorkedSetpointBlockFieldByField() {
        List<String> seen = new ArrayList<>();
        FrameDecoder d = new FrameDecoder(f -> {
            byte[] b = f.buffer();
            int p = f.payloadOffset();
            seen.add(MessageType.fromCode(f.typeCode()) + " seq=" + f.seq() + " reply=" + f.isReply()
                    + " block=" + LittleEndian.getU32(b, p + SetpointBlockLayout.BLOCK_SEQ_OFFSET)
                    + " ch=" + LittleEndian.getU8(b, p + SetpointBlockLayout.CHANNEL_COUNT_OFFSET)
                    + " n=" + LittleEndian.getU8(b, p + SetpointBlockLayout.SAMPLE_COUNT_OFFSET)
                    + " start=" + LittleEndian.getI64(b, p + SetpointBlockLayout.START_DEVICE_US_OFFSET)
                    + " s=" + LittleEndian.getI16(b, p + SetpointBlockLayout.sampleOffset(0, 0, 2))
                    + "," + LittleEndian.getI16(b, p + SetpointBlockLayout.sampleOffset(0, 1, 2))
                    + "," + LittleEndian.getI16(b, p + SetpointBlockLayout.sampleOffset(1, 0, 2))
                    + "," + LittleEndian.getI16(b, p + SetpointBlockLayout.sampleOffset(1, 1, 2)));
        });
        d.feed(SETPOINT_WIRE, 0, SETPOINT_WIRE.length);
        assertEquals(List.of("SETPOINT_BLOCK seq=7 reply=false block=1 ch=2 n=2 start=1000000 s=100,-100,-2000,2000"),
                seen);
        assertEquals(0, d.framesDropped());
    }

    @Test
    void shouldHaveLayoutLengthsThatMatchTheSpecification() {
        assertEquals(336, SetpointBlockLayout.MAX_LENGTH);
        assertTrue(SetpointBlockLayout.MAX_LENGTH <= FrameLayout.MAX_PAYLOAD_LENGTH);
        assertEquals(112, StatusLayout.LENGTH);
        assertEquals(80, IdentifyLayout.LENGTH);
        assertEquals(36, ImpedanceReportLayout.LENGTH);
        assertEquals(24, FaultReportLayout.LENGTH);
        assertEquals(20, ConfigureLayout.LENGTH);
        for (MessageType t : MessageType.values()) {
            assertEquals(t, MessageType.fromCode(t.code()));
        }
    }
}
