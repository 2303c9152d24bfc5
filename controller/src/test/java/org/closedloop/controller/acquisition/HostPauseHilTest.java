package org.closedloop.controller.acquisition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.closedloop.controller.testing.Await;
import org.closedloop.controller.testing.ChildJvm;
import org.closedloop.sim.cyton.CytonSimConfig;
import org.closedloop.sim.cyton.GroundTruth;
import org.closedloop.sim.cyton.SimulatedCytonBoard;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A paused host is not a lossy link. The controller's acquisition runs in a child JVM on the simulated board's pty;
 * the test stops the whole child (SIGSTOP) for more than half the 8-bit counter's wrap (128 sample periods, 0.51 s at
 * 250 Hz) while the board keeps sampling into the pty, then lets it go on (SIGCONT). The backlog then arrives in reads
 * of up to 4095 bytes, its first packet as late after the one before it as lost wraps of 256 samples would make it.
 * Nothing was lost: the acquisition must count no loss and keep its sample index continuous.
 */
class HostPauseHilTest {
    @TempDir
    Path dir;

    private SimulatedCytonBoard board;
    private ChildJvm child;

    @AfterEach
    void tearDown() throws Exception {
        if (child != null) {
            child.close();
        }
        if (board != null) {
            board.close();
        }
    }

    private static final long PERIOD_NS = 4_000_000L; // 250 Hz
    private static final Duration WAIT = Duration.ofSeconds(60);

    /** The child's {@code REPORT received lost gaps longGaps firstIndex lastIndex collected} line. */
    private record Report(String line, long received, long lost, long gaps, long longGaps, long firstIndex,
                          long lastIndex, long collected) {
        static Report parse(String line) {
            String[] f = line.split(" ");
            return new Report(line, Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]),
                    Long.parseLong(f[4]), Long.parseLong(f[5]), Long.parseLong(f[6]), Long.parseLong(f[7]));
        }
    }

    /**
     * 0.65 s, 162 periods: the packets behind the first late one, subtracted, leave less than half a wrap. Three
     * pauses in one run: where the pause falls (between jssc's poll and the arrival stamp, or in a blocked read) is
     * chance, and the first fell between them in 3 of 40 pauses before the kernel's queue was counted.
     */
    @Test
    void shouldCountNoLossAndKeepTheIndexContinuousWhenTheControllerWasPausedForOverHalfAWrap() throws Exception {
        pauseTheControllerAndCheckNothingWasCountedLost(650_000_000L, 3);
    }

    /** 2 s, 500 periods, about two wraps: the first late packet comes in a read the tty had filled. */
    @Test
    void shouldCountNoLossAndKeepTheIndexContinuousWhenTheControllerWasPausedForAboutTwoWraps() throws Exception {
        pauseTheControllerAndCheckNothingWasCountedLost(2_000_000_000L, 2);
    }

    private void pauseTheControllerAndCheckNothingWasCountedLost(long pauseNs, int pauses) throws Exception {
        board = SimulatedCytonBoard.start(CytonSimConfig.builder().seed(5).linkPath(dir.resolve("cyton")).build());
        child = ChildJvm.start(AcquisitionChildMain.class, board.devicePath().toString());
        List<String> output = child.output();
        Await.until(() -> "READY from the child (output " + output + ")", WAIT,
                () -> output.contains("READY") || !child.isAlive());
        assertTrue(output.contains("READY"), output::toString);
        GroundTruth truth = board.groundTruth();
        for (int pause = 1; pause <= pauses; pause++) {
            Report r = pauseOnce(pauseNs, truth, output, pause);
            assertEquals(0, truth.samplesLostByFaults(), "the simulator lost nothing");
            assertEquals(0, r.lost(), "pause " + pause + ": no sample was lost: " + r.line());
            assertEquals(0, r.gaps(), "pause " + pause + ": " + r.line());
            assertEquals(0, r.longGaps(), "pause " + pause + ": " + r.line());
            assertEquals(r.collected(), r.lastIndex() - r.firstIndex() + 1,
                    "pause " + pause + ": the sample index ran on without a jump: " + r.line());
        }
    }

    /** Stops the child for {@code pauseNs}, waits for it to read its backlog, and returns its report. */
    private Report pauseOnce(long pauseNs, GroundTruth truth, List<String> output, int pause) throws Exception {
        long deliveredBefore = truth.count(GroundTruth.Delivery.DELIVERED);
        long stoppedAt = System.nanoTime();
        child.signal("STOP");
        while (System.nanoTime() - stoppedAt < pauseNs) { // the injected pause, not a measurement
            LockSupport.parkNanos(pauseNs - (System.nanoTime() - stoppedAt));
        }
        child.signal("CONT");
        long pausedNs = System.nanoTime() - stoppedAt;
        // the board writes only as fast as the child reads once the pty is full: 500 samples past the pause's worth
        // delivered means the child has read its backlog
        long target = deliveredBefore + pauseNs / PERIOD_NS + 500;
        Await.until(() -> "the board to deliver " + target + " samples", WAIT,
                () -> truth.count(GroundTruth.Delivery.DELIVERED) >= target);

        child.send("report");
        Await.until(() -> "report " + pause + " (output " + output + ")", WAIT, () -> reports(output).size() >= pause);
        Report r = Report.parse(reports(output).get(pause - 1));
        System.out.printf("controller paused %.0f ms (%d sample periods), pause %d: %d samples received, %d lost, "
                + "%d long gaps, indices %d..%d over %d collected%n", pausedNs / 1e6, pausedNs / PERIOD_NS, pause,
                r.received(), r.lost(), r.longGaps(), r.firstIndex(), r.lastIndex(), r.collected());
        assertTrue(r.received() >= deliveredBefore + pauseNs / PERIOD_NS, "the backlog was read: " + r.line());
        return r;
    }

    private static List<String> reports(List<String> output) {
        return output.stream().filter(l -> l.startsWith("REPORT ")).collect(Collectors.toList());
    }
}
