package org.closedloop.sim.stim;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import org.closedloop.protocol.link.ConfigureLayout;
import org.closedloop.protocol.link.EndRunLayout;
import org.closedloop.protocol.link.FrameDecoder;
import org.closedloop.protocol.link.FrameEncoder;
import org.closedloop.protocol.link.FrameLayout;
import org.closedloop.protocol.link.LittleEndian;
import org.closedloop.protocol.link.MessageType;
import org.closedloop.protocol.link.ResetFaultLayout;
import org.closedloop.protocol.link.SetpointBlockLayout;
import org.closedloop.sim.pty.SlaveTerminal;

/**
 * A bare host for device tests: writes raw frames to the simulator's pty and reads its frames back, with no
 * controller logic (and no safety gate) in between.
 *
 * <p><b>Thread safety:</b> not thread safe; one test thread.
 */
public final class HostSide implements AutoCloseable {

    /** A received frame. */
    public record Received(MessageType type, int seq, boolean reply, int ackSeq, byte[] payload, long arrivalNanos) {
    }

    private final SlaveTerminal port;
    private final FrameEncoder encoder = new FrameEncoder();
    private final Deque<Received> inbox = new ArrayDeque<>();
    private final FrameDecoder decoder;
    private final byte[] wire = new byte[FrameLayout.MAX_WIRE_LENGTH];
    private long readNanos;
    private int seq;

    public HostSide(Path device) throws IOException {
        this.port = SlaveTerminal.open(device);
        this.decoder = new FrameDecoder(f -> inbox.add(new Received(MessageType.fromCode(f.typeCode()), f.seq(),
                f.isReply(), f.ackSeq(), f.copyPayload(), readNanos)));
    }

    /** Sends one frame; returns its sequence number. */
    public int send(MessageType type, byte[] payload) throws IOException {
        int s = seq++ & 0xFFFF;
        int n = encoder.encode(type, 0, s, 0, payload, 0, payload.length, wire, 0);
        port.write(Arrays.copyOf(wire, n));
        return s;
    }

    /** Sends raw bytes (e.g. a damaged frame). */
    public void sendRaw(byte[] bytes) throws IOException {
        port.write(bytes);
    }

    /** Skips {@code n} sequence numbers (as if that many frames were lost before the device). */
    public void skipSeq(int n) {
        seq += n;
    }

    /** Waits for the next frame of {@code type}, discarding others; fails after {@code timeoutMs}. */
    public Received await(MessageType type, int timeoutMs) throws IOException {
        return await(type, r -> true, timeoutMs);
    }

    /** Waits for the next frame of {@code type} that matches, discarding others; fails after {@code timeoutMs}. */
    public Received await(MessageType type, java.util.function.Predicate<Received> match, int timeoutMs) throws IOException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        byte[] buf = new byte[4096];
        while (true) {
            while (!inbox.isEmpty()) {
                Received r = inbox.poll();
                if (r.type() == type && match.test(r)) {
                    return r;
                }
            }
            int left = (int) ((deadline - System.nanoTime()) / 1_000_000L);
            if (left <= 0) {
                throw new IOException("no " + type + " within " + timeoutMs + " ms");
            }
            int n = port.read(buf, 0, buf.length, left);
            if (n < 0) {
                throw new IOException("hung up waiting for " + type);
            }
            readNanos = System.nanoTime();
            decoder.feed(buf, 0, n);
        }
    }

    public FrameDecoder decoder() {
        return decoder;
    }

    public static byte[] hello(long nonce) {
        byte[] p = new byte[4];
        LittleEndian.putU32(p, 0, nonce);
        return p;
    }

    /** CONFIGURE with {@code areasCentiCm2.length} channels. */
    public static byte[] configure(int... areasCentiCm2) {
        byte[] p = new byte[ConfigureLayout.LENGTH];
        p[ConfigureLayout.CHANNEL_COUNT_OFFSET] = (byte) areasCentiCm2.length;
        for (int c = 0; c < areasCentiCm2.length; c++) {
            LittleEndian.putU16(p, ConfigureLayout.areaOffset(c), areasCentiCm2[c]);
        }
        return p;
    }

    /** A block: {@code samples[s][c]} µA. */
    public static byte[] block(long blockSeq, long startUs, int[][] samples) {
        int n = samples.length;
        int ch = samples[0].length;
        byte[] p = new byte[SetpointBlockLayout.length(ch, n)];
        LittleEndian.putU32(p, SetpointBlockLayout.BLOCK_SEQ_OFFSET, blockSeq);
        p[SetpointBlockLayout.CHANNEL_COUNT_OFFSET] = (byte) ch;
        p[SetpointBlockLayout.SAMPLE_COUNT_OFFSET] = (byte) n;
        LittleEndian.putI64(p, SetpointBlockLayout.START_DEVICE_US_OFFSET, startUs);
        for (int s = 0; s < n; s++) {
            for (int c = 0; c < ch; c++) {
                LittleEndian.putU16(p, SetpointBlockLayout.sampleOffset(s, c, ch), samples[s][c]);
            }
        }
        return p;
    }

    /** {@code n} samples of {@code (a, -a)}. */
    public static int[][] pair(int n, int a) {
        int[][] s = new int[n][];
        for (int i = 0; i < n; i++) {
            s[i] = new int[] {a, -a};
        }
        return s;
    }

    public static byte[] endRun(long lastSeq) {
        byte[] p = new byte[EndRunLayout.LENGTH];
        LittleEndian.putU32(p, 0, lastSeq);
        return p;
    }

    public static byte[] resetFault(int code) {
        byte[] p = new byte[ResetFaultLayout.LENGTH];
        LittleEndian.putU16(p, 0, code);
        return p;
    }

    @Override
    public void close() {
        port.close();
    }
}
