package org.closedloop.safety.plan;

import java.util.List;
import java.util.stream.Collectors;
import org.closedloop.safety.Violation;

/**
 * The outcome of {@link PlanChecker#check(StimulationPlan)}: approved if and only if there are no violations, plus
 * the worst-case bounds the checker computed (so they can be shown to the operator and written to the manifest).
 *
 * <p>Thread safety: immutable.
 */
public final class PlanVerdict {

    private final StimulationPlan plan;
    private final List<Violation> violations;
    private final long[] peakMicroAmps;
    private final double netBoundMicroAmps;
    private final double totalInjectedBoundMicroAmps;
    private final double chargeBoundMicroAmpNs;

    PlanVerdict(StimulationPlan plan, List<Violation> violations, long[] peakMicroAmps, double netBoundMicroAmps,
                double totalInjectedBoundMicroAmps, double chargeBoundMicroAmpNs) {
        this.plan = plan;
        this.violations = List.copyOf(violations);
        this.peakMicroAmps = peakMicroAmps.clone();
        this.netBoundMicroAmps = netBoundMicroAmps;
        this.totalInjectedBoundMicroAmps = totalInjectedBoundMicroAmps;
        this.chargeBoundMicroAmpNs = chargeBoundMicroAmpNs;
    }

    /** Whether the plan passed every rule. */
    public boolean approved() {
        return violations.isEmpty();
    }

    /** Every violated rule, in check order; empty if approved. */
    public List<Violation> violations() {
        return violations;
    }

    /** The plan that was checked. */
    public StimulationPlan plan() {
        return plan;
    }

    /** Upper bound of |I| of electrode {@code electrode} at any instant: |dc| + the sum of its amplitudes, in µA. */
    public long peakMicroAmps(int electrode) {
        return peakMicroAmps[electrode];
    }

    /** Upper bound of |Σ I| over electrodes at any instant, in µA. */
    public double netBoundMicroAmps() {
        return netBoundMicroAmps;
    }

    /** Upper bound of the total injected current at any instant, in µA. */
    public double totalInjectedBoundMicroAmps() {
        return totalInjectedBoundMicroAmps;
    }

    /** Upper bound of the charge one full run delivers (∫ total injected current dt), in µA·ns (= fC). */
    public double chargeBoundMicroAmpNs() {
        return chargeBoundMicroAmpNs;
    }

    @Override
    public String toString() {
        if (approved()) {
            return "approved";
        }
        return "refused: " + violations.stream().map(Violation::message).collect(Collectors.joining("; "));
    }
}
