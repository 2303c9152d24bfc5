package org.closedloop.safety.interlock;

import static org.closedloop.safety.interlock.Rig.ALICE;
import static org.closedloop.safety.interlock.Rig.MS;
import static org.closedloop.safety.interlock.Rig.RATE_HZ;
import static org.closedloop.safety.interlock.Rig.S;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.List;
import org.closedloop.safety.SafetyLimits;
import org.closedloop.safety.SafetyRule;
import org.closedloop.safety.plan.ElectrodeRole;
import org.closedloop.safety.plan.PlanChecker;
import org.closedloop.safety.plan.SessionLimits;
import org.closedloop.safety.plan.StimulationPlan;
import org.closedloop.safety.plan.TestPlans;
import org.junit.jupiter.api.Test;

/** Every sample-level limit of the gate: at the limit passes, one step beyond is refused with the named rule. */
class SetpointGateTest {

    /** Starts {@code plan} on a fresh rig and moves the clock to {@code atNs} after the run start. */
    private static Rig startedAt(StimulationPlan plan, long atNs) {
        Rig rig = new Rig();
        rig.armAndStart(plan);
        rig.advanceNs(atNs);
        return rig;
    }

    private static Rig onPlateau(StimulationPlan plan) {
        return startedAt(plan, 2 * S);
    }

    private static void assertPass(Rig rig, GateVerdict v) {
        assertEquals(GateVerdict.PASS, v, () -> "refused: " + rig.gate.lastRefusal().map(Object::toString).orElse(""));
        assertEquals(InterlockState.STIMULATING, rig.interlock.state());
    }

    /** Refused with {@code rule}; the interlock is in FAULT, the output was cut and both decisions were reported. */
    private static void assertRefused(Rig rig, GateVerdict v, SafetyRule rule) {
        assertEquals(GateVerdict.REFUSED, v);
        assertEquals(rule, rig.gate.lastRefusal().orElseThrow().rule(), () -> rig.gate.lastRefusal().toString());
        assertEquals(InterlockState.FAULT, rig.interlock.state());
        assertEquals(HazardCause.LIMIT_VIOLATION, rig.interlock.faultCause().orElseThrow());
        assertTrue(rig.cutoffs > 0);
        List<DecisionKind> kinds = rig.kinds();
        assertEquals(List.of(DecisionKind.GATE_REFUSED, DecisionKind.HAZARD), kinds.subList(kinds.size() - 2,
                kinds.size()));
    }

    private static final StimulationPlan P2000 = TestPlans.twoElectrodes(2000, S, 10 * S).build();
    private static final StimulationPlan P1000 = TestPlans.simple();

    @Test
    void shouldPassPeakCurrentAtLimitAndRefuseOneMicroAmpMore() {
        Rig rig = onPlateau(P2000);
        assertPass(rig, rig.sample(rig.now(), 2000, -2000));
        assertPass(rig, rig.sample(rig.now() + MS, -2000, 2000));
        Rig over = onPlateau(P2000);
        assertRefused(over, over.sample(over.now(), 2001, -2000), SafetyRule.PEAK_CURRENT);
        assertEquals("peak_current electrode=F3 sample=0 value=2001 µA limit=2000 µA",
                over.gate.lastRefusal().orElseThrow().message());
        Rig negative = onPlateau(P2000);
        assertRefused(negative, negative.sample(negative.now(), 2000, -2001), SafetyRule.PEAK_CURRENT);
        Rig extreme = onPlateau(P2000);
        assertRefused(extreme, extreme.sample(extreme.now(), Integer.MIN_VALUE, 0), SafetyRule.PEAK_CURRENT);
    }

    @Test
    void shouldPassTotalInjectedCurrentAtLimitAndRefuseOneMicroAmpMore() {
        StimulationPlan five = TestPlans.fiveElectrodes(2000, S, 10 * S).build();
        Rig rig = onPlateau(five);
        assertPass(rig, rig.sample(rig.now(), 2000, 2000, -2000, -2000, 0));
        Rig over = onPlateau(five);
        // E carries 1 µA, within its envelope tolerance; net is 1 µA, within its limit; the total is 4001 µA
        assertRefused(over, over.sample(over.now(), 2000, 2000, -2000, -2000, 1), SafetyRule.TOTAL_CURRENT);
        assertEquals("total_current sample=0 value=4001 µA limit=4000 µA",
                over.gate.lastRefusal().orElseThrow().message());
    }

