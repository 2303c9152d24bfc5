package org.closedloop.controller.acquisition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.closedloop.protocol.cyton.CytonScaling;
import org.closedloop.sim.cyton.CytonSimConfig;
import org.closedloop.sim.cyton.GroundTruth;
import org.closedloop.sim.cyton.SimulatedCytonBoard;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hardware-in-the-loop over a real pseudo-terminal: the simulated board on its pty, the controller opening it with
 * jssc, every sample compared with the simulator's ground truth.
 */
class CytonAcquisitionHilTest {
    private static final double UV_PER_COUNT = CytonScaling.microvoltsPerCount(24);

    @TempDir
    Path dir;

    private SimulatedCytonBoard board;
    private CytonAcquisition acquisition;
    private SampleCollector collector;
    private final List<String> events = new CopyOnWriteArrayList<>();

    private final AcquisitionListener recorder = new AcquisitionListener() {
        @Override
        public void onStall(long silentMs) {
            events.add("stall");
        }

        @Override
        public void onStallEnded(long silentMs) {
            events.add("resumed " + silentMs);
        }

        @Override
        public void onDisconnected(String port, String reason) {
            events.add("disconnected: " + reason);
        }

        @Override
        public void onReconnected(String port, long gapMs, long gapSamples) {
            events.add("reconnected");
        }
    };

    private void startBoardAndAcquisition(long seed) throws Exception {
        Path link = dir.resolve("cyton");
        board = SimulatedCytonBoard.start(CytonSimConfig.builder().seed(seed).linkPath(link).build());
        acquisition = new CytonAcquisition(AcquisitionConfig.defaults(link.toString()), JsscSerialLink::new, recorder);
        acquisition.start();
        collector = new SampleCollector(acquisition.ring(), 1 << 16);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (collector != null) {
            collector.close();
        }
        if (acquisition != null) {
            acquisition.close();
        }
        if (board != null) {
            board.close();
        }
    }

    /** The collected samples are exactly the delivered ones, in order, values equal to the ground truth. */
    private void assertCollectedEqualsDelivered(int n) {
        List<GroundTruth.Sample> delivered = board.groundTruth().delivered();
        assertTrue(delivered.size() >= n, "ground truth has " + delivered.size() + " delivered, collected " + n);
        for (int i = 0; i < n; i++) {
            GroundTruth.Sample truth = delivered.get(i);
            assertEquals(truth.sampleNumber(), collector.sampleNumber[i], "sample number at " + i);
            for (int ch = 0; ch < 8; ch++) {
                double got = collector.microvolts[i][ch];
                assertEquals(truth.counts()[ch], Math.round(got / UV_PER_COUNT), "counts at sample " + i + " ch " + ch);
                // against the analog truth before quantisation: within one LSB
                assertEquals(truth.microvolts()[ch], got, UV_PER_COUNT, "uV at sample " + i + " ch " + ch);
            }
        }
    }

    @Test
    void shouldReceiveEverySampleForTenSecondsWithValuesEqualToGroundTruth() throws Exception {
        startBoardAndAcquisition(42);
        int tenSeconds = 10 * 250;
        assertTrue(collector.awaitCount(tenSeconds, 30_000), "only " + collector.count() + " samples in 30 s");
        assertCollectedEqualsDelivered(tenSeconds);
        for (int i = 0; i < tenSeconds; i++) {
            assertEquals(i, collector.sampleIndex[i], "continuous time base");
            assertEquals(0, collector.lostBefore[i]);
        }
        AcquisitionStats s = acquisition.stats();
        assertEquals(0, s.samplesLost(), "loss reported");
        assertEquals(0, s.gaps());
        assertEquals(0, s.overruns());
        assertEquals(0, s.bytesDiscarded());
        assertTrue(acquisition.banner().contains("SYNTHETIC"), acquisition.banner());
    }

    /** Injects a fault after one second of clean data, collects another two seconds, checks the loss is exact. */
    private AcquisitionStats injectAndCollect(Runnable fault, GroundTruth.Delivery kind, long expectedLost) {
        assertTrue(collector.awaitCount(250, 10_000));
        fault.run();
        int target = collector.count() + 500;
        assertTrue(collector.awaitCount(target, 15_000), "stream did not resume: " + collector.count());
        AcquisitionStats s = acquisition.stats();
        long injected = board.groundTruth().samplesLostByFaults();
        if (kind != null) {
            assertEquals(injected, board.groundTruth().count(kind), "the simulator lost samples only by " + kind);
        }
        if (expectedLost >= 0) {
            assertEquals(expectedLost, injected, "simulator's own count");
        }
        assertEquals(injected, s.samplesLost(), "the controller counts exactly the injected loss");
        assertCollectedEqualsDelivered(collector.count());
        return s;
    }

