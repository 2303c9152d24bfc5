package org.closedloop.controller.stim;

import static org.closedloop.controller.stim.StimRig.MS;
import static org.closedloop.controller.stim.StimRig.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.closedloop.controller.testing.Await;
import org.closedloop.controller.testing.ChildJvm;
import org.closedloop.protocol.link.FaultCode;
import org.closedloop.safety.interlock.DecisionKind;
import org.closedloop.safety.interlock.InterlockState;
import org.closedloop.sim.stim.SimulatedStimulator;
import org.closedloop.sim.stim.StimGroundTruth;
import org.closedloop.sim.stim.StimSimConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A controller process killed with SIGKILL while stimulating ({@link Process#destroyForcibly()}): nothing in it runs
 * again, no STOP is sent. The simulated stimulator must zero its output on its own within its 100 ms watchdog, and the
 * next controller to connect must learn of the fault.
 */
class ControllerKillHilTest {
    private static final Duration LONG = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private SimulatedStimulator sim;
    private ChildJvm child;
    private StimRig next;

    @AfterEach
    void tearDown() throws Exception {
        if (child != null) {
            child.close();
        }
        if (next != null) {
            next.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    /** Starts a simulator and a child controller; true once the child's run delivers, false on a real-time miss. */
    private boolean startStimulatingChild() throws Exception {
        sim = SimulatedStimulator.start(StimSimConfig.builder().channels(2).linkPath(dir.resolve("stim")).build());
        child = ChildJvm.start(StimChildMain.class, sim.devicePath().toString(),
                dir.resolve("child-ledger").toString());
        List<String> output = child.output();
        await(() -> "the child to stimulate (output so far: " + output + ")", LONG,
                () -> output.contains("STIMULATING") || output.stream().anyMatch(l -> l.startsWith("REFUSED"))
                        || !child.isAlive());
        assertTrue(output.contains("STIMULATING"), output.toString());
        long since = System.nanoTime();
        await("delivered output", LONG, () -> sim.groundTruth().maxAbsDelivered(since, Long.MAX_VALUE) > 300
                || !sim.groundTruth().faults().isEmpty());
        if (sim.groundTruth().faults().stream().anyMatch(f -> f.code() == FaultCode.UNDERRUN
                || f.code() == FaultCode.BLOCK_TIMING)) {
            System.out.println("the child's run was stopped by a real-time miss of this machine before the kill ("
                    + sim.groundTruth().faults() + "); retrying with a fresh simulator and child");
            child.kill();
            sim.close();
            return false;
        }
        assertEquals(List.of(), sim.groundTruth().faults(), "the child's run is healthy before the kill");
        return true;
    }

    @Test
    void shouldZeroWithinTheWatchdogAndReportTheFaultOnTheNextConnection() throws Exception {
        boolean running = false;
        for (int attempt = 1; attempt <= Await.REAL_TIME_ATTEMPTS && !running; attempt++) {
            running = startStimulatingChild();
        }
        assertTrue(running, "five attempts stopped by real-time misses");

        long killNs = System.nanoTime();
        assertTrue(child.kill());
        await("the device's watchdog", LONG, () -> sim.groundTruth().faults().stream()
                .anyMatch(f -> f.code() == FaultCode.WATCHDOG));
        assertTrue(sim.groundTruth().awaitTickAt(killNs + 150 * MS, LONG));
        long zeroNs = sim.groundTruth().zeroSince(killNs) - killNs;
        StimGroundTruth.FaultEvent watchdog = sim.groundTruth().faults().stream()
                .filter(f -> f.code() == FaultCode.WATCHDOG).findFirst().orElseThrow();
        long watchdogNs = watchdog.hostNanos() - killNs;
        System.out.printf("kill -9 to zero delivered output: %.3f ms (first fault %s); to the watchdog: %.3f ms%n",
                zeroNs / 1e6, sim.groundTruth().faults().get(0).code(), watchdogNs / 1e6);
        assertTrue(zeroNs >= 0 && zeroNs <= 100 * MS, "zero " + zeroNs / 1e6 + " ms after the kill");
        assertEquals(100, watchdog.value(), "the watchdog latched at the first tick after 100 ms of silence");
        assertTrue(watchdogNs <= 150 * MS, "watchdog " + watchdogNs / 1e6 + " ms after the kill");

        next = StimRig.attach(dir.resolve("next"), sim, StimRig.TEST_CONFIG);
        next.awaitState(InterlockState.FAULT, LONG);
        next.awaitDecision(DecisionKind.HAZARD, "latched fault from before this connection");
        assertTrue(next.decided(DecisionKind.HAZARD, "WATCHDOG"), next.decisions.toString());
        assertEquals(FaultCode.UNDERRUN.bit() | FaultCode.WATCHDOG.bit(), sim.faultSet(),
                "the queue ran dry first, then the watchdog fired");
    }
}
