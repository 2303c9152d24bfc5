package org.closedloop.safety.plan;

import static org.closedloop.safety.plan.TestPlans.MIN;
import static org.closedloop.safety.plan.TestPlans.MS;
import static org.closedloop.safety.plan.TestPlans.S;
import static org.closedloop.safety.plan.TestPlans.twoElectrodes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.closedloop.safety.SafetyLimits;
import org.closedloop.safety.SafetyRule;
import org.closedloop.safety.Violation;
import org.junit.jupiter.api.Test;

/** Every plan-level limit: exactly at the limit passes, the smallest step beyond fails with the named rule. */
class PlanCheckerTest {

    private static void assertApproved(StimulationPlan plan) {
        PlanVerdict v = PlanChecker.check(plan);
        assertTrue(v.approved(), () -> "expected approval of " + plan + " but " + v);
    }

    /** Refused with exactly the given rules (each possibly several times). */
    private static PlanVerdict assertRefusedWith(StimulationPlan plan, SafetyRule... rules) {
        PlanVerdict v = PlanChecker.check(plan);
        Set<SafetyRule> actual = v.violations().stream().map(Violation::rule).collect(Collectors.toSet());
        assertEquals(Set.of(rules), actual, () -> "verdict " + v + " for " + plan);
        return v;
    }

    private static StimulationPlan twoAt(int a, int b, double phaseB) {
        return StimulationPlan.builder("S001")
                .electrode("F3", 25.0, ElectrodeRole.ACTIVE)
                .electrode("F4", 25.0, ElectrodeRole.RETURN)
                .component(10.0, new int[] {a, b}, new double[] {0, phaseB})
                .rampUpNs(2 * S).rampDownNs(2 * S).durationNs(60 * S).build();
    }

    @Test
    void shouldApproveASimplePlan() {
        assertApproved(TestPlans.simple());
    }

    @Test
    void shouldApprovePeakCurrentAtLimitAndRefuseOneMicroAmpMore() {
        assertApproved(twoAt(2000, 2000, 180));
        PlanVerdict v = assertRefusedWith(twoAt(2001, 2000, 180), SafetyRule.PEAK_CURRENT);
        assertEquals("peak_current electrode=F3 value=2001 µA limit=2000 µA", v.violations().get(0).message());
    }

    @Test
    void shouldCountEveryComponentAndTheDcOffsetInThePeak() {
        StimulationPlan.Builder b = StimulationPlan.builder("S001")
                .electrode("F3", 25.0, ElectrodeRole.ACTIVE)
                .electrode("F4", 25.0, ElectrodeRole.RETURN)
                .component(10.0, new int[] {1000, 1000}, new double[] {0, 180})
                .component(40.0, new int[] {990, 990}, new double[] {0, 180})
                .rampUpNs(2 * S).rampDownNs(2 * S).durationNs(60 * S);
        assertApproved(b.dcOffsetsMicroAmps(new int[] {10, -10}).build());
        assertRefusedWith(b.dcOffsetsMicroAmps(new int[] {11, -11}).build(), SafetyRule.PEAK_CURRENT);
    }

    @Test
    void shouldApproveTotalInjectedCurrentAtLimitAndRefuseOneMicroAmpMore() {
        assertApproved(TestPlans.fiveElectrodes(2000, S, 60 * S).build());
        StimulationPlan over = StimulationPlan.builder("S001")
                .electrode("A", 25.0, ElectrodeRole.ACTIVE)
                .electrode("B", 25.0, ElectrodeRole.ACTIVE)
                .electrode("C", 25.0, ElectrodeRole.RETURN)
                .electrode("D", 25.0, ElectrodeRole.RETURN)
                .electrode("E", 25.0, ElectrodeRole.RETURN)
                .component(5.0, new int[] {2000, 2000, 2000, 2000, 1}, new double[] {0, 0, 180, 180, 180})
                .rampUpNs(S).rampDownNs(S).durationNs(60 * S).build();
        PlanVerdict v = assertRefusedWith(over, SafetyRule.TOTAL_CURRENT);
        assertEquals(4001, v.totalInjectedBoundMicroAmps(), 1e-6);
    }

    @Test
    void shouldApproveNetCurrentAtLimitAndRefuseOneMicroAmpMore() {
        assertApproved(twoAt(1000, 990, 180));
        PlanVerdict v = assertRefusedWith(twoAt(1000, 989, 180), SafetyRule.NET_CURRENT);
        assertEquals(11, v.netBoundMicroAmps(), 1e-6);
    }

