package org.closedloop.protocol.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The streaming decoder: splits, drops and counts; never throws; allocation-free. */
class FrameDecoderTest {

    private final List<Integer> seqs = new ArrayList<>();
    private final FrameDecoder decoder = new FrameDecoder(f -> seqs.add(f.seq()));
    private final FrameEncoder encoder = new FrameEncoder();

    private byte[] wire(MessageType type, int seq, byte[] payload) {
        byte[] out = new byte[FrameLayout.MAX_WIRE_LENGTH];
        int n = encoder.encode(type, 0, seq, 0, payload, 0, payload.length, out, 0);
        return Arrays.copyOf(out, n);
    }

    private void feed(byte[] b) {
        decoder.feed(b, 0, b.length);
    }

    @Test
    void shouldDecodeFramesSplitAtEveryPosition() {
        byte[] a = wire(MessageType.STATUS, 1, new byte[StatusLayout.LENGTH]);
        byte[] b = wire(MessageType.HEARTBEAT, 2, new byte[0]);
        byte[] both = Bytes.concat(a, b);
        for (int cut = 0; cut <= both.length; cut++) {
            seqs.clear();
            decoder.feed(both, 0, cut);
            decoder.feed(both, cut, both.length - cut);
            assertEquals(List.of(1, 2), seqs, "cut at " + cut);
        }
        assertEquals(0, decoder.framesDropped());
    }

    @Test
    void shouldDropAndCountAFrameWithOneFlippedBitAndKeepTheNext() {
        byte[] a = wire(MessageType.HEARTBEAT, 1, new byte[0]);
        byte[] b = wire(MessageType.HEARTBEAT, 2, new byte[0]);
        a[a.length / 2] ^= 0x10;
        feed(Bytes.concat(a, b));
        assertEquals(List.of(2), seqs);
        assertEquals(1, decoder.crcErrors() + decoder.encodingErrors() + decoder.lengthErrors());
    }

    @Test
    void shouldCountACrcErrorForACorruptPayloadByte() {
        byte[] payload = new byte[40];
        Arrays.fill(payload, (byte) 0x55);
        byte[] a = wire(MessageType.SETPOINT_BLOCK, 3, payload);
        a[20] ^= 0x01; // inside the run of 0x55 bytes: still valid COBS, wrong CRC
        feed(a);
        assertEquals(List.of(), seqs);
        assertEquals(1, decoder.crcErrors());
    }

    @Test
    void shouldIgnoreIdleDelimitersAndResynchroniseAfterGarbage() {
        feed(Bytes.hex("00 00 00"));
        feed(Bytes.hex("12 34 56 00")); // garbage up to a delimiter: one bad frame
        feed(wire(MessageType.HEARTBEAT, 9, new byte[0]));
        assertEquals(List.of(9), seqs);
        assertEquals(1, decoder.framesDropped());
    }

    @Test
    void shouldDropAnOversizeFrameUpToTheNextDelimiter() {
        byte[] junk = new byte[FrameLayout.MAX_ENCODED_LENGTH + 10];
        Arrays.fill(junk, (byte) 0x7F);
        feed(junk);
        feed(Bytes.hex("00"));
        feed(wire(MessageType.HEARTBEAT, 4, new byte[0]));
        assertEquals(List.of(4), seqs);
        assertEquals(1, decoder.oversizeFrames());
    }

    @Test
    void shouldCountAFrameWithAnotherVersionAsAHeaderError() {
        byte[] frame = new byte[16];
        frame[0] = 2; // version 2
        frame[1] = (byte) MessageType.HEARTBEAT.code();
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(frame, 0, 12);
        LittleEndian.putU32(frame, 12, crc.getValue());
        byte[] out = new byte[40];
        int n = Cobs.encode(frame, 0, 16, out, 0);
        feed(Arrays.copyOf(out, n + 1));
        assertEquals(List.of(), seqs);
        assertEquals(1, decoder.headerErrors());
    }

    @Test
    void shouldCountALengthFieldThatDisagreesWithTheFrame() {
        byte[] frame = new byte[20];
        frame[0] = 1;
        frame[1] = (byte) MessageType.HEARTBEAT.code();
        LittleEndian.putU16(frame, FrameLayout.PAYLOAD_LENGTH_OFFSET, 5); // frame holds 4 payload bytes
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(frame, 0, 16);
        LittleEndian.putU32(frame, 16, crc.getValue());
        byte[] out = new byte[40];
        int n = Cobs.encode(frame, 0, 20, out, 0);
        feed(Arrays.copyOf(out, n + 1));
        assertEquals(1, decoder.lengthErrors());
    }

    @Test
    void shouldNeverThrowOnRandomBytesAndStillFindFramesBetweenThem() {
        long seed = 424242L;
        SplittableRandom random = new SplittableRandom(seed);
        int sent = 0;
        for (int round = 0; round < 20_000; round++) {
            byte[] garbage = new byte[random.nextInt(0, 60)];
            random.nextBytes(garbage);
            feed(garbage);
            feed(Bytes.hex("00"));
            feed(wire(MessageType.HEARTBEAT, round & 0xFFFF, new byte[0]));
            sent++;
        }
        // random garbage could by chance form a valid frame only with probability ~2^-32 per fragment
        assertEquals(sent, seqs.size(), "seed=" + seed);
    }

    @Test
    void shouldNotAllocateWhileDecoding() {
        byte[] a = wire(MessageType.SETPOINT_BLOCK, 1, new byte[SetpointBlockLayout.MAX_LENGTH]);
        long[] count = new long[1];
        FrameDecoder quiet = new FrameDecoder(f -> count[0] += f.payloadLength());
        for (int i = 0; i < 20_000; i++) {
            quiet.feed(a, 0, a.length); // warm up
        }
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = mx.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 20_000; i++) {
            quiet.feed(a, 0, a.length);
        }
        long allocated = mx.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated < 1024, "allocated " + allocated + " bytes for 20,000 frames");
        assertEquals(40_000L * SetpointBlockLayout.MAX_LENGTH, count[0]);
    }
}
