package org.closedloop.safety.interlock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.closedloop.safety.ManualSafetyClock;
import org.closedloop.safety.ledger.StimulationLedger;
import org.closedloop.safety.plan.StimulationPlan;

/** An interlock on a manual clock with a recording listener and cutoff, plus helpers. */
final class Rig {

    static final long MS = 1_000_000L;
    static final long S = 1_000_000_000L;
    static final LocalDateTime WALL_CLOCK_AT_ZERO = LocalDateTime.of(2026, 11, 24, 9, 0);
    static final Operator ALICE = Operator.named("alice");
    static final int RATE_HZ = 1000;

    final ManualSafetyClock clock = new ManualSafetyClock(WALL_CLOCK_AT_ZERO, 0);
    final StimulationLedger ledger;
    final List<SafetyDecision> decisions = new ArrayList<>();
    int cutoffs;
    final Interlock interlock;
    final OperatorConsole console;
    final LoopFacet loop;
    final SetpointGate gate;

    Rig() {
        this(new MemoryLedger());
    }

    Rig(StimulationLedger ledger) {
        this.ledger = ledger;
        this.interlock = new Interlock(clock, ledger, () -> cutoffs++, decisions::add);
        this.console = interlock.operatorConsole();
        this.loop = interlock.loopFacet();
        this.gate = loop.gate();
    }

    long now() {
        return clock.nanoTime();
    }

    void advanceNs(long ns) {
        clock.advanceNs(ns);
    }

    void measureImpedance(int channels, long ohms) {
        for (int c = 0; c < channels; c++) {
            loop.reportImpedance(c, ohms, now());
        }
    }

    ActionResult arm(StimulationPlan plan) {
        return console.arm(ALICE, plan);
    }

    /** Measures 5 kΩ everywhere, reports acquisition, arms and starts; asserts STIMULATING. */
    void armAndStart(StimulationPlan plan) {
        measureImpedance(plan.electrodeCount(), 5_000);
        loop.reportAcquisitionSample(now());
        ActionResult armed = arm(plan);
        assertTrue(armed.accepted(), armed::toString);
        ActionResult started = loop.start();
        assertTrue(started.accepted(), started::toString);
        assertEquals(InterlockState.STIMULATING, interlock.state());
    }

    /** A block at {@link #RATE_HZ} of {@code samples} samples, every sample equal to {@code perChannel}. */
    GateVerdict constantBlock(long startNs, int samples, int... perChannel) {
        int[] a = new int[samples * perChannel.length];
        for (int i = 0; i < samples; i++) {
            System.arraycopy(perChannel, 0, a, i * perChannel.length, perChannel.length);
        }
        return gate.checkBlock(startNs, RATE_HZ, perChannel.length, samples, a);
    }

    /** A one-sample block at {@code startNs}. */
    GateVerdict sample(long startNs, int... perChannel) {
        return constantBlock(startNs, 1, perChannel);
    }

    DecisionKind lastKind() {
        return decisions.get(decisions.size() - 1).kind();
    }

    List<DecisionKind> kinds() {
        return decisions.stream().map(SafetyDecision::kind).toList();
    }
}