    @Test
    void shouldPassNetCurrentAtLimitAndRefuseOneMicroAmpMore() {
        Rig rig = onPlateau(P2000);
        assertPass(rig, rig.sample(rig.now(), 2000, -1990));
        assertPass(rig, rig.sample(rig.now() + MS, -2000, 1990));
        Rig over = onPlateau(P2000);
        assertRefused(over, over.sample(over.now(), 2000, -1989), SafetyRule.NET_CURRENT);
        Rig overNegative = onPlateau(P2000);
        assertRefused(overNegative, overNegative.sample(overNegative.now(), -2000, 1989), SafetyRule.NET_CURRENT);
    }

    @Test
    void shouldPassCurrentDensityAtLimitAndRefuseOneMicroAmpMore() {
        StimulationPlan small = StimulationPlan.builder("S001")
                .electrode("F3", 0.5, ElectrodeRole.ACTIVE)
                .electrode("F4", 25.0, ElectrodeRole.RETURN)
                .component(10.0, new int[] {1000, 1000}, new double[] {0, 180})
                .rampUpNs(S).rampDownNs(S).durationNs(10 * S).build();
        Rig rig = onPlateau(small);
        assertPass(rig, rig.sample(rig.now(), 1000, -1000));
        Rig over = onPlateau(small);
        // the envelope tolerance would allow 1010 µA; the density cap of 0.5 cm² does not
        assertRefused(over, over.sample(over.now(), 1001, -1000), SafetyRule.CURRENT_DENSITY);
    }

    @Test
    void shouldPassTheSessionAmplitudeLimitAndRefuseOneMicroAmpMore() {
        StimulationPlan strict = TestPlans.twoElectrodes(1500, S, 10 * S)
                .sessionLimits(SessionLimits.HARD_LIMITS.withMaxAmplitudeMicroAmps(1500)).build();
        Rig rig = onPlateau(strict);
        assertPass(rig, rig.sample(rig.now(), 1500, -1500));
        Rig over = onPlateau(strict);
        assertRefused(over, over.sample(over.now(), 1501, -1500), SafetyRule.PEAK_CURRENT);
        assertEquals(1500, over.gate.lastRefusal().orElseThrow().limit());
    }

    @Test
    void shouldPassThePlanEnvelopePlusToleranceAndRefuseOneMicroAmpMore() {
        int atLimit = 1000 + SafetyLimits.ENVELOPE_TOLERANCE_MICROAMPS;
        Rig rig = onPlateau(P1000);
        assertPass(rig, rig.sample(rig.now(), atLimit, -atLimit));
        Rig over = onPlateau(P1000);
        assertRefused(over, over.sample(over.now(), atLimit + 1, -atLimit), SafetyRule.ENVELOPE);
    }

    @Test
    void shouldFollowTheRampUpAtTheRampLimit() {
        // 1000 µA over 1 s: at 0.5 s the envelope allows 500 µA + tolerance
        Rig rig = startedAt(P1000, 500 * MS);
        assertPass(rig, rig.sample(rig.now(), 510, -510));
        Rig over = startedAt(P1000, 500 * MS);
        assertRefused(over, over.sample(over.now(), 511, -510), SafetyRule.ENVELOPE);
        Rig atStart = startedAt(P1000, 0);
        assertPass(atStart, atStart.sample(atStart.now(), 10, -10));
        Rig jump = startedAt(P1000, 0);
        assertRefused(jump, jump.sample(jump.now(), 11, -10), SafetyRule.ENVELOPE);
    }

    @Test
    void shouldFollowASoftStopRampDown() {
        Rig rig = onPlateau(P1000);
        rig.console.stop(ALICE);
        rig.advanceNs(250 * MS); // level 0.75
        assertEquals(GateVerdict.PASS, rig.sample(rig.now(), 760, -760));
        Rig over = onPlateau(P1000);
        over.console.stop(ALICE);
        over.advanceNs(250 * MS);
        assertEquals(GateVerdict.REFUSED, over.sample(over.now(), 761, -760));
        assertEquals(SafetyRule.ENVELOPE, over.gate.lastRefusal().orElseThrow().rule());
    }

    @Test
    void shouldAllowOnlyTheToleranceInTheMiddleOfAShamPlan() {
        StimulationPlan sham = TestPlans.twoElectrodes(1000, S, 10 * S).sham(true).build();
        Rig rig = startedAt(sham, 5 * S);
        assertPass(rig, rig.sample(rig.now(), 10, -10));
        Rig over = startedAt(sham, 5 * S);
        assertRefused(over, over.sample(over.now(), 11, -10), SafetyRule.ENVELOPE);
        Rig endRamp = startedAt(sham, 9 * S); // top of the closing triangle
        assertEquals(GateVerdict.PASS, endRamp.sample(endRamp.now(), 1000, -1000));
    }

