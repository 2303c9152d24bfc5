package org.closedloop.safety.interlock;

import static org.closedloop.safety.interlock.Rig.ALICE;
import static org.closedloop.safety.interlock.Rig.MS;
import static org.closedloop.safety.interlock.Rig.S;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.closedloop.safety.SafetyLimits;
import org.closedloop.safety.SafetyRule;
import org.closedloop.safety.plan.StimulationPlan;
import org.closedloop.safety.plan.TestPlans;
import org.junit.jupiter.api.Test;

/** Every transition of the interlock, including the forbidden ones. */
class InterlockTransitionTest {

    private static final StimulationPlan PLAN = TestPlans.simple(); // 1 mA, 1 s ramps, 10 s
    private static final StimulationPlan CLOSED_LOOP = TestPlans.twoElectrodes(1000, S, 10 * S).closedLoop(true)
            .build();

    private final Rig rig = new Rig();

    private InterlockState state() {
        return rig.interlock.state();
    }

    // ------------------------------------------------------------------ DISARMED

    @Test
    void shouldStartDisarmed() {
        assertEquals(InterlockState.DISARMED, state());
        assertEquals(InterlockState.DISARMED, rig.loop.poll());
    }

    @Test
    void shouldArmAnApprovedPlanNamingTheOperator() {
        ActionResult r = rig.arm(PLAN);
        assertTrue(r.accepted(), r::toString);
        assertEquals(InterlockState.ARMED, state());
        SafetyDecision d = rig.decisions.get(0);
        assertEquals(DecisionKind.ARMED, d.kind());
        assertEquals("alice", d.operator());
        assertTrue(d.reason().contains(SafetyLimits.TABLE_VERSION), d::message);
    }

    @Test
    void shouldRefuseToArmARefusedPlanListingEveryViolation() {
        StimulationPlan bad = TestPlans.twoElectrodes(3000, 0, 10 * S).build();
        ActionResult r = rig.arm(bad);
        assertFalse(r.accepted());
        assertTrue(r.violates(SafetyRule.PEAK_CURRENT) && r.violates(SafetyRule.RAMP_RATE), r::toString);
        assertEquals(InterlockState.DISARMED, state());
        assertEquals(DecisionKind.ARM_REFUSED, rig.lastKind());
        assertEquals(r.violations(), rig.decisions.get(0).violations());
    }

    @Test
    void shouldRefuseToStartWhenDisarmed() {
        ActionResult r = rig.loop.start();
        assertFalse(r.accepted());
        assertTrue(r.violates(SafetyRule.INTERLOCK_STATE), r::toString);
        assertEquals(DecisionKind.START_REFUSED, rig.lastKind());
        assertEquals(InterlockState.DISARMED, state());
    }

    @Test
    void shouldAcceptStopWhenThereIsNothingToStop() {
        assertTrue(rig.console.stop(ALICE).accepted());
        assertEquals(InterlockState.DISARMED, state());
    }

    @Test
    void shouldRefuseResetWhenNotInFault() {
        ActionResult r = rig.console.resetFault(ALICE, "nothing happened");
        assertFalse(r.accepted());
        assertTrue(r.violates(SafetyRule.INTERLOCK_STATE));
        assertEquals(DecisionKind.RESET_REFUSED, rig.lastKind());
    }

    // ------------------------------------------------------------------ ARMED

    @Test
    void shouldRefuseToArmTwice() {
        rig.arm(PLAN);
        ActionResult r = rig.arm(PLAN);
        assertFalse(r.accepted());
        assertTrue(r.violates(SafetyRule.INTERLOCK_STATE));
        assertEquals(InterlockState.ARMED, state());
    }

    @Test
    void shouldDisarmOnOperatorStop() {
        rig.arm(PLAN);
        assertTrue(rig.console.stop(ALICE).accepted());
        assertEquals(InterlockState.DISARMED, state());
        assertEquals(DecisionKind.DISARMED, rig.lastKind());
        assertEquals("alice", rig.decisions.get(rig.decisions.size() - 1).operator());
    }

