package org.closedloop.safety.plan;

/** Plans used across the tests. */
public final class TestPlans {

    public static final long MS = 1_000_000L;
    public static final long S = 1_000_000_000L;
    public static final long MIN = 60 * S;

    private TestPlans() {
    }

    /** F3 (phase 0) and F4 (phase 180), 25 cm² each, one 10 Hz component of {@code amplitude} µA. */
    public static StimulationPlan.Builder twoElectrodes(int amplitude, long rampNs, long durationNs) {
        return StimulationPlan.builder("S001")
                .electrode("F3", 25.0, ElectrodeRole.ACTIVE)
                .electrode("F4", 25.0, ElectrodeRole.RETURN)
                .component(10.0, new int[] {amplitude, amplitude}, new double[] {0, 180})
                .rampUpNs(rampNs).rampDownNs(rampNs).durationNs(durationNs);
    }

    /** A plain approved plan: 1 mA, 1 s ramps, 10 s. */
    public static StimulationPlan simple() {
        return twoElectrodes(1000, S, 10 * S).build();
    }

    /**
     * Five electrodes: A, B at phase 0 and C, D at phase 180 with {@code amplitude} µA each, and E carrying no
     * planned current (amplitude 0). Total injected bound = 2 × amplitude.
     */
    public static StimulationPlan.Builder fiveElectrodes(int amplitude, long rampNs, long durationNs) {
        return StimulationPlan.builder("S001")
                .electrode("A", 25.0, ElectrodeRole.ACTIVE)
                .electrode("B", 25.0, ElectrodeRole.ACTIVE)
                .electrode("C", 25.0, ElectrodeRole.RETURN)
                .electrode("D", 25.0, ElectrodeRole.RETURN)
                .electrode("E", 25.0, ElectrodeRole.RETURN)
                .component(5.0, new int[] {amplitude, amplitude, amplitude, amplitude, 0},
                        new double[] {0, 0, 180, 180, 0})
                .rampUpNs(rampNs).rampDownNs(rampNs).durationNs(durationNs);
    }
}
