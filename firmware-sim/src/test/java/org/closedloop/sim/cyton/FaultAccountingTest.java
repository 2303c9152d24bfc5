package org.closedloop.sim.cyton;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.closedloop.protocol.cyton.CytonPacketLayout;
import org.closedloop.sim.cyton.GroundTruth.Delivery;
import org.closedloop.sim.pty.SlaveTerminal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each fault's effect, seen two independent ways: GroundTruth's accounting, and the protocol module's decoder and
 * loss tracker on the bytes that really arrived.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class FaultAccountingTest {
    private static final long SEED = 5;

    @TempDir
    Path dir;
    private SimulatedCytonBoard board;
    private SlaveTerminal port;
    private StreamCapture capture;

    @BeforeEach
    void start() throws IOException {
        board = SimulatedCytonBoard.start(CytonSimConfig.builder().seed(SEED).linkPath(dir.resolve("cyton")).build());
        port = SlaveTerminal.open(board.devicePath());
        capture = new StreamCapture(port);
    }

    @AfterEach
    void stop() {
        port.close();
        board.close();
    }

    /**
     * Streams, lets the fault act on packets in mid-stream, stops, and decodes everything that arrived. The fault is
     * applied by the next batch at the latest, so once a batch and 60 more samples are generated it has acted and the
     * stream has gone on after it.
     */
    private StreamCapture.Result streamWith(Runnable fault) throws IOException, InterruptedException {
        port.write("b");
        capture.readPackets(10);
        long before = board.groundTruth().generated();
        fault.run();
        assertTrue(board.groundTruth().awaitGenerated(before + BoardLoop.MAX_BATCH + 60, StreamCapture.TIMEOUT));
        return StreamCapture.decode(capture.stopAndCollect());
    }

    private void assertLost(StreamCapture.Result result, Delivery kind, long expected) {
        GroundTruth truth = board.groundTruth();
        assertEquals(expected, truth.count(kind), "seed " + SEED + ": " + kind);
        assertEquals(expected, truth.samplesLostByFaults(), "seed " + SEED + ": no other losses");
        assertEquals(expected, result.samplesLost(), "seed " + SEED + ": loss seen by the decoder and tracker");
        assertEquals(expected > 0 ? 1 : 0, result.gaps(), "seed " + SEED + ": one gap");
        StreamCapture.assertSameAsDelivered(result.packets(), truth.delivered());
    }

    @Test
    void shouldDropExactlyThreeSamples() throws IOException, InterruptedException {
        StreamCapture.Result result = streamWith(() -> board.faults().dropPackets(3));
        assertLost(result, Delivery.DROPPED, 3);
        assertEquals(0, result.bytesDiscarded(), "dropped packets are simply absent");
    }

    @Test
    void shouldAcceptTheTextualForm() throws IOException, InterruptedException {
        StreamCapture.Result result = streamWith(() -> board.faults().apply("drop 4"));
        assertLost(result, Delivery.DROPPED, 4);
    }

    @Test
    void shouldCorruptPacketsBeyondRecognition() throws IOException, InterruptedException {
        StreamCapture.Result result = streamWith(() -> board.faults().corruptPackets(2));
        assertLost(result, Delivery.CORRUPTED, 2);
        assertEquals(2L * CytonPacketLayout.PACKET_LENGTH, result.bytesDiscarded());
    }

    @Test
    void shouldSendBadStopBytes() throws IOException, InterruptedException {
        StreamCapture.Result result = streamWith(() -> board.faults().badStopBytes(1));
        assertLost(result, Delivery.BAD_STOP_BYTE, 1);
        assertEquals(CytonPacketLayout.PACKET_LENGTH, result.bytesDiscarded());
    }

    @Test
    void shouldInsertGarbageWithoutLosingASample() throws IOException, InterruptedException {
        StreamCapture.Result result = streamWith(() -> board.faults().garbageBurst(40));
        GroundTruth truth = board.groundTruth();
        assertEquals(0, truth.samplesLostByFaults());
        assertEquals(truth.generated(), truth.count(Delivery.DELIVERED));
        assertEquals(0, result.samplesLost(), "seed " + SEED);
        assertEquals(40, result.bytesDiscarded(), "seed " + SEED + ": exactly the garbage was discarded");
        StreamCapture.assertSameAsDelivered(result.packets(), truth.delivered());
    }

    @Test
    void shouldStallForExactlyTheSamplesDueInTheWindow() throws IOException, InterruptedException {
        StreamCapture.Result result = streamWith(() -> board.faults().stall(Duration.ofMillis(200)));
        // Sample deadlines are exact multiples of 4 ms: a 200 ms window holds exactly 50 of them.
        assertLost(result, Delivery.STALLED, 50);
    }

    @Test
    void shouldUnplugAndComeBackAsAFreshBoardOnANewPty() throws IOException {
        port.write("~5");
        assertEquals("Success: Sample rate is 500Hz$$$", port.readUntil("$$$", StreamCapture.TIMEOUT));
        port.write("b");
        capture.readPackets(20);
        board.faults().unplug(Duration.ofMillis(300));
        capture.readUntilHangUp();
        assertFalse(board.isStreaming());

        // What arrived before the hang-up is exactly what GroundTruth calls delivered.
        StreamCapture.Result first = StreamCapture.decode(capture.captured());
        GroundTruth truth = board.groundTruth();
        StreamCapture.assertSameAsDelivered(first.packets(), truth.delivered());
        long generated = truth.generated();
        assertEquals(generated - first.packets().size(), truth.count(Delivery.UNPLUGGED));
        assertEquals(truth.count(Delivery.UNPLUGGED), truth.samplesLostByFaults());

        // The controller reopens the stable name until the device is back, as it would after a USB unplug.
        try (SlaveTerminal again = reopen(board.devicePath())) {
            again.write("v");
            assertTrue(again.readUntil("$$$", StreamCapture.TIMEOUT).contains("SYNTHETIC DATA"));
            again.write("~~");
            assertEquals("Success: Sample rate is 250Hz$$$", again.readUntil("$$$", StreamCapture.TIMEOUT),
                    "a fresh board runs at the power-on rate");
            StreamCapture second = new StreamCapture(again);
            again.write("b");
            second.readPackets(10);
            StreamCapture.Result afterReplug = StreamCapture.decode(second.stopAndCollect());
            assertEquals(0, afterReplug.packets().get(0).sampleNumber());
            List<GroundTruth.Sample> stream2 = truth.delivered().stream().filter(s -> s.stream() == 2).toList();
            StreamCapture.assertSameAsDelivered(afterReplug.packets(), stream2);
            assertEquals(generated, truth.samples().stream().filter(s -> s.stream() == 1).count(),
                    "nothing sampled while unplugged");
        }
    }

    /** Opens the path, retrying while the device is away (bounded by a deadline, not a fixed sleep). */
    private static SlaveTerminal reopen(Path path) throws IOException {
        long deadline = System.nanoTime() + StreamCapture.TIMEOUT.toNanos();
        while (true) {
            if (Files.exists(path)) {
                try {
                    return SlaveTerminal.open(path);
                } catch (IOException e) {
                    // the link may name a pty that is going away; try again
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IOException(path + " did not come back within " + StreamCapture.TIMEOUT);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }
}
