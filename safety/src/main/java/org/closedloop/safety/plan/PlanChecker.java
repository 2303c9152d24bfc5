package org.closedloop.safety.plan;

import static org.closedloop.safety.SafetyLimits.MAX_CURRENT_DENSITY_MICROAMPS_PER_CM2;
import static org.closedloop.safety.SafetyLimits.MAX_DC_COMPONENT_MICROAMPS;
import static org.closedloop.safety.SafetyLimits.MAX_ELECTRODE_CURRENT_MICROAMPS;
import static org.closedloop.safety.SafetyLimits.MAX_FREQUENCY_HZ;
import static org.closedloop.safety.SafetyLimits.MAX_NET_CURRENT_MICROAMPS;
import static org.closedloop.safety.SafetyLimits.MAX_RAMP_RATE_MICROAMPS_PER_SECOND;
import static org.closedloop.safety.SafetyLimits.MAX_SESSION_CHARGE_MILLICOULOMBS;
import static org.closedloop.safety.SafetyLimits.MAX_SESSION_STIMULATION_NS;
import static org.closedloop.safety.SafetyLimits.MAX_TOTAL_INJECTED_CURRENT_MICROAMPS;
import static org.closedloop.safety.SafetyLimits.MIN_FREQUENCY_HZ;

import java.util.ArrayList;
import java.util.List;
import org.closedloop.safety.SafetyRule;
import org.closedloop.safety.Violation;

/**
 * Approves or refuses a {@link StimulationPlan} against every hard limit and the plan's own session limits, listing
 * <em>all</em> violations. Never throws for an unsafe plan.
 *
 * <p>The instantaneous checks use provable worst-case bounds, never sampling, so an approved plan cannot exceed a
 * limit at any instant (a plan whose true peak is within the limits may still be refused, e.g. a three-phase montage;
 * the sample-level gate checks the real samples exactly):
 * <ul>
 *   <li>peak of electrode e: {@code P_e = |dc_e| + Σ_k A_k,e} (exact for one component, an upper bound otherwise);</li>
 *   <li>net current: components of equal frequency are added as phasors, {@code R_f = |Σ_e A_e·e^(iφ_e)|}; the bound is
 *       {@code |Σ_e dc_e| + Σ_f R_f};</li>
 *   <li>total injected current: since Σ max(I_e,0) = (Σ|I_e| + Σ I_e)/2, the bound is {@code (Σ_e P_e + net)/2};</li>
 *   <li>charge of one run: total bound × ∫env dt, i.e. × (duration − (rampUp + rampDown)/2) for an active plan and
 *       × (rampUp + rampDown) for a sham plan.</li>
 * </ul>
 * Rounding in the phasor sums leaves about 1e-13 µA where electrodes cancel exactly; a per-frequency phasor sum below
 * {@value #FLOAT_SLACK_MICROAMPS} µA is therefore taken as exact cancellation (0), and the net and total bounds are
 * compared with the same slack, so an exactly cancelling plan is never refused for rounding. The charge bound and
 * every integer quantity (peaks, DC, ramp rate, durations) are compared exactly.
 *
 * <p>Thread safety: stateless; thread safe.
 */
public final class PlanChecker {

    /** Slack in µA for floating-point bounds; far below one DAC step (1 µA). */
    public static final double FLOAT_SLACK_MICROAMPS = 1e-6;

    private static final long NS_PER_S = 1_000_000_000L;

    private PlanChecker() {
    }

    /**
     * The highest peak current in µA an electrode of the given contact area may carry:
     * floor({@link org.closedloop.safety.SafetyLimits#MAX_CURRENT_DENSITY_MICROAMPS_PER_CM2} × area), with 1e-6 µA of
     * slack for the binary representation of the area; 0 for a missing, non-positive or non-finite area.
     */
    public static long densityCapMicroAmps(double areaCm2) {
        if (!validArea(areaCm2)) {
            return 0;
        }
        return (long) Math.floor(MAX_CURRENT_DENSITY_MICROAMPS_PER_CM2 * areaCm2 + 1e-6);
    }

    /** Whether an electrode area is declared: finite and positive. */
    public static boolean validArea(double areaCm2) {
        return areaCm2 > 0 && Double.isFinite(areaCm2);
    }