    @Test
    void shouldRampFromZeroWithinTheRampLimitWhenASessionResumesWithLittleTimeLeft() {
        // regression: a resumed sham run shorter than its two triangles once started at 86 % of the peak. Only an
        // open-loop plan resumes with what is left (a closed-loop run is always a whole plan); the loop stops it
        // for an acquisition stall, which leaves it armed.
        for (boolean sham : new boolean[] {false, true}) {
            StimulationPlan plan = TestPlans.twoElectrodes(1000, S, 4 * S).sham(sham).build();
            Rig rig = new Rig();
            rig.armAndStart(plan);
            rig.advanceNs(2 * S + SafetyLimits.MAX_ACQUISITION_STALL_NS + 1);
            assertEquals(InterlockState.STIMULATING, rig.loop.poll());
            assertTrue(rig.loop.requestSoftStop(SoftStopCause.ACQUISITION_STALLED).accepted());
            assertEquals(InterlockState.RAMPING_DOWN, rig.loop.poll());
            rig.clock.setNanoTime(rig.loop.outputEndNs());
            assertEquals(InterlockState.ARMED, rig.loop.poll());
            rig.loop.reportAcquisitionSample(rig.now());
            rig.measureImpedance(2, 5_000);
            assertTrue(rig.loop.start().accepted());
            long start = rig.loop.runStartNs();
            long end = rig.loop.outputEndNs();
            assertTrue(end - start < 2 * S, "the resumed run is shorter than both ramps: " + (end - start));
            assertEquals(0.0, rig.loop.envelopeFraction(start), "sham=" + sham);
            assertEquals(0.0, rig.loop.envelopeFraction(end), 1e-9, "sham=" + sham);
            double previous = 0;
            for (long t = start; t <= end; t += MS) {
                double f = rig.loop.envelopeFraction(t);
                assertTrue(Math.abs(f - previous) <= MS / (double) S + 1e-12,
                        "sham=" + sham + " envelope jumps from " + previous + " to " + f + " at " + (t - start));
                previous = f;
            }
        }
    }

    @Test
    void shouldPassABlockEndingExactlyAtThePlanEndAndRefuseOneNanosecondLater() {
        Rig rig = startedAt(P1000, 10 * S - 10 * MS);
        assertEquals(GateVerdict.PASS, rig.constantBlock(rig.now(), 10, 0, 0));
        Rig over = startedAt(P1000, 10 * S - 10 * MS);
        assertEquals(GateVerdict.REFUSED, over.constantBlock(over.now() + 1, 10, 0, 0));
        assertEquals(SafetyRule.PLAN_END, over.gate.lastRefusal().orElseThrow().rule());
    }

    @Test
    void shouldPassABlockEndingAtTheHorizonAndRefuseOneNanosecondLater() {
        Rig rig = onPlateau(P1000);
        assertPass(rig, rig.constantBlock(rig.now(), 100, 0, 0));
        Rig over = onPlateau(P1000);
        assertRefused(over, over.constantBlock(over.now() + 1, 100, 0, 0), SafetyRule.BLOCK_TIMING);
        Rig far = onPlateau(P1000);
        assertRefused(far, far.sample(far.now() + SafetyLimits.MAX_SETPOINT_HORIZON_NS + 1, 0, 0),
                SafetyRule.BLOCK_TIMING);
        Rig huge = onPlateau(P1000);
        assertRefused(huge, huge.sample(Long.MAX_VALUE, 0, 0), SafetyRule.BLOCK_TIMING);
    }

    @Test
    void shouldRefuseABlockStartingInThePast() {
        Rig rig = onPlateau(P1000);
        assertPass(rig, rig.sample(rig.now(), 0, 0));
        Rig late = onPlateau(P1000);
        assertRefused(late, late.sample(late.now() - 1, 0, 0), SafetyRule.BLOCK_TIMING);
        Rig ancient = onPlateau(P1000);
        assertRefused(ancient, ancient.sample(Long.MIN_VALUE, 0, 0), SafetyRule.BLOCK_TIMING);
    }