    @Test
    void shouldDisarmOnLoopEndOfProtocol() {
        rig.arm(PLAN);
        assertTrue(rig.loop.requestSoftStop(SoftStopCause.END_OF_PROTOCOL).accepted());
        assertEquals(InterlockState.DISARMED, state());
    }

    @Test
    void shouldNotLetTheLoopClaimAnOperatorStop() {
        assertThrows(IllegalArgumentException.class, () -> rig.loop.requestSoftStop(SoftStopCause.OPERATOR_STOP));
    }

    @Test
    void shouldKeepArmingUntilExpiryAndExpireOneNanosecondLater() {
        rig.arm(PLAN);
        rig.advanceNs(SafetyLimits.ARMING_EXPIRY_NS);
        assertEquals(InterlockState.ARMED, rig.loop.poll());
        rig.advanceNs(1);
        assertEquals(InterlockState.DISARMED, rig.loop.poll());
        SafetyDecision d = rig.decisions.get(rig.decisions.size() - 1);
        assertEquals(DecisionKind.ARMING_EXPIRED, d.kind());
        assertEquals(SafetyRule.ARMING_EXPIRY, d.violations().get(0).rule());
    }

    @Test
    void shouldStartAtTheLastNanosecondOfTheArming() {
        rig.arm(PLAN);
        rig.advanceNs(SafetyLimits.ARMING_EXPIRY_NS);
        rig.measureImpedance(2, 5_000);
        assertTrue(rig.loop.start().accepted());
    }

    @Test
    void shouldRefuseAStartAfterTheArmingExpired() {
        rig.arm(PLAN);
        rig.advanceNs(SafetyLimits.ARMING_EXPIRY_NS + 1);
        rig.measureImpedance(2, 5_000);
        ActionResult r = rig.loop.start();
        assertFalse(r.accepted());
        assertEquals(InterlockState.DISARMED, state());
    }

    @Test
    void shouldStartWithFreshImpedanceAtTheLimit() {
        rig.measureImpedance(2, SafetyLimits.MAX_IMPEDANCE_TO_START_OHMS);
        rig.advanceNs(SafetyLimits.MAX_IMPEDANCE_AGE_NS);
        rig.arm(PLAN);
        ActionResult r = rig.loop.start();
        assertTrue(r.accepted(), r::toString);
        assertEquals(InterlockState.STIMULATING, state());
        assertEquals(DecisionKind.STARTED, rig.lastKind());
    }

    @Test
    void shouldRefuseToStartWithImpedanceOneOhmAboveTheLimit() {
        rig.measureImpedance(2, 5_000);
        rig.loop.reportImpedance(1, SafetyLimits.MAX_IMPEDANCE_TO_START_OHMS + 1, rig.now());
        rig.arm(PLAN);
        ActionResult r = rig.loop.start();
        assertFalse(r.accepted());
        assertEquals(List.of(SafetyRule.IMPEDANCE_AT_START), r.violations().stream().map(v -> v.rule()).toList());
        assertEquals("impedance_at_start electrode=F4 value=10001 Ω limit=10000 Ω", r.violations().get(0).message());
        assertEquals(InterlockState.ARMED, state(), "a refused start leaves the arming in place");
    }

    @Test
    void shouldRefuseToStartWithImpedanceOneNanosecondTooOld() {
        rig.measureImpedance(2, 5_000);
        rig.advanceNs(SafetyLimits.MAX_IMPEDANCE_AGE_NS + 1);
        rig.arm(PLAN);
        ActionResult r = rig.loop.start();
        assertFalse(r.accepted());
        assertEquals(2, r.violations().size());
        assertTrue(r.violations().stream().allMatch(v -> v.rule() == SafetyRule.IMPEDANCE_AGE), r::toString);
    }

