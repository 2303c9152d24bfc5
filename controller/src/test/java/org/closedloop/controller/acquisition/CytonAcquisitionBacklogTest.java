package org.closedloop.controller.acquisition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.closedloop.protocol.cyton.CytonPacketEncoder;
import org.closedloop.protocol.cyton.CytonPacketLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The acquisition's loss accounting with the arrival stamps and kernel queue counts chosen exactly, through a
 * scripted link (the link's side of it, reading a real pty, is {@link HostPauseHilTest}'s). Worked by hand at 250 Hz,
 * 4 ms a sample: packets 0-9 arrive on time, one per read, at 0, 4, ..., 36 ms. The controller is then stopped
 * between the link's poll, which saw packet 10 alone, and the arrival stamp: packet 10 (sent at 40 ms) is stamped at
 * 692 ms, 163 periods late, while the 163 packets sent meanwhile wait in the kernel.
 */
class CytonAcquisitionBacklogTest {
    private static final long PERIOD_NS = 4_000_000L;
    private static final int LATE_PERIODS = 163;

    private CytonAcquisition acquisition;
    private ScriptedLink link;
    private long t0;

    /** Answers the handshake like a Cyton; delivers nothing else until the test does. */
    private static final class ScriptedLink implements SerialLink {
        ByteReceiver receiver;

        @Override
        public void open(ByteReceiver r) {
            receiver = r;
        }

        @Override
        public void write(byte[] bytes) {
            String cmd = new String(bytes, StandardCharsets.US_ASCII);
            String reply = cmd.equals("v") ? "OpenBCI V3 8-16 channel\nFirmware: v3.1.2\n$$$"
                    : cmd.equals("d") ? "updating channel settings to default$$$" : null;
            if (reply != null) {
                byte[] b = reply.getBytes(StandardCharsets.US_ASCII);
                receiver.onBytes(b, b.length, System.nanoTime(), 0);
            }
        }

        @Override
        public boolean isHealthy() {
            return true;
        }

        @Override
        public String portName() {
            return "scripted";
        }

        @Override
        public void close() {
        }
    }

    @AfterEach
    void tearDown() {
        if (acquisition != null) {
            acquisition.close();
        }
    }

    private void start() throws Exception {
        link = new ScriptedLink();
        acquisition = new CytonAcquisition(AcquisitionConfig.defaults("scripted"), port -> link,
                new AcquisitionListener() { });
        acquisition.start();
        // stamps from now on (a little in the future is fine): the supervisor never sees the link as silent
        t0 = System.nanoTime();
    }

    /** A packet with sample counter {@code n} (mod 256) and zero data. */
    private static byte[] packet(int n) {
        byte[] p = new byte[CytonPacketLayout.PACKET_LENGTH];
        CytonPacketEncoder.encodeAccel(n & 0xFF, new int[CytonPacketLayout.CHANNELS], new int[3], p, 0);
        return p;
    }

    private void read(int sample, long arrivalNs, int queuedPackets) {
        byte[] p = packet(sample);
        link.receiver.onBytes(p, p.length, t0 + arrivalNs, queuedPackets * CytonPacketLayout.PACKET_LENGTH);
    }

    private void firstTenOnTimeThenPacketTenLate(int queuedPackets) {
        for (int k = 0; k < 10; k++) {
            read(k, k * PERIOD_NS, 0);
        }
        read(10, 10 * PERIOD_NS + LATE_PERIODS * PERIOD_NS, queuedPackets);
    }

    private List<Long> indices() {
        List<Long> out = new ArrayList<>();
        SampleFrame f = new SampleFrame(8);
        while (acquisition.ring().poll(f)) {
            out.add(f.sampleIndex);
        }
        return out;
    }

    @Test
    void shouldCountNothingLostWhenThePacketsQueuedInTheKernelShowTheStampWasLate() throws Exception {
        start();
        assertNotNull(link.receiver);
        // clock: (692 - 36) / 4 - 1 = 163 periods missing; less the 163 queued behind: 0. No wrap.
        firstTenOnTimeThenPacketTenLate(LATE_PERIODS);
        // the backlog then comes in reads of 124 packets, then 39, the first stamped just after packet 10
        for (int k = 11; k <= 10 + LATE_PERIODS; k++) {
            int inRead = k <= 134 ? 135 - k - 1 : 174 - k - 1; // packets behind it in its own read
            read(k, 10 * PERIOD_NS + LATE_PERIODS * PERIOD_NS + 10_000L, inRead);
        }
        AcquisitionStats s = acquisition.stats();
        assertEquals(11 + LATE_PERIODS, s.samplesReceived());
        assertEquals(0, s.samplesLost(), s.toString());
        assertEquals(0, s.longGaps(), s.toString());
        List<Long> idx = indices();
        assertEquals(11 + LATE_PERIODS, idx.size());
        assertEquals(idx.get(0) + idx.size() - 1, idx.get(idx.size() - 1), "the index ran on without a jump");
    }

    @Test
    void shouldReadTheSameLateStampAsALostWrapWithoutTheQueueCount() throws Exception {
        start();
        // clock: 163 periods missing, counter 0 missing; round(163 / 256) = 1 wrap: what CI saw before the count
        firstTenOnTimeThenPacketTenLate(0);
        assertEquals(256, acquisition.stats().samplesLost());
        assertEquals(1, acquisition.stats().longGaps());
    }

    @Test
    void shouldStillCountARealLossOfMoreThanAWrapWhenLittleIsQueued() throws Exception {
        start();
        for (int k = 0; k < 10; k++) {
            read(k, k * PERIOD_NS, 0);
        }
        // samples 10-309 never arrive (the radio dropped out); sample 310 (counter 310 mod 256 = 54) arrives on time
        // at 1240 ms with 2 packets queued, and 311-313 follow on time (after a counter gap the decoder confirms a
        // packet with up to 98 bytes of look-ahead, so 310 is handed over with one of the later reads, at most
        // 1252 ms, with at most 3 packets behind). Clock: at least (1240 - 36) / 4 - 1 - 3 = 297 periods missing
        // and at most (1252 - 36) / 4 - 1 = 303; counter: 54 - 9 - 1 = 44; wraps round((297..303 - 44) / 256) = 1:
        // 44 + 256 = 300 lost.
        read(310, 310 * PERIOD_NS, 2);
        for (int k = 311; k <= 313; k++) {
            read(k, k * PERIOD_NS, 0);
        }
        assertEquals(300, acquisition.stats().samplesLost());
        assertEquals(1, acquisition.stats().longGaps());
        List<Long> idx = indices();
        assertEquals(310, idx.get(10) - idx.get(0), "the index skips the 300 lost");
    }
}