    @Test
    void shouldRefuseABlockOverlappingThePreviousOne() {
        Rig rig = onPlateau(P1000);
        long t = rig.now();
        assertPass(rig, rig.constantBlock(t, 10, 0, 0));
        assertPass(rig, rig.constantBlock(t + 10 * MS, 10, 0, 0));
        assertRefused(rig, rig.constantBlock(t + 20 * MS - 1, 10, 0, 0), SafetyRule.BLOCK_TIMING);
    }

    @Test
    void shouldRefuseMalformedBlocks() {
        int[] four = {0, 0, 0, 0};
        List<java.util.function.Function<SetpointGate, GateVerdict>> bad = List.of(
                g -> g.checkBlock(2 * S, RATE_HZ, 3, 1, four),
                g -> g.checkBlock(2 * S, RATE_HZ, 2, 0, four),
                g -> g.checkBlock(2 * S, RATE_HZ, 2, 3, four),
                g -> g.checkBlock(2 * S, RATE_HZ, 2, 1, null),
                g -> g.checkBlock(2 * S, SafetyLimits.MIN_DAC_RATE_HZ - 1, 2, 1, four),
                g -> g.checkBlock(2 * S, SafetyLimits.MAX_DAC_RATE_HZ + 1, 2, 1, four));
        for (var block : bad) {
            Rig rig = onPlateau(P1000);
            assertRefused(rig, block.apply(rig.gate), SafetyRule.BLOCK_FORMAT);
        }
        Rig rig = onPlateau(P1000);
        assertPass(rig, rig.gate.checkBlock(rig.now(), SafetyLimits.MIN_DAC_RATE_HZ, 2, 2, four));
        assertPass(rig, rig.gate.checkBlock(rig.now() + 10 * MS, SafetyLimits.MAX_DAC_RATE_HZ, 2, 2, four));
    }

    @Test
    void shouldRefuseEveryBlockOutsideARun() {
        Rig disarmed = new Rig();
        assertRefused(disarmed, disarmed.sample(0, 0, 0), SafetyRule.INTERLOCK_STATE);
        Rig armed = new Rig();
        armed.arm(P1000);
        assertRefused(armed, armed.sample(0, 0, 0), SafetyRule.INTERLOCK_STATE);
        Rig ended = startedAt(P1000, 10 * S);
        assertRefused(ended, ended.sample(ended.now(), 0, 0), SafetyRule.INTERLOCK_STATE);
    }

    @Test
    void shouldTimeSamplesOfAnOddRateFromTheBlockStart() {
        // at 3 kHz, sample 1 is output 333333 ns after the start: still on the 10 µA envelope floor at t = 0
        Rig rig = startedAt(P1000, 0);
        int[] a = {10, -10, 10, -10};
        assertPass(rig, rig.gate.checkBlock(rig.now(), 3000, 2, 2, a));
    }

    /**
     * Feeds a whole run of a plan with 1 s ramps at 1 kHz, in 100-sample blocks whose polarity alternates (a 5 Hz
     * square wave), every sample exactly at the integer envelope {@code peak·k/1000} on the ramps. {@code signs}
     * gives each channel's polarity (+1, -1 or 0). If {@code extraMicroAmps} is set, channel 0 of sample 1 carries
     * 1 µA more (within the envelope tolerance). Returns the verdict of the last block.
     */
    private static GateVerdict feedWholeRun(Rig rig, int peak, int[] signs, long durationMs, boolean extraMicroAmp) {
        int ch = signs.length;
        int[] block = new int[100 * ch];
        long runStart = rig.loop.runStartNs();
        GateVerdict last = GateVerdict.PASS;
        for (long b = 0; b * 100 < durationMs; b++) {
            int polarity = b % 2 == 0 ? 1 : -1;
            for (int i = 0; i < 100; i++) {
                long k = b * 100 + i;
                long v = k < 1000 ? peak * k / 1000 : k >= durationMs - 1000 ? peak * (durationMs - k) / 1000 : peak;
                for (int c = 0; c < ch; c++) {
                    block[i * ch + c] = (int) (polarity * signs[c] * v);
                }
            }
            if (extraMicroAmp && b == 0) {
                block[ch] += 1;
            }
            rig.clock.setNanoTime(runStart + b * 100 * MS);
            rig.loop.reportAcquisitionSample(rig.now()); // live EEG, as a closed-loop run needs
            last = rig.gate.checkBlock(runStart + b * 100 * MS, RATE_HZ, ch, 100, block);
            if (last != GateVerdict.PASS) {
                return last;
            }
        }
        return last;
    }