    @Test
    void shouldRefuseToStartWithoutAnImpedanceForEveryElectrode() {
        rig.loop.reportImpedance(0, 5_000, rig.now());
        rig.arm(PLAN);
        ActionResult r = rig.loop.start();
        assertFalse(r.accepted());
        assertTrue(r.violates(SafetyRule.IMPEDANCE_AT_START));
        assertTrue(r.violations().get(0).message().contains("electrode=F4"), r::toString);
    }

    @Test
    void shouldRefuseToStartWithAnImpedanceMeasuredInTheFuture() {
        rig.loop.reportImpedance(0, 5_000, rig.now());
        rig.loop.reportImpedance(1, 5_000, rig.now() + S);
        rig.arm(PLAN);
        assertTrue(rig.loop.start().violates(SafetyRule.IMPEDANCE_AGE));
    }

    @Test
    void shouldRequireLiveAcquisitionToStartAClosedLoopPlan() {
        rig.measureImpedance(2, 5_000);
        rig.arm(CLOSED_LOOP);
        assertTrue(rig.loop.start().violates(SafetyRule.ACQUISITION_STALL), "no sample yet");
        rig.loop.reportAcquisitionSample(rig.now());
        rig.advanceNs(SafetyLimits.MAX_ACQUISITION_STALL_NS + 1);
        assertTrue(rig.loop.start().violates(SafetyRule.ACQUISITION_STALL), "stale sample");
        rig.loop.reportAcquisitionSample(rig.now() - SafetyLimits.MAX_ACQUISITION_STALL_NS);
        assertTrue(rig.loop.start().accepted(), "sample exactly at the stall limit");
    }

    @Test
    void shouldFaultFromArmedOnAHazard() {
        rig.arm(PLAN);
        rig.loop.reportDeviceFault("self-test failed");
        assertEquals(InterlockState.FAULT, state());
        assertEquals(1, rig.cutoffs);
    }

    // ------------------------------------------------------------------ STIMULATING

    @Test
    void shouldRefuseArmAndStartWhileStimulating() {
        rig.armAndStart(PLAN);
        assertFalse(rig.arm(PLAN).accepted());
        assertFalse(rig.loop.start().accepted());
        assertEquals(InterlockState.STIMULATING, state());
    }

    @Test
    void shouldRampDownAtThePlansRampDownAndDisarmAtItsEnd() {
        rig.armAndStart(PLAN);
        long start = rig.now();
        rig.clock.setNanoTime(start + 9 * S - 1);
        assertEquals(InterlockState.STIMULATING, rig.loop.poll());
        rig.advanceNs(1);
        assertEquals(InterlockState.RAMPING_DOWN, rig.loop.poll());
        assertEquals(DecisionKind.SOFT_STOP, rig.lastKind());
        assertEquals(start + 10 * S, rig.loop.outputEndNs());
        rig.clock.setNanoTime(start + 10 * S - 1);
        assertEquals(InterlockState.RAMPING_DOWN, rig.loop.poll());
        int cutoffsBefore = rig.cutoffs;
        rig.advanceNs(1);
        assertEquals(InterlockState.DISARMED, rig.loop.poll());
        assertEquals(DecisionKind.STOPPED, rig.lastKind());
        assertEquals(cutoffsBefore + 1, rig.cutoffs, "an explicit zero at the end of every run");
        assertEquals(10 * S, ((MemoryLedger) rig.ledger).used("S001", rig.clock.today()));
    }

    @Test
    void shouldGoStraightThroughToDisarmedWhenTheClockJumpsPastTheEnd() {
        rig.armAndStart(PLAN);
        rig.advanceNs(60 * S);
        assertEquals(InterlockState.DISARMED, rig.loop.poll());
        assertEquals(List.of(DecisionKind.SOFT_STOP, DecisionKind.STOPPED),
                rig.kinds().subList(rig.kinds().size() - 2, rig.kinds().size()));
    }

