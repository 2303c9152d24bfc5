package org.closedloop.sim.stim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.closedloop.protocol.link.FaultCode;
import org.junit.jupiter.api.Test;

/** The device's own limit checks, each at its boundary and one step beyond (independent of the controller). */
class BlockChecksTest {

    private static final int WIDE = 2500; // 25 cm²: a density cap (50 mA) that never binds
    private final BlockChecks checks = new BlockChecks(8);

    private void begin(int... areas) {
        checks.beginRun(areas.length, Arrays.stream(areas).map(DeviceLimits::densityCapMicroAmps).toArray());
    }

    /** Feeds {@code n} all-zero samples, so the onset rule no longer binds below the peak limit. */
    private void settle(int channels, int n) {
        int[] zero = new int[channels];
        for (int i = 0; i < n; i++) {
            assertTrue(checks.check(zero, 0));
        }
    }

    private boolean sample(int... s) {
        return checks.check(s, 0);
    }

    @Test
    void shouldPassPeakCurrentAtLimitAndRefuseOneMicroAmpMore() {
        begin(WIDE, WIDE);
        settle(2, 900); // onset cap at sample 900: 10 + 2 × (900 + 100) = 2010 µA
        assertTrue(sample(2000, -2000));
        assertFalse(sample(2001, -2001));
        assertEquals(FaultCode.PEAK_CURRENT, checks.failedRule());
        assertEquals(0, checks.failedChannel());
        assertEquals(2001, checks.failedValue());
    }

    @Test
    void shouldPassCurrentDensityAtLimitAndRefuseOneMicroAmpMore() {
        begin(50, 50); // 0.5 cm² -> 1000 µA
        settle(2, 900);
        assertTrue(sample(1000, -1000));
        assertFalse(sample(-1000, 1001));
        assertEquals(FaultCode.CURRENT_DENSITY, checks.failedRule());
        assertEquals(1, checks.failedChannel());
    }

    @Test
    void shouldPassTotalCurrentAtLimitAndRefuseOneMicroAmpMore() {
        begin(WIDE, WIDE, WIDE, WIDE, WIDE, WIDE);
        settle(6, 900);
        assertTrue(sample(2000, 2000, 0, -2000, -2000, 0));
        assertFalse(sample(2000, 2000, 1, -2000, -2000, -1));
        assertEquals(FaultCode.TOTAL_CURRENT, checks.failedRule());
        assertEquals(4001, checks.failedValue());
    }

    @Test
    void shouldPassNetCurrentAtLimitAndRefuseOneMicroAmpMore() {
        begin(WIDE, WIDE);
        settle(2, 900);
        assertTrue(sample(1000, -990));
        assertTrue(sample(-1000, 990));
        assertFalse(sample(1000, -989));
        assertEquals(FaultCode.NET_CURRENT, checks.failedRule());
        assertEquals(11, checks.failedValue());
    }

    @Test
    void shouldPassTheOnsetRampAtLimitAndRefuseOneMicroAmpMore() {
        begin(WIDE, WIDE);
        assertTrue(sample(210, -210)); // sample 0: 10 + 2 × 100
        assertTrue(sample(212, -212)); // sample 1: 10 + 2 × 101
        assertFalse(sample(215, -215)); // sample 2: cap 214
        assertEquals(FaultCode.ONSET_RAMP, checks.failedRule());
        assertEquals(214, checks.failedLimit());
    }

    /**
     * A sustained DC of 200 µA on each electrode (opposite signs, so net 0): the allowance is
     * ceil(4·200/(2π·0.5 Hz) s) = 254,648 µA·ms plus 20 µA per elapsed ms, the charge 200 µA per ms; the first
     * sample count k with 200k > 254,648 + 20k is k = 1415.
     */
    @Test
    void shouldPassDcUpToTheChargeAllowanceAndRefuseTheSampleBeyond() {
        begin(WIDE, WIDE);
        for (int k = 1; k <= 1414; k++) {
            assertTrue(sample(200, -200), "sample " + k);
        }
        assertFalse(sample(200, -200));
        assertEquals(FaultCode.DC_COMPONENT, checks.failedRule());
        assertEquals(1415, checks.samplesChecked());
    }

    @Test
    void shouldNotTripTheDcRuleOnA2MilliampSineAtTheLowestFrequencyWithRamps() {
        begin(WIDE, WIDE);
        int rampMs = 1000;
        int totalMs = 20_000;
        for (int k = 0; k < totalMs; k++) {
            double env = Math.min(1.0, Math.min(k / (double) rampMs, (totalMs - k) / (double) rampMs));
            int a = (int) Math.round(2000 * env * Math.sin(2 * Math.PI * 0.5 * k / 1000.0));
            assertTrue(sample(a, -a), "sample " + k + ": " + checks.failedRule());
        }
    }
}