    /** Checks the plan against every rule; see the class comment for the bounds used. */
    /**
     * The integral of a run's envelope over a window of {@code windowNs} with ramps of {@code rampsNs} together, ns:
     * the trapezoid's {@code window - ramps/2}; for a sham plan its two ramp triangles, at most {@code min(ramps,
     * window)}. The plan's charge is the total injected current times this.
     */
    public static double envelopeIntegralNs(boolean sham, long rampsNs, long windowNs) {
        return sham ? Math.min(rampsNs, windowNs) : windowNs - rampsNs / 2.0;
    }

    public static PlanVerdict check(StimulationPlan plan) {
        List<Violation> out = new ArrayList<>();
        SessionLimits session = plan.sessionLimits();
        checkSessionLimits(session, out);

        long amplitudeLimit = Math.min(MAX_ELECTRODE_CURRENT_MICROAMPS, session.maxAmplitudeMicroAmps());
        int n = plan.electrodeCount();
        long[] peak = new long[n];
        long peakSum = 0;
        long maxPeak = 0;
        long dcSum = 0;
        for (int e = 0; e < n; e++) {
            Electrode electrode = plan.electrodes().get(e);
            String where = "electrode=" + electrode.label();
            int dc = plan.dcOffsetMicroAmps(e);
            long p = Math.abs((long) dc);
            for (WaveformComponent c : plan.components()) {
                p += c.amplitudeMicroAmps(e);
            }
            peak[e] = p;
            peakSum += p;
            maxPeak = Math.max(maxPeak, p);
            dcSum += dc;
            if (!validArea(electrode.areaCm2())) {
                out.add(Violation.of(SafetyRule.ELECTRODE_AREA, where, electrode.areaCm2(), 0, "cm²",
                        "every stimulating electrode must declare a finite contact area > 0"));
            }
            if (Math.abs((long) dc) > MAX_DC_COMPONENT_MICROAMPS) {
                out.add(Violation.of(SafetyRule.DC_COMPONENT, where, Math.abs(dc), MAX_DC_COMPONENT_MICROAMPS, "µA"));
            }
            if (p > amplitudeLimit) {
                out.add(Violation.of(SafetyRule.PEAK_CURRENT, where, p, amplitudeLimit, "µA"));
            }
            if (validArea(electrode.areaCm2()) && p > densityCapMicroAmps(electrode.areaCm2())) {
                out.add(Violation.of(SafetyRule.CURRENT_DENSITY, where, p / electrode.areaCm2(),
                        MAX_CURRENT_DENSITY_MICROAMPS_PER_CM2, "µA/cm²"));
            }
        }
        for (int k = 0; k < plan.components().size(); k++) {
            double f = plan.components().get(k).frequencyHz();
            // written as "not within" so that NaN is refused too
            if (!(f >= MIN_FREQUENCY_HZ && f <= MAX_FREQUENCY_HZ)) {
                double limit = f < MIN_FREQUENCY_HZ ? MIN_FREQUENCY_HZ : MAX_FREQUENCY_HZ;
                out.add(Violation.of(SafetyRule.FREQUENCY, "component=" + k, f, limit, "Hz",
                        "allowed " + MIN_FREQUENCY_HZ + "-" + MAX_FREQUENCY_HZ + " Hz"));
            }
        }

        double net = Math.abs((double) dcSum) + phasorNetBound(plan);
        if (net > MAX_NET_CURRENT_MICROAMPS + FLOAT_SLACK_MICROAMPS) {
            out.add(Violation.of(SafetyRule.NET_CURRENT, "plan", net, MAX_NET_CURRENT_MICROAMPS, "µA",
                    "electrode currents must cancel at every instant"));
        }
        double total = (peakSum + net) / 2.0;
        if (total > MAX_TOTAL_INJECTED_CURRENT_MICROAMPS + FLOAT_SLACK_MICROAMPS) {
            out.add(Violation.of(SafetyRule.TOTAL_CURRENT, "plan", total, MAX_TOTAL_INJECTED_CURRENT_MICROAMPS, "µA"));
        }

        checkRamp("field=rampUpNs", maxPeak, plan.rampUpNs(), out);
        checkRamp("field=rampDownNs", maxPeak, plan.rampDownNs(), out);
        long ramps = plan.rampUpNs() + plan.rampDownNs();
        if (ramps > plan.durationNs()) {
            out.add(Violation.of(SafetyRule.RAMP_DURATION, "field=rampUpNs+rampDownNs", seconds(ramps),
                    seconds(plan.durationNs()), "s", "both ramps must fit in the plan's duration"));
        }
        long durationLimit = Math.min(MAX_SESSION_STIMULATION_NS, session.maxDurationNs());
        if (plan.durationNs() > durationLimit) {
            out.add(Violation.of(SafetyRule.SESSION_DURATION, "field=durationNs", seconds(plan.durationNs()),
                    seconds(durationLimit), "s"));
        }
        double charge = total * envelopeIntegralNs(plan.sham(), ramps, plan.durationNs());
        double chargeLimit = session.chargeLimitMicrocoulombs() * 1e9;
        if (charge > chargeLimit) {
            out.add(Violation.of(SafetyRule.SESSION_CHARGE, "plan", charge / 1e12, chargeLimit / 1e12, "mC"));
        }
        return new PlanVerdict(plan, out, peak, net, total, charge);
    }