    @Test
    void shouldRampDownOnOperatorStopFromTheCurrentLevelAtTheRampLimit() {
        rig.armAndStart(PLAN);
        long start = rig.now();
        rig.clock.setNanoTime(start + 5 * S); // plateau: level 1
        ActionResult r = rig.console.stop(ALICE);
        assertTrue(r.accepted());
        assertEquals(InterlockState.RAMPING_DOWN, state());
        assertEquals(start + 6 * S, rig.loop.outputEndNs(), "level 1 falls over the 1 s ramp-down");
        assertEquals(0.5, rig.loop.envelopeFraction(start + 5 * S + 500 * MS), 1e-12);
        rig.clock.setNanoTime(start + 6 * S);
        assertEquals(InterlockState.DISARMED, rig.loop.poll());
        assertEquals(6 * S, ((MemoryLedger) rig.ledger).used("S001", rig.clock.today()),
                "the unused 4 s were given back");
    }

    @Test
    void shouldRampDownFromTheEndOfBlocksAlreadyPassed() {
        rig.armAndStart(PLAN);
        long start = rig.now();
        rig.clock.setNanoTime(start + 5 * S);
        assertEquals(GateVerdict.PASS, rig.constantBlock(rig.now(), 100, 900, -900));
        rig.console.stop(ALICE);
        assertEquals(start + 5 * S + 100 * MS + S, rig.loop.outputEndNs());
    }

    @Test
    void shouldRampDownFromAPartialLevelInProportionalTime() {
        rig.armAndStart(PLAN);
        long start = rig.now();
        rig.clock.setNanoTime(start + 250 * MS); // ramp-up at 0.25
        rig.loop.requestSoftStop(SoftStopCause.END_OF_PROTOCOL);
        assertEquals(start + 500 * MS, rig.loop.outputEndNs());
    }

    @Test
    void shouldSoftStopOnAnAcquisitionStallAndStayArmedAfterwards() {
        rig.armAndStart(CLOSED_LOOP);
        long start = rig.now();
        rig.clock.setNanoTime(start + SafetyLimits.MAX_ACQUISITION_STALL_NS);
        assertEquals(InterlockState.STIMULATING, rig.loop.poll(), "exactly at the stall limit");
        rig.advanceNs(1);
        assertEquals(InterlockState.RAMPING_DOWN, rig.loop.poll());
        SafetyDecision d = rig.decisions.get(rig.decisions.size() - 1);
        assertEquals(DecisionKind.SOFT_STOP, d.kind());
        assertEquals(SafetyRule.ACQUISITION_STALL, d.violations().get(0).rule());
        rig.clock.setNanoTime(rig.loop.outputEndNs());
        assertEquals(InterlockState.ARMED, rig.loop.poll());
        // the session resumes once acquisition is back; a closed-loop run is always one whole plan
        rig.loop.reportAcquisitionSample(rig.now());
        rig.measureImpedance(2, 5_000);
        ActionResult again = rig.loop.start();
        assertTrue(again.accepted(), again::toString);
        assertEquals(10 * S, rig.loop.outputEndNs() - rig.loop.runStartNs());
    }

    @Test
    void shouldStayArmedAfterAClosedLoopRunEndsOnItsOwnAndStartAWholePlanAgain() {
        rig.armAndStart(CLOSED_LOOP);
        rig.clock.setNanoTime(rig.loop.outputEndNs());
        assertEquals(InterlockState.ARMED, rig.loop.poll());
        assertTrue(rig.decisions.get(rig.decisions.size() - 1).reason().contains("closed-loop session remains armed"),
                rig.decisions.get(rig.decisions.size() - 1)::toString);
        rig.loop.reportAcquisitionSample(rig.now());
        rig.measureImpedance(2, 5_000);
        assertTrue(rig.loop.start().accepted());
        assertEquals(10 * S, rig.loop.outputEndNs() - rig.loop.runStartNs());
    }