    @Test
    void shouldPassExactlySevenPointTwoCoulombsAndRefuseOneMicroAmpSampleMore() {
        // 4 mA total for 1800 s effective: the plan's bound and the delivered charge are both exactly 7.2 C
        StimulationPlan plan = TestPlans.fiveElectrodes(2000, S, 1801 * S).build();
        int[] signs = {1, 1, -1, -1, 0};
        Rig rig = new Rig();
        rig.armAndStart(plan);
        assertEquals(GateVerdict.PASS, feedWholeRun(rig, 2000, signs, 1_801_000, false));
        assertEquals(SafetyLimits.MAX_SESSION_CHARGE_MICROAMP_NS, rig.loop.sessionChargeMicroAmpNs());
        Rig over = new Rig();
        over.armAndStart(plan);
        assertEquals(GateVerdict.REFUSED, feedWholeRun(over, 2000, signs, 1_801_000, true));
        assertEquals(SafetyRule.SESSION_CHARGE, over.gate.lastRefusal().orElseThrow().rule());
        assertEquals(18_009, over.gate.passedCount(), "only the last block was refused");
    }

    @Test
    void shouldApplyAStricterSessionChargeLimitAtItsBoundary() {
        // 1 mA for 9 s effective = 9000 µC exactly
        StimulationPlan plan = TestPlans.twoElectrodes(1000, S, 10 * S)
                .sessionLimits(SessionLimits.HARD_LIMITS.withMaxChargeMicrocoulombs(9000)).build();
        Rig rig = new Rig();
        rig.armAndStart(plan);
        assertEquals(GateVerdict.PASS, feedWholeRun(rig, 1000, new int[] {1, -1}, 10_000, false));
        Rig over = new Rig();
        over.armAndStart(plan);
        assertEquals(GateVerdict.REFUSED, feedWholeRun(over, 1000, new int[] {1, -1}, 10_000, true));
        assertEquals(SafetyRule.SESSION_CHARGE, over.gate.lastRefusal().orElseThrow().rule());
    }

    /** Arms a closed-loop 1 mA plan (1 s ramps, 10 s: 9000 µC a run) with a session charge limit; runs it whole. */
    private static Rig closedLoopChargeRig(long limitMicrocoulombs) {
        StimulationPlan plan = TestPlans.twoElectrodes(1000, S, 10 * S).closedLoop(true)
                .sessionLimits(SessionLimits.HARD_LIMITS.withMaxChargeMicrocoulombs(limitMicrocoulombs)).build();
        Rig rig = new Rig();
        rig.armAndStart(plan);
        return rig;
    }

    /** Feeds the current run whole (9000 µC) and lets it end; the state the session is left in. */
    private static InterlockState runToItsEnd(Rig rig) {
        assertEquals(GateVerdict.PASS, feedWholeRun(rig, 1000, new int[] {1, -1}, 10_000, false));
        rig.clock.setNanoTime(rig.loop.outputEndNs());
        return rig.loop.poll();
    }

    @Test
    void shouldEndAClosedLoopSessionWhoseChargeLeftCannotCoverAnotherRunAtTheBoundary() {
        // 18000 µC: after run 1, 9000 + 9000 <= 18000, armed again; run 2 delivers exactly the limit, and then
        // nothing is left for a third run: the session is over instead of being cut by the gate 1.5 s into it
        Rig rig = closedLoopChargeRig(18_000);
        assertEquals(InterlockState.ARMED, runToItsEnd(rig));
        rig.loop.reportAcquisitionSample(rig.now());
        rig.measureImpedance(2, 5_000);
        ActionResult second = rig.loop.start();
        assertTrue(second.accepted(), second::toString);
        assertEquals(InterlockState.DISARMED, runToItsEnd(rig), "the gate passed run 2 whole, to exactly 18000 µC");
        SafetyDecision last = rig.decisions.get(rig.decisions.size() - 1);
        assertEquals(DecisionKind.STOPPED, last.kind());
        assertTrue(last.reason().endsWith("session over: the charge left cannot cover another run"), last::toString);
        assertFalse(rig.loop.start().accepted(), "no session to start");

        // one µC less: 9000 + 9000 > 17999, so the session ends after its first run
        Rig less = closedLoopChargeRig(17_999);
        assertEquals(InterlockState.DISARMED, runToItsEnd(less));
    }