    @Test
    void shouldRefuseElectrodesThatDoNotCancelAtEveryInstant() {
        // equal amplitudes, but 90° apart: the sum is 1414 µA at its peak
        PlanVerdict v = assertRefusedWith(twoAt(1000, 1000, 90), SafetyRule.NET_CURRENT);
        assertEquals(1000 * Math.sqrt(2), v.netBoundMicroAmps(), 1e-9);
    }

    @Test
    void shouldAddComponentsOfEqualFrequencyAsPhasors() {
        // two 10 Hz components that cancel each other across electrodes only when added coherently
        StimulationPlan plan = StimulationPlan.builder("S001")
                .electrode("F3", 25.0, ElectrodeRole.ACTIVE)
                .electrode("F4", 25.0, ElectrodeRole.RETURN)
                .component(10.0, new int[] {500, 0}, new double[] {0, 0})
                .component(10.0, new int[] {0, 500}, new double[] {0, 180})
                .rampUpNs(S).rampDownNs(S).durationNs(60 * S).build();
        assertApproved(plan);
    }

    @Test
    void shouldRefuseAnElectrodeWithoutAValidArea() {
        for (double area : new double[] {Electrode.AREA_NOT_DECLARED, -1.0, Double.NaN,
            Double.POSITIVE_INFINITY}) {
            StimulationPlan plan = StimulationPlan.builder("S001")
                    .electrode("F3", area, ElectrodeRole.ACTIVE)
                    .electrode("F4", 25.0, ElectrodeRole.RETURN)
                    .component(10.0, new int[] {0, 0}, new double[] {0, 180})
                    .rampUpNs(S).rampDownNs(S).durationNs(60 * S).build();
            PlanVerdict v = assertRefusedWith(plan, SafetyRule.ELECTRODE_AREA);
            assertTrue(v.violations().get(0).message().startsWith("electrode_area electrode=F3"), v::toString);
        }
        // the smallest positive area is a declared area (and then carries no current)
        assertApproved(StimulationPlan.builder("S001")
                .electrode("F3", Double.MIN_VALUE, ElectrodeRole.ACTIVE)
                .electrode("F4", 25.0, ElectrodeRole.RETURN)
                .component(10.0, new int[] {0, 0}, new double[] {0, 180})
                .rampUpNs(S).rampDownNs(S).durationNs(60 * S).build());
    }

    @Test
    void shouldApproveCurrentDensityAtLimitAndRefuseOneMicroAmpMore() {
        StimulationPlan.Builder b = StimulationPlan.builder("S001")
                .electrode("F3", 0.5, ElectrodeRole.ACTIVE)
                .electrode("F4", 25.0, ElectrodeRole.RETURN)
                .rampUpNs(S).rampDownNs(S).durationNs(60 * S);
        assertApproved(b.component(10.0, new int[] {1000, 1000}, new double[] {0, 180}).build());
        StimulationPlan over = StimulationPlan.builder("S001")
                .electrode("F3", 0.5, ElectrodeRole.ACTIVE)
                .electrode("F4", 25.0, ElectrodeRole.RETURN)
                .component(10.0, new int[] {1001, 1001}, new double[] {0, 180})
                .rampUpNs(S).rampDownNs(S).durationNs(60 * S).build();
        PlanVerdict v = assertRefusedWith(over, SafetyRule.CURRENT_DENSITY);
        assertEquals("current_density electrode=F3 value=2002 µA/cm² limit=2000 µA/cm²",
                v.violations().get(0).message());
    }

    private static StimulationPlan atFrequency(double hz) {
        return StimulationPlan.builder("S001")
                .electrode("F3", 25.0, ElectrodeRole.ACTIVE)
                .electrode("F4", 25.0, ElectrodeRole.RETURN)
                .component(hz, new int[] {1000, 1000}, new double[] {0, 180})
                .rampUpNs(S).rampDownNs(S).durationNs(60 * S).build();
    }