    @Test
    void shouldStayArmedAfterTheLoopStopsAClosedLoopRun() {
        rig.armAndStart(CLOSED_LOOP);
        rig.advanceNs(3 * S);
        rig.loop.reportAcquisitionSample(rig.now());
        assertTrue(rig.loop.requestSoftStop(SoftStopCause.END_OF_PROTOCOL).accepted());
        assertEquals(InterlockState.RAMPING_DOWN, state());
        rig.clock.setNanoTime(rig.loop.outputEndNs());
        assertEquals(InterlockState.ARMED, rig.loop.poll());
    }

    @Test
    void shouldEndAClosedLoopSessionOnAnOperatorStopEvenDuringTheLoopsRamp() {
        rig.armAndStart(CLOSED_LOOP);
        rig.advanceNs(3 * S);
        rig.loop.reportAcquisitionSample(rig.now());
        rig.loop.requestSoftStop(SoftStopCause.END_OF_PROTOCOL);
        rig.advanceNs(100 * MS);
        rig.loop.reportAcquisitionSample(rig.now());
        assertTrue(rig.console.stop(ALICE).accepted());
        rig.clock.setNanoTime(rig.loop.outputEndNs());
        assertEquals(InterlockState.DISARMED, rig.loop.poll());
    }

    @Test
    void shouldEndAnOpenLoopSessionWhenItsRunEnds() {
        rig.armAndStart(PLAN);
        rig.clock.setNanoTime(rig.loop.outputEndNs());
        assertEquals(InterlockState.DISARMED, rig.loop.poll());
        rig.measureImpedance(2, 5_000);
        assertFalse(rig.loop.start().accepted());
    }

    @Test
    void shouldExpireAClosedLoopArmingThatNoRunUsesFor120Seconds() {
        rig.armAndStart(CLOSED_LOOP);
        long end = rig.loop.outputEndNs();
        rig.clock.setNanoTime(end);
        assertEquals(InterlockState.ARMED, rig.loop.poll());
        rig.clock.setNanoTime(end + SafetyLimits.ARMING_EXPIRY_NS);
        assertEquals(InterlockState.ARMED, rig.loop.poll(), "exactly at the expiry");
        rig.advanceNs(1);
        assertEquals(InterlockState.DISARMED, rig.loop.poll());
        assertEquals(DecisionKind.ARMING_EXPIRED, rig.lastKind());
    }

    @Test
    void shouldCapAClosedLoopSessionAtTheSessionTimeLimitAcrossRuns() {
        StimulationPlan sevenSeconds = TestPlans.twoElectrodes(1000, S, 7 * S).closedLoop(true).build();
        rig.armAndStart(sevenSeconds);
        long total = 0;
        int runs = 1;
        while (true) {
            long length = rig.loop.outputEndNs() - rig.loop.runStartNs();
            total += length;
            rig.clock.setNanoTime(rig.loop.outputEndNs());
            InterlockState after = rig.loop.poll();
            if (total == SafetyLimits.MAX_SESSION_STIMULATION_NS) {
                assertEquals(InterlockState.DISARMED, after, "the session's time is used up");
                break;
            }
            assertEquals(InterlockState.ARMED, after, "after run " + runs);
            rig.loop.reportAcquisitionSample(rig.now());
            rig.measureImpedance(2, 5_000);
            ActionResult started = rig.loop.start();
            assertTrue(started.accepted(), started::toString);
            runs++;
        }
        // 2400 s in runs of 7 s: 342 whole runs and a last one of 6 s
        assertEquals(343, runs);
        assertEquals(SafetyLimits.MAX_SESSION_STIMULATION_NS, total);
    }

    @Test
    void shouldEndTheSessionWhenStoppedDuringAStallRampDown() {
        rig.armAndStart(CLOSED_LOOP);
        rig.advanceNs(SafetyLimits.MAX_ACQUISITION_STALL_NS + 1);
        rig.loop.poll();
        rig.console.stop(ALICE);
        rig.clock.setNanoTime(rig.loop.outputEndNs());
        assertEquals(InterlockState.DISARMED, rig.loop.poll());
    }

    @Test
    void shouldNotStallAnOpenLoopPlan() {
        rig.armAndStart(PLAN);
        rig.advanceNs(5 * S);
        assertEquals(InterlockState.STIMULATING, rig.loop.poll());
    }

