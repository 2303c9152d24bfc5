package org.closedloop.controller.stim;

import java.util.function.LongToDoubleFunction;
import org.closedloop.safety.plan.StimulationPlan;
import org.closedloop.safety.plan.WaveformComponent;

/**
 * Turns an armed plan into setpoints: for electrode c at host time t,
 * <pre>
 *   I_c(t) = g(t) · ( DC_c + Σ_k A_kc · sin(2π f_k (t − t0) + φ_kc) )       g(t) = min(S(t), E(t))
 * </pre>
 * where t0 is the phase reference (the requested onset: every component has phase φ_kc there), E is the
 * interlock's envelope (the linear trapezoid the gate checks against) and S is this class's smooth envelope:
 * raised-cosine ramps R(x) = (1 − cos πx)/2 stretched to π/2 times the plan's ramp durations, starting at the run's
 * first sample and ending at the run's end. Stretched so, R's steepest slope equals the plan's linear ramp rate and
 * S ≤ E everywhere on the ramps (R(x) ≤ (π/2)·x for all x). Taking the minimum with E keeps every sample inside the
 * gate's envelope also after a soft stop, whose ramp-down then follows E's straight line from the current level.
 * Sham: two smooth bumps under the interlock's two triangles (they peak at R(2/π) = 71 % of the amplitude with equal
 * ramps, because a smooth bump must stay under a triangle).
 *
 * <p>Rounding to whole microamperes keeps the channels' sum equal to the rounded exact sum (0 for a zero-sum plan):
 * the residue is removed from the channels whose rounding moved furthest, one microampere each, so the currents
 * sum to zero by construction and no channel moves by more than 1 µA beyond its own rounding.
 *
 * <p>Allocation-free in {@link #fill}. <b>Thread safety:</b> not thread safe; owned by the stimulation loop.
 */
final class WaveformSynthesizer {
    /** One DAC period at 1 kHz. */
    static final long PERIOD_NS = 1_000_000L;
    /** Raised-cosine ramps take this times the plan's linear ramp duration. */
    static final double STRETCH = Math.PI / 2;

    private int channels;
    private int components;
    private double[] omegaRadPerNs = new double[0];
    private double[] aCos = new double[0];
    private double[] aSin = new double[0];
    private double[] dc = new double[0];
    private double[] exact = new double[0];
    private long phaseZeroNs;
    private long runStartNs;
    private long smoothStartNs;
    private long runEndNs;
    private double rampUpNs;
    private double rampDownNs;
    private long shamUpNs;
    private long shamDownNs;
    private boolean sham;
    private LongToDoubleFunction gateEnvelope = t -> 0;

    /**
     * Prepares a run (allocates).
     *
     * @param plan          the armed plan
     * @param phaseZeroNs   t0: the time at which every component is at its planned phase
     * @param runStartNs    the start of the run's output window (the interlock's envelope starts here)
     * @param firstSampleNs the run's first output sample: the smooth ramp starts here
     * @param runEndNs      the end of the run's output window (the plan's ramp-down ends here)
     * @param gateEnvelope  the interlock's envelope fraction at a time (LoopFacet::envelopeFraction)
     */
    void begin(StimulationPlan plan, long phaseZeroNs, long runStartNs, long firstSampleNs, long runEndNs,
               LongToDoubleFunction gateEnvelope) {
        this.channels = plan.electrodeCount();
        this.components = plan.components().size();
        this.omegaRadPerNs = new double[components];
        this.aCos = new double[components * channels];
        this.aSin = new double[components * channels];
        this.dc = new double[channels];
        this.exact = new double[channels];
        for (int k = 0; k < components; k++) {
            WaveformComponent w = plan.components().get(k);
            omegaRadPerNs[k] = 2 * Math.PI * w.frequencyHz() / 1e9;
            for (int c = 0; c < channels; c++) {
                double phi = Math.toRadians(w.phaseDegrees(c));
                aCos[k * channels + c] = w.amplitudeMicroAmps(c) * Math.cos(phi);
                aSin[k * channels + c] = w.amplitudeMicroAmps(c) * Math.sin(phi);
            }
        }
        for (int c = 0; c < channels; c++) {
            dc[c] = plan.dcOffsetMicroAmps(c);
        }
        this.phaseZeroNs = phaseZeroNs;
        this.runStartNs = runStartNs;
        this.smoothStartNs = firstSampleNs;
        this.runEndNs = runEndNs;
        this.rampUpNs = plan.rampUpNs() * STRETCH;
        this.rampDownNs = plan.rampDownNs() * STRETCH;
        this.shamUpNs = plan.rampUpNs();
        this.shamDownNs = plan.rampDownNs();
        this.sham = plan.sham();
        this.gateEnvelope = gateEnvelope;
    }

