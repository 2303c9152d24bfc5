package org.closedloop.protocol.cyton;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.closedloop.protocol.cyton.PacketStreams.Collector;
import org.closedloop.protocol.cyton.PacketStreams.Sample;
import org.junit.jupiter.api.Test;

class CytonStreamDecoderTest {

    private static List<Sample> consecutive(SplittableRandom rnd, int first, int n) {
        List<Sample> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add(PacketStreams.randomSample(rnd, first + i));
        }
        return l;
    }

    private static void assertSame(List<Sample> expected, List<Sample> actual) {
        assertEquals(expected.size(), actual.size(), "packet count; got " + actual);
        for (int i = 0; i < expected.size(); i++) {
            assertTrue(expected.get(i).sameAs(actual.get(i)), "packet " + i + ": " + expected.get(i) + " vs " + actual.get(i));
        }
    }

    @Test
    void shouldDecodePacketsSplitAtEveryPossibleByteBoundary() {
        SplittableRandom rnd = new SplittableRandom(7);
        List<Sample> sent = consecutive(rnd, 250, 12); // counter wraps 255 -> 0 inside
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        sent.forEach(s -> PacketStreams.write(out, PacketStreams.encode(s)));
        byte[] stream = out.toByteArray();
        for (int chunk = 1; chunk <= 40; chunk++) {
            Collector c = new Collector();
            CytonStreamDecoder d = new CytonStreamDecoder(c);
            for (int off = 0; off < stream.length; off += chunk) {
                d.feed(stream, off, Math.min(chunk, stream.length - off));
            }
            d.flush();
            assertSame(sent, c.samples);
            assertEquals(0, d.bytesDiscarded(), "chunk " + chunk);
        }
    }

    @Test
    void shouldTellTheSinkHowManyBytesWereReceivedBehindEachPacketEvenBeyondItsBuffer() {
        // 200 packets in one read: 6,600 bytes, more than the decoder's 4,096-byte buffer takes at once
        SplittableRandom rnd = new SplittableRandom(9);
        List<Sample> sent = consecutive(rnd, 10, 200);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        sent.forEach(s -> PacketStreams.write(out, PacketStreams.encode(s)));
        byte[] stream = out.toByteArray();
        List<Integer> behind = new ArrayList<>();
        CytonStreamDecoder[] d = new CytonStreamDecoder[1];
        d[0] = new CytonStreamDecoder(packet -> behind.add(d[0].bytesBehindCurrentPacket()));
        d[0].feed(stream, 0, 5 * 33 + 10); // a first read: 5 packets and 10 bytes of the 6th
        d[0].feed(stream, 5 * 33 + 10, stream.length - (5 * 33 + 10)); // the rest in one read
        assertEquals(200, behind.size());
        // packet k (0-based) has 33 * (199 - k) bytes after it; during the first read only that read's bytes are known
        // (the decoder may hold the first packet back for its look-ahead, so check what the reads can show)
        for (int k = 5; k < 200; k++) {
            assertEquals(33 * (199 - k), behind.get(k), "packet " + k);
        }
        for (int k = 0; k < 5; k++) {
            assertTrue(behind.get(k) >= 10 + 33 * (4 - k) && behind.get(k) <= 33 * (199 - k),
                    "packet " + k + ": " + behind.get(k));
        }
        assertEquals(0, d[0].bytesBehindCurrentPacket(), "nothing left once the read is decoded");
    }

    @Test
    void shouldEmitInSyncPacketsWithoutWaitingForLookahead() {
        SplittableRandom rnd = new SplittableRandom(8);
        List<Sample> sent = consecutive(rnd, 0, 5);
        Collector c = new Collector();
        CytonStreamDecoder d = new CytonStreamDecoder(c);
        byte[] first = PacketStreams.encode(sent.get(0));
        byte[] second = PacketStreams.encode(sent.get(1));
        d.feed(first, 0, 33);
        d.feed(second, 0, 33);
        d.feed(PacketStreams.encode(sent.get(2)), 0, 33);
        // the first packet needed confirmation; once in sync each packet comes out as soon as its last byte arrives
        assertEquals(3, c.samples.size());
        d.feed(PacketStreams.encode(sent.get(3)), 0, 33);
        assertEquals(4, c.samples.size());
    }

    @Test
    void shouldLoseNothingWhenGarbageSitsBetweenPackets() {
        SplittableRandom rnd = new SplittableRandom(9);
        List<Sample> sent = consecutive(rnd, 0, 300);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Sample s : sent) {
            PacketStreams.write(out, PacketStreams.encode(s));
            if (s.sampleNumber() % 7 == 3) {
                byte[] garbage = new byte[1 + rnd.nextInt(32)];
                rnd.nextBytes(garbage);
                garbage[0] = (byte) 0xA0; // worst case: garbage that starts like a header
                PacketStreams.write(out, garbage);
            }
        }
        Collector c = new Collector();
        CytonStreamDecoder d = new CytonStreamDecoder(c);
        byte[] stream = out.toByteArray();
        d.feed(stream, 0, stream.length);
        d.flush();
        assertSame(sent, c.samples);
    }

    @Test
    void shouldLoseExactlyThePacketWithABadStopByte() {
        SplittableRandom rnd = new SplittableRandom(10);
        List<Sample> sent = consecutive(rnd, 0, 10);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Sample> expected = new ArrayList<>();
        for (Sample s : sent) {
            byte[] b = PacketStreams.encode(s);
            if (s.sampleNumber() == 4) {
                b[32] = (byte) 0xC7;
            } else {
                expected.add(s);
            }
            PacketStreams.write(out, b);
        }
        Collector c = new Collector();
        CytonStreamDecoder d = new CytonStreamDecoder(c);
        byte[] stream = out.toByteArray();
        d.feed(stream, 0, stream.length);
        d.flush();
        assertSame(expected, c.samples);
    }

    @Test
    void shouldPreferTheRealPacketOverAFalseHeaderInGarbageJustBeforeIt() {
        SplittableRandom rnd = new SplittableRandom(11);
        // the real packet after the garbage carries 0xC3 at its byte 20; a garbage 0xA0 12 bytes earlier therefore
        // looks like a packet whose stop byte is that 0xC3
        Sample a = PacketStreams.randomSample(rnd, 1);
        Sample b = new Sample(2, new int[] {0, 0, 0, 0x00C300, 0, 0, 0, 0});
        byte[] bb = PacketStreams.encode(b);
        assertEquals((byte) 0xC3, bb[12]);
        Sample c2 = PacketStreams.randomSample(rnd, 3);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PacketStreams.write(out, PacketStreams.encode(a));
        PacketStreams.write(out, new byte[] {(byte) 0x11, (byte) 0xA0, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23});
        PacketStreams.write(out, bb);
        PacketStreams.write(out, PacketStreams.encode(c2));
        // false header at garbage[1]; its byte 32 lands on bb[12] = 0xC3
        Collector col = new Collector();
        CytonStreamDecoder d = new CytonStreamDecoder(col);
        byte[] stream = out.toByteArray();
        d.feed(stream, 0, stream.length);
        d.flush();
        assertSame(List.of(a, b, c2), col.samples);
        assertEquals(1, d.rivalsPreferred());
    }

    @Test
    void shouldRecoverALonePacketSurroundedByNoise() {
        SplittableRandom rnd = new SplittableRandom(12);
        Sample lone = PacketStreams.randomSample(rnd, 77);
        byte[] noise = new byte[200];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (byte) (i * 7 + 1); // deterministic bytes containing no 0xA0
            if ((noise[i] & 0xFF) == 0xA0) {
                noise[i] = 0;
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PacketStreams.write(out, noise);
        PacketStreams.write(out, PacketStreams.encode(lone));
        PacketStreams.write(out, noise);
        Collector col = new Collector();
        CytonStreamDecoder d = new CytonStreamDecoder(col);
        byte[] stream = out.toByteArray();
        d.feed(stream, 0, stream.length);
        d.flush();
        assertSame(List.of(lone), col.samples);
    }

    @Test
    void shouldResetSequenceStateOnReset() {
        SplittableRandom rnd = new SplittableRandom(13);
        Collector col = new Collector();
        CytonStreamDecoder d = new CytonStreamDecoder(col);
        byte[] half = PacketStreams.encode(PacketStreams.randomSample(rnd, 0));
        d.feed(half, 0, 20); // a partial packet when the device went away
        d.reset();
        List<Sample> after = consecutive(rnd, 0, 3);
        for (Sample s : after) {
            d.feed(PacketStreams.encode(s), 0, 33);
        }
        d.flush();
        assertSame(after, col.samples);
    }
}