    @Test
    void shouldBoundTheChargeOfARunByItsPlanForShortBudgetsAndShamAsWorkedByHand() {
        // total injected current 1000 µA; ramps 1 s + 1 s
        Session active = new Session(PlanChecker.check(TestPlans.twoElectrodes(1000, S, 10 * S).build()), "alice", 0);
        assertEquals(1000.0 * 9 * S, active.plannedRunChargeMicroAmpNs(10 * S), "10 s: 10 - 2/2 = 9 s of full current");
        assertEquals(1000.0 * 2 * S, active.plannedRunChargeMicroAmpNs(3 * S), "3 s: 3 - 1 = 2 s");
        // 1.5 s, shorter than both ramps: the trapezoid is a triangle of 0.5625 s; bounded by half the run, 0.75 s
        assertEquals(1000.0 * 0.75 * S, active.plannedRunChargeMicroAmpNs(1500 * MS));
        Session sham = new Session(PlanChecker.check(TestPlans.twoElectrodes(1000, S, 10 * S).sham(true).build()),
                "alice", 0);
        assertEquals(1000.0 * 2 * S, sham.plannedRunChargeMicroAmpNs(10 * S), "sham: the two ramps, 2 s");
        assertEquals(1000.0 * 1.5 * S, sham.plannedRunChargeMicroAmpNs(1500 * MS), "sham shorter than its ramps");
    }

    /** A 100-sample block on channel 0 summing to {@code total} µA·samples (channel 1 the opposite). */
    private static int[] dcBlock(long total) {
        int[] a = new int[200];
        for (int i = 0; i < 100; i++) {
            int v = (int) (total / 100 + (i < total % 100 ? 1 : 0));
            a[2 * i] = v;
            a[2 * i + 1] = -v;
        }
        return a;
    }

    @Test
    void shouldPassChargeImbalanceAtTheAllowanceAndRefuseOneMicroAmpSampleMore() {
        // at 40 Hz the allowance after 2.1 s is 4·1000/(2π·40) µA·s + 20 µA × 2.1 s ≈ 58 µA·s: 580 µA DC for 100 ms
        StimulationPlan fortyHz = StimulationPlan.builder("S001")
                .electrode("F3", 25.0, ElectrodeRole.ACTIVE)
                .electrode("F4", 25.0, ElectrodeRole.RETURN)
                .component(40.0, new int[] {1000, 1000}, new double[] {0, 180})
                .rampUpNs(S).rampDownNs(S).durationNs(10 * S).build();
        Rig rig = onPlateau(fortyHz);
        long end = rig.now() + 100 * MS;
        long allowance = rig.loop.chargeImbalanceAllowanceMicroAmpNs(0, end);
        long maxSum = allowance / (S / RATE_HZ); // µA·samples at 1 ms per sample
        assertPass(rig, rig.gate.checkBlock(rig.now(), RATE_HZ, 2, 100, dcBlock(maxSum)));
        assertEquals(maxSum * (S / RATE_HZ), rig.loop.chargeImbalanceMicroAmpNs(0));
        assertTrue(maxSum / 100 < 1000, "the test must stay inside the envelope: " + maxSum);
        Rig over = onPlateau(fortyHz);
        assertRefused(over, over.gate.checkBlock(over.now(), RATE_HZ, 2, 100, dcBlock(maxSum + 1)),
                SafetyRule.CHARGE_BALANCE);
    }

    @Test
    void shouldNotAllocateOnPassingBlocks() {
        StimulationPlan plan = TestPlans.twoElectrodes(1000, S, 300 * S).build();
        Rig rig = startedAt(plan, 2 * S);
        int[] plus = new int[20];
        int[] minus = new int[20];
        for (int i = 0; i < 10; i++) {
            plus[2 * i] = 900;
            plus[2 * i + 1] = -900;
            minus[2 * i] = -900;
            minus[2 * i + 1] = 900;
        }
        SetpointGate gate = rig.gate;
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        threads.getCurrentThreadAllocatedBytes();
        long before = threads.getCurrentThreadAllocatedBytes();
        long t = rig.now();
        int passed = 0;
        for (int b = 0; b < 20_000; b++) {
            rig.clock.setNanoTime(t);
            if (gate.checkBlock(t, RATE_HZ, 2, 10, (b & 1) == 0 ? plus : minus) == GateVerdict.PASS) {
                passed++;
            }
            t += 10 * MS;
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertEquals(20_000, passed, () -> rig.gate.lastRefusal().toString());
        assertTrue(allocated < 1024, "the gate allocated " + allocated + " bytes over 20000 passing blocks");
    }
}
