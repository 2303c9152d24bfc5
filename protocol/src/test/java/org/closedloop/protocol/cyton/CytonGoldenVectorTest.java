package org.closedloop.protocol.cyton;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Golden vectors worked out by hand from the byte layout in the OpenBCI Cyton data format (not produced by our
 * encoder): each channel value below is written out as its three two's-complement big-endian bytes.
 */
class CytonGoldenVectorTest {

    /**
     * Sample 0x01; channels 1, -1, 2^23-1, -2^23, 256, 0x123456, -0x123456 (0x1000000-0x123456 = 0xEDCBAA), 0;
     * accelerometer X=0x0010 (16), Y=0xFFF0 (-16), Z=0x4000 (16384); stop 0xC0.
     */
    static final int[] GOLDEN_BYTES = {
        0xA0, 0x01,
        0x00, 0x00, 0x01,
        0xFF, 0xFF, 0xFF,
        0x7F, 0xFF, 0xFF,
        0x80, 0x00, 0x00,
        0x00, 0x01, 0x00,
        0x12, 0x34, 0x56,
        0xED, 0xCB, 0xAA,
        0x00, 0x00, 0x00,
        0x00, 0x10, 0xFF, 0xF0, 0x40, 0x00,
        0xC0,
    };
    static final int[] GOLDEN_COUNTS = {1, -1, 8_388_607, -8_388_608, 256, 1_193_046, -1_193_046, 0};

    static byte[] golden() {
        byte[] b = new byte[GOLDEN_BYTES.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) GOLDEN_BYTES[i];
        }
        return b;
    }

    @Test
    void shouldDecodeHandWorkedPacket() {
        List<int[]> got = new ArrayList<>();
        int[] accel = new int[3];
        double[] accelG = new double[3];
        CytonStreamDecoder d = new CytonStreamDecoder(p -> {
            int[] row = new int[9];
            row[0] = p.sampleNumber();
            for (int ch = 0; ch < 8; ch++) {
                row[ch + 1] = p.channelCount(ch);
            }
            got.add(row);
            for (int a = 0; a < 3; a++) {
                accel[a] = p.accelCount(a);
                accelG[a] = p.accelG(a);
            }
            assertTrue(p.hasAccelerometer());
            assertEquals(0xC0, p.stopByte());
        });
        d.feed(golden(), 0, 33);
        d.flush();
        assertEquals(1, got.size());
        assertEquals(1, got.get(0)[0]);
        for (int ch = 0; ch < 8; ch++) {
            assertEquals(GOLDEN_COUNTS[ch], got.get(0)[ch + 1], "channel " + (ch + 1));
        }
        assertArrayEquals(new int[] {16, -16, 16384}, accel);
        assertEquals(0.002, accelG[0], 1e-12);
        assertEquals(-0.002, accelG[1], 1e-12);
        assertEquals(2.048, accelG[2], 1e-12);
    }

    @Test
    void shouldEncodeExactlyTheHandWorkedBytes() {
        byte[] out = new byte[33];
        CytonPacketEncoder.encodeAccel(1, GOLDEN_COUNTS, new int[] {16, -16, 16384}, out, 0);
        assertArrayEquals(golden(), out);
    }

    @Test
    void shouldScaleCountsToMicrovoltsPerGain() {
        // 4.5 V / 24 / 8388607 * 1e6 = 0.022351744... uV
        assertEquals(0.0223517, CytonScaling.microvoltsPerCount(24), 1e-7);
        // full scale at gain 24 is 4.5/24 V = 187500 uV
        assertEquals(187_500.0, CytonPacketLayout.MAX_COUNT * CytonScaling.microvoltsPerCount(24), 1e-6);
        // gain 1: 4.5 V full scale
        assertEquals(4_500_000.0, CytonPacketLayout.MAX_COUNT * CytonScaling.microvoltsPerCount(1), 1e-6);
        assertEquals(24, CytonScaling.gainForCode(6));
        assertEquals(1, CytonScaling.gainForCode(0));
        assertEquals(6, CytonScaling.codeForGain(24));
        assertEquals(-1, CytonScaling.codeForGain(3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CytonScaling.gainForCode(7));
        assertTrue(e.getMessage().contains("gainCode=7"), e.getMessage());
    }

    @Test
    void shouldRefuseToEncodeValuesThatDoNotFit() {
        byte[] out = new byte[33];
        int[] counts = new int[8];
        counts[3] = 8_388_608;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CytonPacketEncoder.encodeAccel(0, counts, new int[3], out, 0));
        assertTrue(e.getMessage().contains("channelCounts[3]=8388608"), e.getMessage());
    }

    @Test
    void shouldAcceptEveryStopByteC0ToC6AndNothingElse() {
        for (int stop = 0; stop < 256; stop++) {
            assertEquals(stop >= 0xC0 && stop <= 0xC6, CytonPacketLayout.isStopByte(stop), "stop " + stop);
        }
    }
}
