package org.closedloop.sim.stim;

import static org.closedloop.sim.stim.HostSide.block;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.closedloop.protocol.link.AckLayout;
import org.closedloop.protocol.link.AckResult;
import org.closedloop.protocol.link.MessageType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The delivered-current hook: the sink sees every DAC tick, in order, with exactly the host time and delivered
 * currents of the ground truth, zeros included, and from the stop on only zeros. Judged against
 * {@link StimGroundTruth} over the real pty, driven by raw frames ({@link HostSide}).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DeliveredCurrentSinkTest {
    private static final int TIMEOUT_MS = 5_000;
    private static final int MAX_TICKS = 1 << 16;

    /** Keeps every tick it is told, up to {@link #MAX_TICKS}; written by the DAC thread, read by the test. */
    private static final class RecordingSink implements DeliveredCurrentSink {
        private final long[] nanos = new long[MAX_TICKS];
        private final int[][] currents = new int[MAX_TICKS][];
        private int size;
        private int badLengths;

        @Override
        public synchronized void onDelivered(long hostNanos, int[] microAmps) {
            if (microAmps.length != 2) {
                badLengths++;
            }
            if (size < MAX_TICKS) {
                nanos[size] = hostNanos;
                currents[size] = microAmps.clone();
                size++;
            }
        }

        synchronized long[] nanos() {
            return Arrays.copyOf(nanos, size);
        }

        synchronized int[][] currents() {
            return Arrays.copyOf(currents, size);
        }

        synchronized int badLengths() {
            return badLengths;
        }
    }

    private SimulatedStimulator sim;
    private HostSide host;

    @AfterEach
    void stop() {
        if (host != null) {
            host.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    private void startWith(RecordingSink sink) throws Exception {
        sim = SimulatedStimulator.start(StimSimConfig.builder().channels(2).build(), sink);
        host = new HostSide(sim.devicePath());
        int seq = host.send(MessageType.CONFIGURE, HostSide.configure(2500, 2500));
        HostSide.Received ack = host.await(MessageType.ACK, TIMEOUT_MS);
        assertEquals(seq, ack.ackSeq());
        assertEquals(AckResult.OK.code(), ack.payload()[AckLayout.RESULT_OFFSET]);
    }

    /** The sink's ticks are exactly the ground truth's, tick for tick, from the first tick on. */
    private static void assertSinkMatchesGroundTruth(RecordingSink sink, StimGroundTruth truth) {
        // the sink is told after the ground truth appends: read the sink first, then the truth holds at least as much
        long[] nanos = sink.nanos();
        int[][] currents = sink.currents();
        StimGroundTruth.Trace t = truth.trace();
        assertTrue(truth.ticks() < truth.capacity(), "nothing evicted: the trace starts at the first tick");
        assertTrue(nanos.length > 0 && nanos.length <= t.size(), "sink " + nanos.length + ", truth " + t.size());
        assertTrue(t.size() - nanos.length <= 1, "the sink is at most the tick in flight behind");
        for (int k = 0; k < nanos.length; k++) {
            assertEquals(t.hostNanos()[k], nanos[k], "host time of tick " + k);
            assertArrayEquals(t.delivered()[k], currents[k], "delivered at tick " + k);
            if (k > 0) {
                assertTrue(nanos[k] > nanos[k - 1], "strictly increasing at tick " + k);
            }
        }
        assertEquals(0, sink.badLengths(), "always one value per physical channel");
    }

    @Test
    void shouldTellTheSinkEveryTickExactlyAsTheGroundTruthRecordsItAndZerosAfterTheRunEnds() throws Exception {
        RecordingSink sink = new RecordingSink();
        startWith(sink);
        long start = sim.deviceMicros(System.nanoTime()) + 30_000;
        int[][] first = new int[20][];
        int[][] second = new int[20][];
        for (int i = 0; i < 20; i++) {
            first[i] = new int[] {10 * i + 1, -10 * i - 1};
            second[i] = new int[] {-7 * i - 3, 7 * i + 3};
        }
        host.send(MessageType.SETPOINT_BLOCK, block(0, start, first));
        host.send(MessageType.SETPOINT_BLOCK, block(1, start + 20_000, second));
        int end = host.send(MessageType.END_RUN, HostSide.endRun(1));
        assertEquals(end, host.await(MessageType.ACK, TIMEOUT_MS).ackSeq());
        long sent = System.nanoTime();
        assertTrue(sim.groundTruth().awaitTickAt(sent + 100_000_000L, Duration.ofSeconds(10)),
                "the run (≤ 70 ms after sending) and 30 ms of idle ticks");
        assertSinkMatchesGroundTruth(sink, sim.groundTruth());
        assertEquals(List.of(), sim.groundTruth().faults());

        long[] nanos = sink.nanos();
        int[][] currents = sink.currents();
        StimGroundTruth.Trace t = sim.groundTruth().trace();
        int at = -1;
        for (int k = 0; k < t.size(); k++) {
            if (t.deviceUs()[k] == start) {
                at = k;
            }
        }
        assertTrue(at > 0, "idle ticks before the run, then a tick at the run's start");
        for (int k = 0; k < at; k++) {
            assertArrayEquals(new int[] {0, 0}, currents[k], "zero before the run, tick " + k);
        }
        for (int i = 0; i < 40; i++) {
            assertArrayEquals(i < 20 ? first[i] : second[i - 20], currents[at + i], "sample " + i + " of the run");
        }
        assertTrue(nanos.length > at + 60, "idle ticks after the run are told too: " + (nanos.length - at - 40));
        for (int k = at + 40; k < nanos.length; k++) {
            assertArrayEquals(new int[] {0, 0}, currents[k], "zero after the run, tick " + k);
        }
    }

    @Test
    void shouldTellTheSinkZerosFromTheTickAfterAStopMidRun() throws Exception {
        RecordingSink sink = new RecordingSink();
        startWith(sink);
        long start = sim.deviceMicros(System.nanoTime()) + 30_000;
        int[][] samples = HostSide.pair(20, 200);
        host.send(MessageType.SETPOINT_BLOCK, block(0, start, samples));
        host.send(MessageType.SETPOINT_BLOCK, block(1, start + 20_000, samples));
        host.send(MessageType.SETPOINT_BLOCK, block(2, start + 40_000, samples));
        long runNanos = System.nanoTime() + 30_000_000L;
        assertTrue(sim.groundTruth().awaitTickAt(runNanos + 5_000_000L, Duration.ofSeconds(10)));
        int stop = host.send(MessageType.STOP, new byte[0]);
        assertEquals(stop, host.await(MessageType.ACK, TIMEOUT_MS).ackSeq());
        long stopped = System.nanoTime();
        assertTrue(sim.groundTruth().awaitTickAt(stopped + 80_000_000L, Duration.ofSeconds(10)),
                "past the end the blocks would have had");
        assertSinkMatchesGroundTruth(sink, sim.groundTruth());

        long[] nanos = sink.nanos();
        int[][] currents = sink.currents();
        int lastNonZero = -1;
        int nonZero = 0;
        for (int k = 0; k < nanos.length; k++) {
            if (currents[k][0] != 0 || currents[k][1] != 0) {
                assertArrayEquals(new int[] {200, -200}, currents[k], "tick " + k);
                lastNonZero = k;
                nonZero++;
            }
        }
        assertTrue(nonZero >= 5 && nonZero < 60, "stopped mid-run after " + nonZero + " of 60 samples");
        assertTrue(nanos[lastNonZero] < stopped, "nothing flows after the STOP was acknowledged");
        long zeroSince = sim.groundTruth().zeroSince(nanos[lastNonZero]);
        assertEquals(nanos[lastNonZero + 1], zeroSince, "the sink's first zero is the ground truth's");
        assertTrue(nanos.length - lastNonZero > 50, "zeros keep coming: " + (nanos.length - lastNonZero - 1));
    }

    @Test
    void shouldRefuseANullSink() {
        var e = assertThrows(NullPointerException.class,
                () -> SimulatedStimulator.start(StimSimConfig.defaults(), null));
        assertTrue(e.getMessage().startsWith("sink=null"), e.getMessage());
    }
}
