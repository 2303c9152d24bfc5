package org.closedloop.protocol.link;

import static org.closedloop.protocol.link.Bytes.concat;
import static org.closedloop.protocol.link.Bytes.hex;
import static org.closedloop.protocol.link.Bytes.range;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * COBS against the examples of the reference description (Cheshire and Baker; the table reproduced on Wikipedia's
 * "Consistent Overhead Byte Stuffing" page), written out by hand, not produced by our encoder. The delimiter that
 * follows each encoding there is not part of {@link Cobs#encode}'s output.
 */
class CobsTest {

    private static void assertGolden(byte[] raw, byte[] encoded) {
        byte[] out = new byte[Cobs.maxEncodedLength(raw.length)];
        int n = Cobs.encode(raw, 0, raw.length, out, 0);
        assertArrayEquals(encoded, Arrays.copyOf(out, n), "encode");
        byte[] back = new byte[raw.length + 8];
        int m = Cobs.decode(encoded, 0, encoded.length, back, 0);
        assertArrayEquals(raw, Arrays.copyOf(back, m), "decode");
    }

    @Test
    void shouldMatchTheReferenceExamples() {
        assertGolden(hex("00"), hex("01 01"));
        assertGolden(hex("00 00"), hex("01 01 01"));
        assertGolden(hex("00 11 00"), hex("01 02 11 01"));
        assertGolden(hex("11 22 00 33"), hex("03 11 22 02 33"));
        assertGolden(hex("11 22 33 44"), hex("05 11 22 33 44"));
        assertGolden(hex("11 00 00 00"), hex("02 11 01 01 01"));
    }

    @Test
    void shouldMatchTheReferenceExamplesAroundTheLongestBlock() {
        // 01 .. FE (254 bytes) -> FF 01 .. FE: no empty block after a full one at the end
        assertGolden(range(0x01, 0xFE), concat(hex("FF"), range(0x01, 0xFE)));
        // 00 01 .. FE -> 01 FF 01 .. FE
        assertGolden(range(0x00, 0xFE), concat(hex("01 FF"), range(0x01, 0xFE)));
        // 01 .. FF (255 bytes) -> FF 01 .. FE 02 FF
        assertGolden(range(0x01, 0xFF), concat(hex("FF"), range(0x01, 0xFE), hex("02 FF")));
        // 02 .. FF 00 -> FF 02 .. FF 01 01
        assertGolden(concat(range(0x02, 0xFF), hex("00")), concat(hex("FF"), range(0x02, 0xFF), hex("01 01")));
        // 03 .. FF 00 01 -> FE 03 .. FF 02 01
        assertGolden(concat(range(0x03, 0xFF), hex("00 01")), concat(hex("FE"), range(0x03, 0xFF), hex("02 01")));
    }

    @Test
    void shouldEncodeAnEmptyInputAsOneCodeByte() {
        assertGolden(new byte[0], hex("01"));
    }

    @Test
    void shouldRefuseInvalidEncodingsWithoutThrowing() {
        byte[] dst = new byte[64];
        assertEquals(-1, Cobs.decode(hex("03 11"), 0, 2, dst, 0), "block runs past the end");
        assertEquals(-1, Cobs.decode(hex("02 00"), 0, 2, dst, 0), "zero inside");
        assertEquals(-1, Cobs.decode(hex("00"), 0, 1, dst, 0), "zero code");
        assertEquals(-1, Cobs.decode(hex("05 11 22 33 44"), 0, 5, new byte[3], 0), "destination too small");
    }

    @Test
    void shouldRoundTripRandomFramesWithNoZeroInTheEncoding() {
        long seed = 20261124L;
        SplittableRandom random = new SplittableRandom(seed);
        byte[] out = new byte[Cobs.maxEncodedLength(2000)];
        byte[] back = new byte[2000];
        for (int trial = 0; trial < 20_000; trial++) {
            int len = random.nextInt(0, 1200);
            byte[] raw = new byte[len];
            int zeroBias = random.nextInt(0, 4);
            for (int i = 0; i < len; i++) {
                raw[i] = zeroBias == 0 || random.nextInt(zeroBias + 1) != 0 ? (byte) random.nextInt(256) : 0;
            }
            int n = Cobs.encode(raw, 0, len, out, 0);
            assertTrue(n <= Cobs.maxEncodedLength(len), "seed=" + seed + " trial=" + trial + " length");
            for (int i = 0; i < n; i++) {
                assertTrue(out[i] != 0, "seed=" + seed + " trial=" + trial + " zero at " + i);
            }
            int m = Cobs.decode(out, 0, n, back, 0);
            assertArrayEquals(raw, Arrays.copyOf(back, m), "seed=" + seed + " trial=" + trial);
        }
    }
}
