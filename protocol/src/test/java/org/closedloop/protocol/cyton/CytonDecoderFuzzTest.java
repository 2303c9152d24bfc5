package org.closedloop.protocol.cyton;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.closedloop.protocol.cyton.PacketStreams.Collector;
import org.closedloop.protocol.cyton.PacketStreams.Sample;
import org.junit.jupiter.api.Test;

/**
 * Over a million random and mutated bytes: the decoder never throws, only emits structurally valid packets, and
 * recovers every real packet that no garbage or mutation touched.
 */
class CytonDecoderFuzzTest {
    private static final long SEED = 0x5EED_C0DEL;

    @Test
    void shouldSurviveAMillionPureRandomBytesInRandomChunks() {
        SplittableRandom rnd = new SplittableRandom(SEED);
        byte[] noise = new byte[1 << 20];
        rnd.nextBytes(noise);
        int[] emitted = {0};
        CytonStreamDecoder d = new CytonStreamDecoder(p -> {
            emitted[0]++;
            if (!CytonPacketLayout.isStopByte(p.stopByte())) {
                fail("emitted a packet with stop byte " + p.stopByte() + " (seed " + SEED + ")");
            }
        });
        int off = 0;
        while (off < noise.length) {
            int n = Math.min(1 + rnd.nextInt(300), noise.length - off);
            d.feed(noise, off, n);
            off += n;
        }
        d.flush();
        // every emitted packet came out of a 0xA0 followed 32 bytes later by a stop byte: about 7/65536 per byte
        assertTrue(emitted[0] < 400, "implausibly many false packets: " + emitted[0] + " (seed " + SEED + ")");
        assertTrue(d.bytesDiscarded() > noise.length - 33L * emitted[0] - CytonStreamDecoder.LOOKAHEAD,
                "bytes neither discarded nor emitted: " + d.bytesDiscarded());
    }

    @Test
    void shouldRecoverEveryUntouchedPacketInAMillionBytesOfMutatedStream() {
        recoverEveryUntouchedPacket(SEED + 1);
    }

    static void recoverEveryUntouchedPacket(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 21);
        List<Sample> untouched = new ArrayList<>();
        int sampleNumber = 0;
        int garbageBursts = 0;
        int mutated = 0;
        while (out.size() < 1_100_000) {
            Sample s = PacketStreams.randomSample(rnd, sampleNumber++);
            byte[] b = PacketStreams.encode(s);
            int roll = rnd.nextInt(100);
            if (roll < 3) {
                // mutate 1-4 random bytes of this packet: it is hit, whether or not it still parses
                int k = 1 + rnd.nextInt(4);
                for (int i = 0; i < k; i++) {
                    b[rnd.nextInt(33)] = (byte) rnd.nextInt(256);
                }
                mutated++;
            } else if (roll < 5) {
                // truncate: the tail of the packet never arrives
                b = java.util.Arrays.copyOf(b, rnd.nextInt(33));
                mutated++;
            } else if (roll < 6) {
                sampleNumber += 1 + rnd.nextInt(5); // dropped packets: a counter gap, nothing in the stream
                untouched.add(s);
            } else {
                untouched.add(s);
            }
            PacketStreams.write(out, b);
            if (rnd.nextInt(100) < 4) {
                byte[] garbage = new byte[1 + rnd.nextInt(32)];
                rnd.nextBytes(garbage);
                PacketStreams.write(out, garbage);
                garbageBursts++;
            }
        }
        byte[] stream = out.toByteArray();
        Collector col = new Collector();
        CytonStreamDecoder d = new CytonStreamDecoder(col);
        int off = 0;
        while (off < stream.length) {
            int n = Math.min(1 + rnd.nextInt(200), stream.length - off);
            d.feed(stream, off, n);
            off += n;
        }
        d.flush();
        assertTrue(stream.length >= 1_000_000);
        assertTrue(garbageBursts > 1000 && mutated > 1000, "the fuzz must actually hurt the stream");
        // every untouched packet must appear, in order; extra (false or mutated-but-valid) packets may sit between
        int j = 0;
        for (Sample got : col.samples) {
            if (j < untouched.size() && got.sameAs(untouched.get(j))) {
                j++;
            }
        }
        assertEquals(untouched.size(), j, "untouched packet " + (j < untouched.size() ? untouched.get(j) : null)
                + " was lost (seed " + seed + ")");
        int extras = col.samples.size() - untouched.size();
        assertTrue(extras <= mutated + garbageBursts, "extras " + extras);
    }
}