    @Test
    void shouldApproveFrequenciesAtBothEndsAndRefuseTheNextDoubleBeyond() {
        assertApproved(atFrequency(SafetyLimits.MIN_FREQUENCY_HZ));
        assertApproved(atFrequency(SafetyLimits.MAX_FREQUENCY_HZ));
        assertRefusedWith(atFrequency(Math.nextDown(SafetyLimits.MIN_FREQUENCY_HZ)), SafetyRule.FREQUENCY);
        assertRefusedWith(atFrequency(Math.nextUp(SafetyLimits.MAX_FREQUENCY_HZ)), SafetyRule.FREQUENCY);
        assertRefusedWith(atFrequency(Double.NaN), SafetyRule.FREQUENCY);
        assertRefusedWith(atFrequency(0.0), SafetyRule.FREQUENCY);
    }

    @Test
    void shouldApproveDcOffsetAtLimitAndRefuseOneMicroAmpMore() {
        assertApproved(twoElectrodes(1000, S, 60 * S).dcOffsetsMicroAmps(new int[] {20, -20}).build());
        PlanVerdict v = assertRefusedWith(twoElectrodes(1000, S, 60 * S)
                .dcOffsetsMicroAmps(new int[] {21, -21}).build(), SafetyRule.DC_COMPONENT);
        assertEquals(2, v.violations().size(), v::toString);
    }

    @Test
    void shouldApproveRampRateAtLimitAndRefuseOneNanosecondShorter() {
        // 1000 µA over 0.5 s is exactly 2000 µA/s
        assertApproved(twoElectrodes(1000, 500 * MS, 60 * S).build());
        assertRefusedWith(twoElectrodes(1000, 500 * MS - 1, 60 * S).build(), SafetyRule.RAMP_RATE);
        StimulationPlan downOnly = twoElectrodes(1000, 500 * MS, 60 * S).rampDownNs(500 * MS - 1).build();
        PlanVerdict v = assertRefusedWith(downOnly, SafetyRule.RAMP_RATE);
        assertEquals("field=rampDownNs", v.violations().get(0).location());
        assertRefusedWith(twoElectrodes(1000, 0, 60 * S).build(), SafetyRule.RAMP_RATE);
    }

    @Test
    void shouldRefuseRampsThatDoNotFitInTheDuration() {
        assertApproved(twoElectrodes(1000, 5 * S, 10 * S).build());
        assertRefusedWith(twoElectrodes(1000, 5 * S, 10 * S - 1).build(), SafetyRule.RAMP_DURATION);
    }

    @Test
    void shouldApproveSessionDurationAtLimitAndRefuseOneNanosecondMore() {
        assertApproved(twoElectrodes(1000, S, 40 * MIN).build());
        PlanVerdict v = assertRefusedWith(twoElectrodes(1000, S, 40 * MIN + 1).build(), SafetyRule.SESSION_DURATION);
        assertEquals("session_duration field=durationNs value=2400.000000001 s limit=2400 s",
                v.violations().get(0).message());
    }

    @Test
    void shouldApproveSessionChargeAtLimitAndRefuseOneNanosecondMore() {
        // 4 mA total for an effective 1800 s (1801 s minus half of two 1 s ramps) = 7.2 C exactly
        assertApproved(TestPlans.fiveElectrodes(2000, S, 1801 * S).build());
        PlanVerdict v = assertRefusedWith(TestPlans.fiveElectrodes(2000, S, 1801 * S + 1).build(),
                SafetyRule.SESSION_CHARGE);
        assertTrue(v.violations().get(0).message().startsWith("session_charge plan value=7200.000000004 mC"),
                v::toString);
    }

    @Test
    void shouldBoundShamChargeByTheTwoRampTriangles() {
        StimulationPlan sham = TestPlans.fiveElectrodes(2000, 30 * S, 40 * MIN).sham(true).build();
        PlanVerdict v = PlanChecker.check(sham);
        assertTrue(v.approved(), v::toString);
        assertEquals(4000.0 * 60 * S, v.chargeBoundMicroAmpNs(), 1.0);
    }