    int channels() {
        return channels;
    }

    /** The first sample of the grid through {@code gridNs} (one per {@link #PERIOD_NS}) at or after {@code earliestNs}. */
    static long gridSampleAtOrAfter(long gridNs, long earliestNs) {
        return earliestNs <= gridNs ? gridNs
                : gridNs + Math.floorDiv(earliestNs - gridNs + PERIOD_NS - 1, PERIOD_NS) * PERIOD_NS;
    }

    /** The run's first sample moved later (nothing was written yet): the smooth ramp starts there instead. */
    void moveFirstSample(long firstSampleNs) {
        if (firstSampleNs < smoothStartNs) {
            throw new IllegalArgumentException("firstSampleNs=" + firstSampleNs + ": may only move later than "
                    + smoothStartNs);
        }
        this.smoothStartNs = firstSampleNs;
    }

    /**
     * Writes {@code n} samples starting at {@code startNs}, one per {@link #PERIOD_NS}, into
     * {@code out[i * channels + c]} (µA).
     */
    void fill(long startNs, int n, int[] out) {
        final int ch = channels;
        for (int i = 0; i < n; i++) {
            long t = startNs + i * PERIOD_NS;
            double g = Math.min(smoothEnvelope(t), gateEnvelope.applyAsDouble(t));
            double tau = (double) (t - phaseZeroNs);
            for (int c = 0; c < ch; c++) {
                exact[c] = dc[c];
            }
            for (int k = 0; k < components; k++) {
                double x = omegaRadPerNs[k] * tau;
                double s = Math.sin(x);
                double co = Math.cos(x);
                int base = k * ch;
                for (int c = 0; c < ch; c++) {
                    // A·sin(x + φ) = A cos φ · sin x + A sin φ · cos x
                    exact[c] += aCos[base + c] * s + aSin[base + c] * co;
                }
            }
            for (int c = 0; c < ch; c++) {
                exact[c] *= g;
            }
            roundKeepingSum(exact, out, i * ch, ch);
        }
    }

    /** Rounds {@code x[0..n)} into {@code out[off..]} so that the integers sum to the rounded sum of {@code x}. */
    static void roundKeepingSum(double[] x, int[] out, int off, int n) {
        double sum = 0;
        long rounded = 0;
        for (int c = 0; c < n; c++) {
            sum += x[c];
            int r = (int) Math.round(x[c]);
            out[off + c] = r;
            rounded += r;
        }
        long excess = rounded - Math.round(sum);
        while (excess != 0) {
            // move the channel whose rounding went furthest in the excess's direction back by 1 µA
            int pick = -1;
            double worst = 0;
            for (int c = 0; c < n; c++) {
                double moved = (out[off + c] - x[c]) * Long.signum(excess);
                if (pick < 0 || moved > worst) {
                    pick = c;
                    worst = moved;
                }
            }
            out[off + pick] -= Long.signum(excess);
            excess -= Long.signum(excess);
        }
    }

    /** The smooth envelope S at {@code tNs} (0..1), before the minimum with the interlock's envelope. */
    double smoothEnvelope(long tNs) {
        double up = rise(tNs - smoothStartNs, rampUpNs);
        double down = rise(runEndNs - tNs, rampDownNs);
        double s = Math.min(up, down);
        if (sham) {
            // each bump rises from the first sample (or the closing triangle's start) and falls to where the
            // interlock's triangle ends, so it stays under that triangle on both edges
            long closingStart = runEndNs - shamUpNs - shamDownNs;
            double opening = Math.min(rise(tNs - smoothStartNs, shamUpNs * STRETCH),
                    rise(runStartNs + shamUpNs + shamDownNs - tNs, shamDownNs * STRETCH));
            double closing = Math.min(rise(tNs - Math.max(closingStart, smoothStartNs), shamUpNs * STRETCH),
                    rise(runEndNs - tNs, shamDownNs * STRETCH));
            s = Math.min(s, Math.max(opening, closing));
        }
        return s;
    }

    /** R(x / ramp): 0 before, raised cosine over the ramp, 1 after; a zero ramp is a step. */
    private static double rise(double x, double rampNs) {
        if (x <= 0) {
            return 0;
        }
        if (rampNs <= 0 || x >= rampNs) {
            return 1;
        }
        return raisedCosine(x / rampNs);
    }

    /** (1 − cos πx)/2 for x in [0, 1]. */
    static double raisedCosine(double x) {
        return 0.5 - 0.5 * Math.cos(Math.PI * x);
    }
}
