package org.closedloop.protocol.cyton;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Test helpers: build packet streams and collect decoded packets. */
final class PacketStreams {
    private PacketStreams() {
    }

    /** A packet's identity for comparison: sample number and 8 counts. */
    record Sample(int sampleNumber, int[] counts) {
        boolean sameAs(Sample o) {
            return sampleNumber == o.sampleNumber && java.util.Arrays.equals(counts, o.counts);
        }

        @Override
        public String toString() {
            return "Sample[" + sampleNumber + ", " + java.util.Arrays.toString(counts) + "]";
        }
    }

    static Sample randomSample(SplittableRandom rnd, int sampleNumber) {
        int[] counts = new int[8];
        for (int ch = 0; ch < 8; ch++) {
            counts[ch] = rnd.nextInt(CytonPacketLayout.MIN_COUNT, CytonPacketLayout.MAX_COUNT + 1);
        }
        return new Sample(sampleNumber & 0xFF, counts);
    }

    static byte[] encode(Sample s) {
        byte[] b = new byte[33];
        CytonPacketEncoder.encodeAccel(s.sampleNumber(), s.counts(), new int[] {0, 0, 8000}, b, 0);
        return b;
    }

    static final class Collector implements CytonPacketSink {
        final List<Sample> samples = new ArrayList<>();

        @Override
        public void onPacket(CytonPacket p) {
            assert CytonPacketLayout.isStopByte(p.stopByte());
            int[] c = new int[8];
            for (int ch = 0; ch < 8; ch++) {
                c[ch] = p.channelCount(ch);
            }
            samples.add(new Sample(p.sampleNumber(), c));
        }
    }

    static void write(ByteArrayOutputStream out, byte[] b) {
        out.write(b, 0, b.length);
    }
}
