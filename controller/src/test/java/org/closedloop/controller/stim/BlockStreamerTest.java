package org.closedloop.controller.stim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDateTime;
import org.closedloop.safety.ManualSafetyClock;
import org.closedloop.safety.interlock.ActionResult;
import org.closedloop.safety.interlock.Interlock;
import org.closedloop.safety.interlock.InterlockState;
import org.closedloop.safety.interlock.LoopFacet;
import org.closedloop.safety.interlock.SafetyListener;
import org.closedloop.safety.ledger.DailyStimulationLedger;
import org.closedloop.safety.plan.StimulationPlan;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streamer against a real interlock on a manual clock: what happens when the loop thread is held up between a
 * run's start and its blocks.
 */
class BlockStreamerTest {
    private static final long MS = 1_000_000L;
    private static final long S = 1_000_000_000L;

    @TempDir
    Path dir;

    private final ManualSafetyClock clock = new ManualSafetyClock(LocalDateTime.of(2026, 11, 24, 9, 0), 10 * S);
    private final FakeStimulator device = new FakeStimulator(true, 2000);
    private final StimConfig config = StimConfig.defaults();
    private DailyStimulationLedger ledger;
    private Interlock interlock;
    private LoopFacet facet;
    private BlockStreamer streamer;
    private StimulationPlan plan;

    @BeforeEach
    void armAndStart() {
        ledger = DailyStimulationLedger.open(dir.resolve("ledger"));
        interlock = new Interlock(clock, ledger, () -> { }, SafetyListener.NO_OP);
        facet = interlock.loopFacet();
        plan = StimRig.twoElectrodes(10.0, 1000, 500 * MS, 3 * S);
        facet.reportImpedance(0, 5_000, clock.nanoTime());
        facet.reportImpedance(1, 5_000, clock.nanoTime());
        facet.reportAcquisitionSample(clock.nanoTime());
        ActionResult armed = interlock.operatorConsole().arm(StimRig.ALICE, plan);
        assertTrue(armed.accepted(), armed::toString);
        ActionResult started = facet.start();
        assertTrue(started.accepted(), started::toString);
        streamer = new BlockStreamer(facet, device, config);
    }

    @AfterEach
    void closeLedger() throws Exception {
        ledger.close();
    }

    /** Begins a run as the loop does: phase reference and first sample {@value StimulationLoop#MIN_FIRST_LEAD_NS} ns ahead. */
    private long begin() {
        long first = clock.nanoTime() + StimulationLoop.MIN_FIRST_LEAD_NS;
        streamer.begin(plan, first, facet.runStartNs(), first, facet.outputEndNs());
        return first;
    }

    @Test
    void shouldWriteTheFirstBlockWhereItWasPlannedWhenTheFillComesInTime() throws Exception {
        long first = begin();
        assertEquals(BlockStreamer.Outcome.FILLED, streamer.fill(clock.nanoTime()));
        assertEquals(first, device.firstBlockStartNs);
        assertEquals(first, streamer.firstSampleNs());
        assertEquals(0, streamer.delayedStarts());
    }

    @Test
    void shouldMoveALateFirstBlockOntoTheSamePhaseGridInsteadOfFaulting() throws Exception {
        long first = begin();
        clock.advanceNs(37 * MS + 400_000); // the loop thread was held up 37.4 ms, past the first sample
        long now = clock.nanoTime();

        assertEquals(BlockStreamer.Outcome.FILLED, streamer.fill(now));

        assertEquals(InterlockState.STIMULATING, interlock.state(), "a late start is no hazard");
        assertEquals(0, streamer.gateRefusals());
        // now is 32.4 ms past the planned first sample (which was 5 ms ahead of the start); the first grid point at
        // least 5 ms ahead of now is 37.4 ms past it, rounded up to the 1 ms grid: 38 ms
        assertEquals(first + 38 * MS, device.firstBlockStartNs);
        assertEquals(device.firstBlockStartNs, streamer.firstSampleNs());
        assertEquals(1, streamer.delayedStarts());
        assertTrue(device.lastBlockStartNs + config.blockSamples() * MS >= now + config.horizonMs() * MS,
                "the horizon is full");
    }

    @Test
    void shouldStillLeaveALateBlockAfterTheFirstToTheGate() throws Exception {
        begin();
        streamer.fill(clock.nanoTime());
        int written = device.blocks;
        clock.advanceNs(config.horizonMs() * MS + 20 * MS); // held up longer than the horizon: the queue ran dry

        assertEquals(BlockStreamer.Outcome.GATE_REFUSED, streamer.fill(clock.nanoTime()));

        assertEquals(InterlockState.FAULT, interlock.state());
        assertEquals(written, device.blocks, "nothing more was written");
        assertEquals(0, streamer.delayedStarts());
    }
}
