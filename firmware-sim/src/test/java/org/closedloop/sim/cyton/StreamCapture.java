package org.closedloop.sim.cyton;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.closedloop.protocol.cyton.CytonPacketLayout;
import org.closedloop.protocol.cyton.CytonStreamDecoder;
import org.closedloop.protocol.cyton.SampleLossTracker;
import org.closedloop.sim.pty.SlaveTerminal;

/**
 * The controller's side in a test: captures raw bytes from the board with deadlines, then decodes them with the
 * protocol module's decoder and loss tracker (the independent oracle for GroundTruth).
 */
public final class StreamCapture {
    public static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** One decoded packet. */
    public record Decoded(int sampleNumber, int[] counts) {
    }

    private final SlaveTerminal port;
    private final ByteArrayOutputStream raw = new ByteArrayOutputStream();
    private final byte[] buf = new byte[4096];

    public StreamCapture(SlaveTerminal port) {
        this.port = port;
    }

    /** Reads until at least {@code total} bytes have been captured in all. */
    public void readAtLeast(int total) throws IOException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (raw.size() < total) {
            int leftMs = (int) ((deadline - System.nanoTime()) / 1_000_000L);
            if (leftMs <= 0) {
                throw new IOException("timeout: " + raw.size() + " of " + total + " bytes");
            }
            int n = port.read(buf, 0, buf.length, leftMs);
            if (n < 0) {
                throw new IOException("hung up after " + raw.size() + " bytes");
            }
            raw.write(buf, 0, n);
        }
    }

    /** Reads until at least {@code packets} packets' worth of bytes have been captured. */
    public void readPackets(int packets) throws IOException {
        readAtLeast(packets * CytonPacketLayout.PACKET_LENGTH);
    }

    /** Reads until {@code text} appears in what was captured after byte {@code from}. */
    public void readUntilText(String text, int from) throws IOException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (raw.toString(StandardCharsets.ISO_8859_1).indexOf(text, from) < 0) {
            int leftMs = (int) ((deadline - System.nanoTime()) / 1_000_000L);
            if (leftMs <= 0) {
                throw new IOException("timeout waiting for '" + text + "'");
            }
            int n = port.read(buf, 0, buf.length, leftMs);
            if (n < 0) {
                throw new IOException("hung up waiting for '" + text + "'");
            }
            raw.write(buf, 0, n);
        }
    }

    public int size() {
        return raw.size();
    }

    /** Reads until the port hangs up; returns how many bytes came. */
    public int readUntilHangUp() throws IOException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        int before = raw.size();
        while (true) {
            int leftMs = (int) ((deadline - System.nanoTime()) / 1_000_000L);
            if (leftMs <= 0) {
                throw new IOException("no hang-up within " + TIMEOUT);
            }
            int n = port.read(buf, 0, buf.length, leftMs);
            if (n < 0) {
                return raw.size() - before;
            }
            raw.write(buf, 0, n);
        }
    }

    /**
     * Stops the stream with {@code s}, then asks {@code ~~}: the board handles commands in order, so once that reply
     * arrives every packet is in. Returns the stream bytes before the reply.
     */
    public byte[] stopAndCollect() throws IOException {
        port.write("s~~");
        String marker = "Hz$$$";
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!raw.toString(StandardCharsets.ISO_8859_1).endsWith(marker)) {
            int leftMs = (int) ((deadline - System.nanoTime()) / 1_000_000L);
            if (leftMs <= 0) {
                throw new IOException("no ~~ reply after s");
            }
            int n = port.read(buf, 0, buf.length, leftMs);
            if (n < 0) {
                throw new IOException("hung up waiting for the ~~ reply");
            }
            raw.write(buf, 0, n);
        }
        String all = raw.toString(StandardCharsets.ISO_8859_1);
        int replyStart = all.lastIndexOf("Success: Sample rate is ");
        return Arrays.copyOf(raw.toByteArray(), replyStart);
    }

    public byte[] captured() {
        return raw.toByteArray();
    }

    /** Decoding result. */
    public record Result(List<Decoded> packets, long samplesLost, long gaps, long bytesDiscarded) {
    }

    /** Decodes bytes; the loss tracker is given one arrival time for all (counter-based loss only, gaps < 128). */
    public static Result decode(byte[] bytes) {
        List<Decoded> packets = new ArrayList<>();
        SampleLossTracker tracker = new SampleLossTracker(250);
        CytonStreamDecoder decoder = new CytonStreamDecoder(p -> {
            int[] counts = new int[8];
            for (int c = 0; c < 8; c++) {
                counts[c] = p.channelCount(c);
            }
            packets.add(new Decoded(p.sampleNumber(), counts));
            tracker.onSample(p.sampleNumber(), 0L);
        });
        decoder.feed(bytes, 0, bytes.length);
        decoder.flush();
        return new Result(packets, tracker.samplesLost(), tracker.gaps(), decoder.bytesDiscarded());
    }

    /** The decoded packets are exactly the delivered ground-truth samples, in order. */
    public static void assertSameAsDelivered(List<Decoded> decoded, List<GroundTruth.Sample> delivered) {
        assertEquals(delivered.size(), decoded.size(), "decoded packets vs delivered samples");
        for (int i = 0; i < decoded.size(); i++) {
            GroundTruth.Sample truth = delivered.get(i);
            assertEquals(truth.sampleNumber(), decoded.get(i).sampleNumber(), "sample number at " + i);
            assertArrayEquals(truth.counts(), decoded.get(i).counts(), "counts at " + i);
        }
    }
}