    @Test
    void shouldFaultOnImpedanceOneOhmAboveTheLimitDuringStimulation() {
        rig.armAndStart(PLAN);
        assertEquals(InterlockState.STIMULATING,
                rig.loop.reportImpedance(0, SafetyLimits.MAX_IMPEDANCE_DURING_STIMULATION_OHMS, rig.now()));
        assertEquals(InterlockState.FAULT,
                rig.loop.reportImpedance(1, SafetyLimits.MAX_IMPEDANCE_DURING_STIMULATION_OHMS + 1, rig.now()));
        assertEquals(HazardCause.IMPEDANCE_FAULT, rig.interlock.faultCause().orElseThrow());
        assertEquals("impedance_during_stimulation electrode=F4 value=20001 Ω limit=20000 Ω",
                rig.decisions.get(rig.decisions.size() - 1).violations().get(0).message());
    }

    @Test
    void shouldFaultAtOnceOnEveryDeviceHazard() {
        List<Consumer<LoopFacet>> hazards = List.of(l -> l.reportOverCurrent("ch0 2.2 mA"),
                l -> l.reportDeviceWatchdog("no heartbeat"), l -> l.reportComplianceSaturation(1),
                l -> l.reportDeviceFault("firmware error 7"));
        List<HazardCause> causes = List.of(HazardCause.OVER_CURRENT, HazardCause.DEVICE_WATCHDOG,
                HazardCause.COMPLIANCE_SATURATION, HazardCause.DEVICE_FAULT);
        for (int i = 0; i < hazards.size(); i++) {
            Rig r = new Rig();
            r.armAndStart(PLAN);
            int before = r.cutoffs;
            hazards.get(i).accept(r.loop);
            assertEquals(InterlockState.FAULT, r.interlock.state());
            assertEquals(causes.get(i), r.interlock.faultCause().orElseThrow());
            assertEquals(before + 1, r.cutoffs, "output zeroed at once");
            assertEquals(DecisionKind.HAZARD, r.lastKind());
        }
    }

    @Test
    void shouldFaultFromRampingDown() {
        rig.armAndStart(PLAN);
        rig.console.stop(ALICE);
        rig.interlock.emergencyStop().press();
        assertEquals(InterlockState.FAULT, rig.loop.poll());
    }

    @Test
    void shouldFaultWhenTheClockGoesBackwards() {
        rig.armAndStart(PLAN);
        rig.advanceNs(-1);
        assertEquals(InterlockState.FAULT, rig.loop.poll());
        assertEquals(HazardCause.CLOCK_FAULT, rig.interlock.faultCause().orElseThrow());
    }

    @Test
    void shouldFaultWhenTheClockLeavesItsRange() {
        rig.clock.setNanoTime(Interlock.CLOCK_RANGE_NS + 1);
        assertEquals(InterlockState.FAULT, rig.loop.poll());
        assertEquals(HazardCause.CLOCK_FAULT, rig.interlock.faultCause().orElseThrow());
    }

    @Test
    void shouldSettleTheLedgerConservativelyOnAHazard() {
        rig.armAndStart(PLAN);
        rig.advanceNs(2 * S);
        assertEquals(GateVerdict.PASS, rig.constantBlock(rig.now(), 100, 900, -900));
        rig.loop.reportOverCurrent("test");
        assertEquals(2 * S + 100 * MS, ((MemoryLedger) rig.ledger).used("S001", rig.clock.today()),
                "counted up to the end of the last passed block");
    }

    // ------------------------------------------------------------------ FAULT

    private void fault() {
        rig.armAndStart(PLAN);
        rig.interlock.emergencyStop().press();
        rig.interlock.emergencyStop().release();
        assertEquals(InterlockState.FAULT, rig.loop.poll());
    }

