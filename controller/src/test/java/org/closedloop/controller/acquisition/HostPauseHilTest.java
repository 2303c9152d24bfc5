package org.closedloop.controller.acquisition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
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

    /** 0.65 s, 162 periods: the packets behind the first late one, subtracted, leave less than half a wrap. */
    @Test
    void shouldCountNoLossAndKeepTheIndexContinuousWhenTheControllerWasPausedForOverHalfAWrap() throws Exception {
        pauseTheControllerAndCheckNothingWasCountedLost(650_000_000L);
    }

    /** 2 s, 500 periods, about two wraps: the first late packet comes in a read the tty had filled. */
    @Test
    void shouldCountNoLossAndKeepTheIndexContinuousWhenTheControllerWasPausedForAboutTwoWraps() throws Exception {
        pauseTheControllerAndCheckNothingWasCountedLost(2_000_000_000L);
    }

    private void pauseTheControllerAndCheckNothingWasCountedLost(long pauseNs) throws Exception {
        board = SimulatedCytonBoard.start(CytonSimConfig.builder().seed(5).linkPath(dir.resolve("cyton")).build());
        child = ChildJvm.start(AcquisitionChildMain.class, board.devicePath().toString());
        List<String> output = child.output();
        await("READY from the child (output " + output + ")", () -> output.contains("READY") || !child.isAlive());
        assertTrue(output.contains("READY"), output::toString);

        GroundTruth truth = board.groundTruth();
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
        await("a REPORT (output " + output + ")", () -> output.stream().anyMatch(l -> l.startsWith("REPORT ")));
        String report = output.stream().filter(l -> l.startsWith("REPORT ")).findFirst().orElse(null);
        assertNotNull(report);
        String[] f = report.split(" ");
        long received = Long.parseLong(f[1]);
        long lost = Long.parseLong(f[2]);
        long gaps = Long.parseLong(f[3]);
        long longGaps = Long.parseLong(f[4]);
        long firstIndex = Long.parseLong(f[5]);
        long lastIndex = Long.parseLong(f[6]);
        long collected = Long.parseLong(f[7]);
        System.out.printf("controller paused %.0f ms (%d sample periods): %d samples received, %d lost, %d long gaps, "
                + "indices %d..%d over %d collected%n", pausedNs / 1e6, pausedNs / 4_000_000L, received, lost,
                longGaps, firstIndex, lastIndex, collected);

        assertEquals(0, truth.samplesLostByFaults(), "the simulator lost nothing");
        assertTrue(received >= deliveredBefore + pauseNs / 4_000_000L, "the backlog was read: " + report);
        assertEquals(0, lost, "no sample was lost: " + report);
        assertEquals(0, gaps, report);
        assertEquals(0, longGaps, report);
        assertEquals(collected, lastIndex - firstIndex + 1, "the sample index ran on without a jump: " + report);
    }
}