    @Test
    void shouldApplyStricterSessionLimitsAtTheirBoundary() {
        SessionLimits strict = SessionLimits.HARD_LIMITS.withMaxAmplitudeMicroAmps(1500).withMaxDurationNs(20 * MIN)
                .withMaxChargeMicrocoulombs(2_000_000);
        assertApproved(twoElectrodes(1500, S, 20 * MIN).sessionLimits(strict).build());
        PlanVerdict amp = assertRefusedWith(twoElectrodes(1501, S, 20 * MIN).sessionLimits(strict).build(),
                SafetyRule.PEAK_CURRENT);
        assertEquals(1500, amp.violations().get(0).limit());
        assertRefusedWith(twoElectrodes(1500, S, 20 * MIN + 1).sessionLimits(strict).build(),
                SafetyRule.SESSION_DURATION);
        // 1500 µA total for (20 min - 1 s) is 1.7985 C; a 1.7985 C limit passes, 1 µC less refuses
        SessionLimits charge = strict.withMaxChargeMicrocoulombs(1_798_500);
        assertApproved(twoElectrodes(1500, S, 20 * MIN).sessionLimits(charge).build());
        assertRefusedWith(twoElectrodes(1500, S, 20 * MIN).sessionLimits(charge.withMaxChargeMicrocoulombs(1_798_499))
                .build(), SafetyRule.SESSION_CHARGE);
    }

    @Test
    void shouldRefuseSessionLimitsThatWouldLoosenAHardLimit() {
        assertApproved(twoElectrodes(1000, S, 60 * S).sessionLimits(SessionLimits.HARD_LIMITS).build());
        SessionLimits h = SessionLimits.HARD_LIMITS;
        for (SessionLimits looser : List.of(h.withMaxDurationNs(40 * MIN + 1), h.withMaxAmplitudeMicroAmps(2001),
                h.withMaxChargeMicrocoulombs(7_200_001))) {
            assertRefusedWith(twoElectrodes(1000, S, 60 * S).sessionLimits(looser).build(), SafetyRule.SESSION_LIMIT);
        }
    }

    @Test
    void shouldListEveryViolationOfAPlan() {
        StimulationPlan bad = StimulationPlan.builder("S001")
                .electrode("F3", Electrode.AREA_NOT_DECLARED, ElectrodeRole.ACTIVE)
                .electrode("F4", 25.0, ElectrodeRole.RETURN)
                .component(200.0, new int[] {3000, 1000}, new double[] {0, 180})
                .dcOffsetsMicroAmps(new int[] {100, 0})
                .rampUpNs(0).rampDownNs(S).durationNs(41 * MIN).build();
        PlanVerdict v = PlanChecker.check(bad);
        Set<SafetyRule> rules = v.violations().stream().map(Violation::rule).collect(Collectors.toSet());
        assertEquals(Set.of(SafetyRule.ELECTRODE_AREA, SafetyRule.DC_COMPONENT, SafetyRule.PEAK_CURRENT,
                SafetyRule.FREQUENCY, SafetyRule.NET_CURRENT, SafetyRule.RAMP_RATE, SafetyRule.SESSION_DURATION,
                SafetyRule.SESSION_CHARGE),
                rules, v::toString);
        assertTrue(v.toString().contains("peak_current electrode=F3 value=3100 µA limit=2000 µA"), v::toString);
        assertTrue(v.toString().contains("frequency component=0 value=200 Hz limit=150 Hz"), v::toString);
    }

    @Test
    void shouldRejectStructurallyInvalidPlansAtConstruction() {
        for (String badSubject : new String[] {"S 001", "", "S001\n"}) {
            assertThrows(IllegalArgumentException.class, () -> StimulationPlan.builder(badSubject)
                    .electrode("F3", 1, ElectrodeRole.ACTIVE).component(10, new int[] {0}, new double[] {0})
                    .durationNs(S).build());
        }
        assertThrows(IllegalArgumentException.class, () -> new Electrode("F 3", 1, ElectrodeRole.ACTIVE));
        assertThrows(IllegalArgumentException.class, () -> twoElectrodes(1000, S, S)
                .component(10, new int[] {1}, new double[] {0}).build());
        assertThrows(IllegalArgumentException.class, () -> twoElectrodes(1000, S, S)
                .electrode("F3", 25, ElectrodeRole.ACTIVE).build());
        assertThrows(IllegalArgumentException.class, () -> twoElectrodes(1000, S, 0).build());
        assertThrows(IllegalArgumentException.class, () -> twoElectrodes(1000, -1, S).build());
        assertThrows(IllegalArgumentException.class, () -> new WaveformComponent(10, new int[] {-1}, new double[] {0}));
        assertThrows(IllegalArgumentException.class, () -> new WaveformComponent(10, new int[] {1},
                new double[] {Double.NaN}));
        assertThrows(IllegalArgumentException.class, () -> new SessionLimits(0, 1, 1));
    }
}