    @Test
    void shouldKeepFaultLatchedWhateverHappens() {
        fault();
        rig.advanceNs(3600 * S);
        assertEquals(InterlockState.FAULT, rig.loop.poll());
        assertFalse(rig.arm(PLAN).accepted());
        assertFalse(rig.loop.start().accepted());
        assertTrue(rig.console.stop(ALICE).accepted());
        assertFalse(rig.loop.requestSoftStop(SoftStopCause.END_OF_PROTOCOL).state() != InterlockState.FAULT);
        assertEquals(GateVerdict.REFUSED, rig.sample(rig.now(), 0, 0));
        rig.loop.reportAcquisitionSample(rig.now());
        rig.measureImpedance(2, 5_000);
        rig.loop.reportOverCurrent("again");
        assertEquals(InterlockState.FAULT, state());
    }

    @Test
    void shouldRefuseResetWithoutAReason() {
        fault();
        for (String reason : new String[] {null, "", "   \t"}) {
            ActionResult r = rig.console.resetFault(ALICE, reason);
            assertFalse(r.accepted());
            assertTrue(r.violates(SafetyRule.OPERATOR_REASON), r::toString);
            assertEquals(InterlockState.FAULT, state());
            assertEquals(DecisionKind.RESET_REFUSED, rig.lastKind());
        }
    }

    @Test
    void shouldRefuseResetWhileTheEmergencyStopIsPressed() {
        rig.interlock.emergencyStop().press();
        assertEquals(InterlockState.FAULT, rig.loop.poll());
        ActionResult r = rig.console.resetFault(ALICE, "checked the subject");
        assertFalse(r.accepted());
        assertTrue(r.violates(SafetyRule.EMERGENCY_STOP));
        rig.interlock.emergencyStop().release();
        assertTrue(rig.console.resetFault(ALICE, "checked the subject").accepted());
    }

    @Test
    void shouldRefuseAResetInTheCallThatFindsANewHazard() {
        fault();
        rig.interlock.emergencyStop().press();
        rig.interlock.emergencyStop().release();
        long hazards = rig.interlock.hazardCount();
        ActionResult r = rig.console.resetFault(ALICE, "all checked");
        assertFalse(r.accepted(), "the reason was about the earlier fault: " + r);
        assertEquals(hazards + 1, rig.interlock.hazardCount(), "the new press is reported as a hazard");
        assertEquals(HazardCause.EMERGENCY_STOP, rig.interlock.faultCause().orElseThrow());
        assertTrue(rig.console.resetFault(ALICE, "all checked, second press was a test").accepted());
        rig.loop.reportDeviceFault("x");
        rig.advanceNs(-1);
        assertFalse(rig.console.resetFault(ALICE, "checked").accepted(), "clock fault found during the reset");
        assertTrue(rig.console.resetFault(ALICE, "checked the clock").accepted());
    }

    @Test
    void shouldResetToDisarmedWithAnOperatorAndReason() {
        fault();
        ActionResult r = rig.console.resetFault(ALICE, "electrode re-gelled, subject fine");
        assertTrue(r.accepted(), r::toString);
        assertEquals(InterlockState.DISARMED, state());
        SafetyDecision d = rig.decisions.get(rig.decisions.size() - 1);
        assertEquals(DecisionKind.RESET, d.kind());
        assertEquals("alice", d.operator());
        assertTrue(d.reason().contains("electrode re-gelled") && d.reason().contains("EMERGENCY_STOP"), d::message);
        // the session is gone and impedance must be measured again
        rig.arm(PLAN);
        assertTrue(rig.loop.start().violates(SafetyRule.IMPEDANCE_AT_START));
    }

    @Test
    void shouldRejectAnOperatorWithoutAName() {
        for (String name : new String[] {"", "  ", "a\nb", "x".repeat(65)}) {
            assertThrows(IllegalArgumentException.class, () -> Operator.named(name));
        }
        assertThrows(NullPointerException.class, () -> rig.console.arm(null, PLAN));
    }

    // ------------------------------------------------------------------ who may do what

