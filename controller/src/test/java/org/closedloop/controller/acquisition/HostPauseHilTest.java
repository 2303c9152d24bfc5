package org.closedloop.controller.acquisition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
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

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            Thread.sleep(10);
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
        await("READY from the child (output " + output + ")", () -> output.contains("READY") || !child.isAlive());
        assertTrue(output.contains("READY"), output::toString);
        GroundTruth truth = board.groundTruth();
        for (int pause = 1; pause <= pauses; pause++) {
            String report = pauseOnce(pauseNs, truth, output, pause);
            String[] f = report.split(" ");
            long lost = Long.parseLong(f[2]);
            long gaps = Long.parseLong(f[3]);
            long longGaps = Long.parseLong(f[4]);
            long firstIndex = Long.parseLong(f[5]);
            long lastIndex = Long.parseLong(f[6]);
            long collected = Long.parseLong(f[7]);
            assertEquals(0, truth.samplesLostByFaults(), "the simulator lost nothing");
            assertEquals(0, lost, "pause " + pause + ": no sample was lost: " + report);
            assertEquals(0, gaps, "pause " + pause + ": " + report);
            assertEquals(0, longGaps, "pause " + pause + ": " + report);
            assertEquals(collected, lastIndex - firstIndex + 1,
                    "pause " + pause + ": the sample index ran on without a jump: " + report);
        }
    }

    /** Stops the child for {@code pauseNs}, waits for it to read its backlog, and returns its report. */
    private String pauseOnce(long pauseNs, GroundTruth truth, List<String> output, int pause) throws Exception {
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
        long target = deliveredBefore + pauseNs / 4_000_000L + 500;
        await("the board to deliver " + target + " samples", () -> truth.count(GroundTruth.Delivery.DELIVERED) >= target);

        child.send("report");
        await("report " + pause + " (output " + output + ")", () -> reports(output).size() >= pause);
        String report = reports(output).get(pause - 1);
        String[] f = report.split(" ");
        long received = Long.parseLong(f[1]);
        System.out.printf("controller paused %.0f ms (%d sample periods), pause %d: %d samples received, %s lost, "
                + "%s long gaps, indices %s..%s over %s collected%n", pausedNs / 1e6, pausedNs / 4_000_000L, pause,
                received, f[2], f[4], f[5], f[6], f[7]);
        assertTrue(received >= deliveredBefore + pauseNs / 4_000_000L, "the backlog was read: " + report);
        return report;
    }

    private static List<String> reports(List<String> output) {
        return output.stream().filter(l -> l.startsWith("REPORT ")).collect(Collectors.toList());
    }
}
