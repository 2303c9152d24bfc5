package org.closedloop.controller.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.closedloop.safety.plan.ElectrodeRole;
import org.closedloop.safety.plan.StimulationPlan;
import org.junit.jupiter.api.Test;

/** The plan as `closedloop arm` shows it to the operator who confirms it. */
class ArmPreviewPlanTest {
    private static final long MS = 1_000_000L;

    @Test
    void shouldShowEveryElectrodesAmplitudeAndPhaseAndTheRunsTiming() {
        StimulationPlan ring = StimulationPlan.builder("S014")
                .electrode("PO7", 35, ElectrodeRole.RETURN).electrode("Cz", 35, ElectrodeRole.ACTIVE)
                .electrode("PO8", 35, ElectrodeRole.RETURN)
                .component(10.1, new int[] {250, 500, 250}, new double[] {180, 0, 180})
                .rampUpNs(500 * MS).rampDownNs(500 * MS).durationNs(5000 * MS).closedLoop(true).build();
        assertEquals("10.1 Hz, zero to peak: PO7 250 µA at 180°, Cz 500 µA at 0°, PO8 250 µA at 180°\n"
                + "          each run 5 s, ramps included (up 0.5 s, down 0.5 s)\n", ClosedLoopSession.describePlan(ring));
    }

    @Test
    void shouldShowEachComponentADcOffsetAndSham() {
        StimulationPlan plan = StimulationPlan.builder("S014")
                .electrode("F3", 25, ElectrodeRole.ACTIVE).electrode("F4", 25, ElectrodeRole.RETURN)
                .component(6, new int[] {400, 400}, new double[] {0, 180})
                .component(40.25, new int[] {100, 100}, new double[] {90, 270})
                .dcOffsetsMicroAmps(new int[] {50, -50})
                .rampUpNs(30_000 * MS).rampDownNs(15_000 * MS).durationNs(1_200_000 * MS).sham(true).build();
        assertEquals("6 Hz, zero to peak: F3 400 µA at 0°, F4 400 µA at 180°\n"
                + "          40.25 Hz, zero to peak: F3 100 µA at 90°, F4 100 µA at 270°\n"
                + "          DC offset: F3 50 µA, F4 -50 µA\n"
                + "          one run of 1200 s, ramps included (up 30 s, down 15 s); SHAM: current only in the ramps at "
                + "its start and end\n", ClosedLoopSession.describePlan(plan));
    }
}
