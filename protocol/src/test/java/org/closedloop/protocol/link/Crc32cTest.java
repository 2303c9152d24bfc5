package org.closedloop.protocol.link;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/** The link's CRC is the JDK's CRC-32C; checked against the published check value and a bitwise oracle. */
class Crc32cTest {

    /** Bit-by-bit CRC-32C (reflected polynomial 0x82F63B78, init and final XOR 0xFFFFFFFF): the textbook oracle. */
    static long bitwiseCrc32c(byte[] data, int off, int len) {
        int crc = 0xFFFF_FFFF;
        for (int i = off; i < off + len; i++) {
            crc ^= data[i] & 0xFF;
            for (int k = 0; k < 8; k++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0x82F6_3B78 : crc >>> 1;
            }
        }
        return ~crc & 0xFFFF_FFFFL;
    }

    @Test
    void shouldGiveThePublishedCheckValue() {
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        CRC32C crc = new CRC32C();
        crc.update(check, 0, check.length);
        assertEquals(0xE306_9283L, crc.getValue());
        assertEquals(0xE306_9283L, bitwiseCrc32c(check, 0, check.length));
    }

    @Test
    void shouldAgreeWithTheBitwiseOracleOnRandomData() {
        long seed = 7L;
        SplittableRandom random = new SplittableRandom(seed);
        CRC32C crc = new CRC32C();
        for (int trial = 0; trial < 2000; trial++) {
            byte[] data = new byte[random.nextInt(0, FrameLayout.MAX_FRAME_LENGTH)];
            random.nextBytes(data);
            crc.reset();
            crc.update(data, 0, data.length);
            assertEquals(bitwiseCrc32c(data, 0, data.length), crc.getValue(), "seed=" + seed + " trial=" + trial);
        }
    }
}