    @Test
    void shouldGiveTheLoopNoWayToArmOrReset() {
        for (Class<?> loopSide : List.of(LoopFacet.class, SetpointGate.class, EmergencyStop.class)) {
            for (Method m : loopSide.getMethods()) {
                if (!Modifier.isPublic(m.getModifiers()) || m.getDeclaringClass() == Object.class) {
                    continue;
                }
                assertFalse(m.getName().toLowerCase().contains("arm") || m.getName().toLowerCase().contains("reset"),
                        loopSide.getSimpleName() + "." + m.getName());
                assertFalse(Arrays.asList(m.getParameterTypes()).contains(Operator.class),
                        loopSide.getSimpleName() + "." + m.getName() + " takes an Operator");
                assertFalse(OperatorConsole.class.isAssignableFrom(m.getReturnType())
                        || Interlock.class.isAssignableFrom(m.getReturnType()),
                        loopSide.getSimpleName() + "." + m.getName() + " leaks the console");
            }
        }
    }

    @Test
    void shouldObserveAnEmergencyStopFromAnotherThreadBeforeTheNextBlock() throws InterruptedException {
        rig.armAndStart(PLAN);
        rig.advanceNs(2 * S);
        assertEquals(GateVerdict.PASS, rig.constantBlock(rig.now(), 10, 500, -500));
        Thread gpio = new Thread(rig.interlock.emergencyStop()::press, "gpio");
        gpio.start();
        gpio.join();
        int before = rig.cutoffs;
        assertEquals(GateVerdict.REFUSED, rig.constantBlock(rig.now() + 10 * MS, 10, 500, -500));
        assertEquals(SafetyRule.EMERGENCY_STOP, rig.gate.lastRefusal().orElseThrow().rule());
        assertEquals(InterlockState.FAULT, state());
        assertEquals(HazardCause.EMERGENCY_STOP, rig.interlock.faultCause().orElseThrow());
        assertTrue(rig.cutoffs > before);
    }

    @Test
    void shouldNotLoseAnEmergencyStopPressedAndReleasedBetweenCalls() {
        rig.arm(PLAN);
        rig.interlock.emergencyStop().press();
        rig.interlock.emergencyStop().release();
        assertEquals(InterlockState.FAULT, rig.loop.poll());
    }

    @Test
    void shouldFaultEvenWhenDisarmed() {
        rig.interlock.emergencyStop().press();
        assertEquals(InterlockState.FAULT, rig.loop.poll());
    }

    @Test
    void shouldAssertTheOwnerThread() throws InterruptedException {
        rig.loop.poll();
        Throwable[] thrown = new Throwable[1];
        Thread other = new Thread(() -> {
            try {
                rig.loop.poll();
            } catch (Throwable t) {
                thrown[0] = t;
            }
        });
        other.start();
        other.join();
        assertTrue(thrown[0] instanceof AssertionError, "expected an owner-thread assertion, got " + thrown[0]);
    }

    @Test
    void shouldCountAFailingListenerAndStillFault() {
        Interlock lock = new Interlock(rig.clock, new MemoryLedger(), () -> { }, d -> {
            throw new IllegalStateException("audit disk full");
        });
        lock.loopFacet().reportOverCurrent("x");
        assertEquals(InterlockState.FAULT, lock.state());
        assertEquals(1, lock.listenerFailureCount());
    }

    @Test
    void shouldReportAFailingCutoffAndStillFault() {
        List<SafetyDecision> seen = new java.util.ArrayList<>();
        Interlock lock = new Interlock(rig.clock, new MemoryLedger(), () -> {
            throw new IllegalStateException("serial port gone");
        }, seen::add);
        lock.loopFacet().reportOverCurrent("x");
        assertEquals(InterlockState.FAULT, lock.state());
        assertEquals(1, lock.cutoffFailureCount());
        assertEquals(List.of(DecisionKind.OUTPUT_CUTOFF_FAILED, DecisionKind.HAZARD),
                seen.stream().map(SafetyDecision::kind).toList());
    }
}