    private static void checkSessionLimits(SessionLimits s, List<Violation> out) {
        if (s.maxDurationNs() > MAX_SESSION_STIMULATION_NS) {
            out.add(Violation.of(SafetyRule.SESSION_LIMIT, "field=maxDurationNs", seconds(s.maxDurationNs()),
                    seconds(MAX_SESSION_STIMULATION_NS), "s", "session limits may only tighten the hard limits"));
        }
        if (s.maxAmplitudeMicroAmps() > MAX_ELECTRODE_CURRENT_MICROAMPS) {
            out.add(Violation.of(SafetyRule.SESSION_LIMIT, "field=maxAmplitudeMicroAmps", s.maxAmplitudeMicroAmps(),
                    MAX_ELECTRODE_CURRENT_MICROAMPS, "µA", "session limits may only tighten the hard limits"));
        }
        if (s.maxChargeMicrocoulombs() > MAX_SESSION_CHARGE_MILLICOULOMBS * 1_000L) {
            out.add(Violation.of(SafetyRule.SESSION_LIMIT, "field=maxChargeMicrocoulombs",
                    s.maxChargeMicrocoulombs() / 1e3, MAX_SESSION_CHARGE_MILLICOULOMBS, "mC",
                    "session limits may only tighten the hard limits"));
        }
    }

    private static void checkRamp(String where, long maxPeakMicroAmps, long rampNs, List<Violation> out) {
        // exact integer form of maxPeak / (ramp / 1 s) <= rate; both sides stay far below Long.MAX_VALUE
        if (maxPeakMicroAmps * NS_PER_S > (long) MAX_RAMP_RATE_MICROAMPS_PER_SECOND * rampNs) {
            double rate = rampNs == 0 ? Double.POSITIVE_INFINITY : maxPeakMicroAmps * (double) NS_PER_S / rampNs;
            out.add(Violation.of(SafetyRule.RAMP_RATE, where, rate, MAX_RAMP_RATE_MICROAMPS_PER_SECOND, "µA/s"));
        }
    }

    /** Σ over distinct frequencies of the magnitude of the phasor sum of all electrodes' contributions, in µA. */
    private static double phasorNetBound(StimulationPlan plan) {
        List<WaveformComponent> cs = plan.components();
        boolean[] done = new boolean[cs.size()];
        double bound = 0;
        for (int k = 0; k < cs.size(); k++) {
            if (done[k]) {
                continue;
            }
            double re = 0;
            double im = 0;
            for (int j = k; j < cs.size(); j++) {
                // components of exactly equal frequency add coherently; distinct ones are bounded separately
                if (Double.compare(cs.get(j).frequencyHz(), cs.get(k).frequencyHz()) != 0) {
                    continue;
                }
                done[j] = true;
                WaveformComponent c = cs.get(j);
                for (int e = 0; e < c.electrodeCount(); e++) {
                    double phi = Math.toRadians(c.phaseDegrees(e));
                    re += c.amplitudeMicroAmps(e) * Math.cos(phi);
                    im += c.amplitudeMicroAmps(e) * Math.sin(phi);
                }
            }
            double magnitude = Math.hypot(re, im);
            // residue of exact cancellation (cos/sin of multiples of 180° are not exact in binary)
            bound += magnitude < FLOAT_SLACK_MICROAMPS ? 0 : magnitude;
        }
        return bound;
    }

    private static double seconds(long ns) {
        return ns / 1e9;
    }
}