    @Test
    void shouldLoseNothingToAGarbageBurstBetweenPackets() throws Exception {
        startBoardAndAcquisition(1);
        AcquisitionStats s = injectAndCollect(() -> board.faults().garbageBurst(40), null, 0);
        assertEquals(40, s.bytesDiscarded(), "exactly the garbage is discarded");
    }

    @Test
    void shouldLoseExactlyTheCorruptedPackets() throws Exception {
        startBoardAndAcquisition(2);
        AcquisitionStats s = injectAndCollect(() -> board.faults().corruptPackets(2), GroundTruth.Delivery.CORRUPTED, 2);
        assertEquals(1, s.gaps());
    }

    @Test
    void shouldLoseExactlyTheDroppedPackets() throws Exception {
        startBoardAndAcquisition(3);
        injectAndCollect(() -> board.faults().dropPackets(3), GroundTruth.Delivery.DROPPED, 3);
        int i = indexOfFirstLoss();
        assertEquals(3, collector.lostBefore[i]);
        assertEquals(collector.sampleIndex[i - 1] + 4, collector.sampleIndex[i], "the time base skips the lost samples");
    }

    @Test
    void shouldLoseExactlyThePacketsWithBadStopBytes() throws Exception {
        startBoardAndAcquisition(4);
        injectAndCollect(() -> board.faults().badStopBytes(1), GroundTruth.Delivery.BAD_STOP_BYTE, 1);
    }

    @Test
    void shouldReportAStallAndCountTheSamplesItCost() throws Exception {
        startBoardAndAcquisition(5);
        AcquisitionStats s = injectAndCollect(() -> board.faults().stall(Duration.ofMillis(600)), GroundTruth.Delivery.STALLED, -1);
        assertTrue(board.groundTruth().count(GroundTruth.Delivery.STALLED) >= 140, "a 600 ms stall at 250 Hz");
        assertEquals(0, s.longGaps());
        assertTrue(events.contains("stall"), "stall reported: " + events);
        assertTrue(events.stream().anyMatch(e -> e.startsWith("resumed")), "resume reported: " + events);
    }

    @Test
    void shouldCountAGapLongerThan255SamplesFromTheArrivalClock() throws Exception {
        startBoardAndAcquisition(6);
        AcquisitionStats s = injectAndCollect(() -> board.faults().stall(Duration.ofMillis(2500)), GroundTruth.Delivery.STALLED, -1);
        assertTrue(board.groundTruth().count(GroundTruth.Delivery.STALLED) > 256, "longer than one counter wrap");
        assertEquals(1, s.longGaps());
    }

    @Test
    void shouldReconnectAfterTheDeviceDisappearsAndReportTheGap() throws Exception {
        startBoardAndAcquisition(7);
        assertTrue(collector.awaitCount(250, 10_000));
        board.faults().unplug(Duration.ofSeconds(1));
        int target = collector.count() + 500;
        assertTrue(collector.awaitCount(target, 20_000), "no data after re-plug: " + collector.count() + " " + events);
        AcquisitionStats s = acquisition.stats();
        assertEquals(1, s.reconnects(), events.toString());
        assertTrue(events.stream().anyMatch(e -> e.startsWith("disconnected")), events.toString());
        assertTrue(s.reconnectGapSamples() >= 200, "a gap of >= 1 s at 250 Hz, got " + s.reconnectGapSamples());
        // what the controller received equals what the board delivered, across both streams
        assertCollectedEqualsDelivered(collector.count());
        int i = indexOfFirstLoss();
        assertEquals(s.reconnectGapSamples(), collector.lostBefore[i], "the gap is handed to the consumer");
        assertEquals(0, s.samplesLost(), "a reconnect gap is not counted as link loss");
    }

    private int indexOfFirstLoss() {
        for (int i = 0; i < collector.count(); i++) {
            if (collector.lostBefore[i] > 0) {
                return i;
            }
        }
        throw new AssertionError("no sample reports a loss before it");
    }
}
