package org.closedloop.safety.interlock;

import org.closedloop.safety.SafetyLimits;

import static org.closedloop.safety.SafetyLimits.MAX_ELECTRODE_CURRENT_MICROAMPS;

import java.time.LocalDate;
import org.closedloop.safety.plan.PlanChecker;
import org.closedloop.safety.plan.PlanVerdict;
import org.closedloop.safety.plan.StimulationPlan;
import org.closedloop.safety.plan.WaveformComponent;

/**
 * The state of one arming: the approved plan with the per-channel limits derived from it, what the session has
 * delivered so far, and the current run with its envelope. A session ends when the interlock disarms or faults.
 *
 * <p>A <em>run</em> is one STIMULATING/RAMPING_DOWN period. Its output window is [{@code runStartNs},
 * {@code runEndNs}], where {@code runEndNs - runStartNs} is the session's remaining time budget (the plan's
 * duration on the first run). The envelope ({@link #envelope(long)}) is the plan's trapezoid (or sham triangles) over
 * that window, further limited after a soft stop by a line falling from the level at the stop at the plan's
 * ramp-down rate.
 *
 * <p>Thread safety: not thread safe; owned by the interlock's owner thread.
 */
final class Session {

    /** Factor on A/(2πf) in the charge-balance allowance; see {@code oscillationAllowanceMicroAmpNs}. */
    private static final double CHARGE_BALANCE_FACTOR = 4.0;
    private static final long NS_PER_S = 1_000_000_000L;

    final StimulationPlan plan;
    final String operator;
    final String subjectCode;
    final int channels;
    final String[] labels;
    final double[] areaCm2;
    /** Upper bound of |I| of each channel in the plan, µA. */
    final long[] peakMicroAmps;
    /** min(hard peak, session amplitude, density cap) per channel, µA. */
    final long[] capMicroAmps;
    final long[] densityCapMicroAmps;
    final long amplitudeLimitMicroAmps;
    /**
     * Per channel, how far the running integral of a zero-mean envelope-modulated sinusoid can stray from zero:
     * |∫ env·A·sin(ωt+φ) dt| ≤ A·(env(t) + env(0) + total variation of env)/ω ≤ 3A/ω for one ramp up and one down;
     * we allow 4·Σ_k A_k/ω_k. Sustained DC grows without bound and is caught once it exceeds this plus
     * MAX_DC_COMPONENT × elapsed time.
     */
    final long[] oscillationAllowanceMicroAmpNs;
    /** Total stimulation time of the session: the plan's duration (open loop) or the hard session limit (closed loop). */
    final long stimulationTimeLimitNs;
    final long chargeLimitMicroAmpNs;
    /** The plan check's bound of the total injected current, µA. */
    final double plannedTotalMicroAmps;
    final long rampUpNs;
    final long rampDownNs;
    final boolean sham;

    long armedAtNs;
    long stimulatedNs;
    long chargeMicroAmpNs;

    boolean running;
    long runStartNs;
    long runEndNs;
    long reservedNs;
    LocalDate runDay;
    long lastBlockEndNs;
    final long[] imbalanceMicroAmpNs;
    final long[] blockSumScratch;

    boolean stopping;
    long stopStartNs;
    double stopLevel;
    long stopEndNs;
    SoftStopCause stopCause;

    Session(PlanVerdict verdict, String operator, long armedAtNs) {
        this.plan = verdict.plan();
        this.operator = operator;
        this.subjectCode = plan.subjectCode();
        this.channels = plan.electrodeCount();
        this.labels = new String[channels];
        this.areaCm2 = new double[channels];
        this.peakMicroAmps = new long[channels];
        this.capMicroAmps = new long[channels];
        this.densityCapMicroAmps = new long[channels];
        this.oscillationAllowanceMicroAmpNs = new long[channels];
        this.amplitudeLimitMicroAmps = Math.min(MAX_ELECTRODE_CURRENT_MICROAMPS,
                plan.sessionLimits().maxAmplitudeMicroAmps());
        for (int c = 0; c < channels; c++) {
            labels[c] = plan.electrodes().get(c).label();
            areaCm2[c] = plan.electrodes().get(c).areaCm2();
            peakMicroAmps[c] = verdict.peakMicroAmps(c);
            densityCapMicroAmps[c] = PlanChecker.densityCapMicroAmps(areaCm2[c]);
            capMicroAmps[c] = Math.min(amplitudeLimitMicroAmps, densityCapMicroAmps[c]);
            double allowance = 0;
            for (WaveformComponent k : plan.components()) {
                allowance += CHARGE_BALANCE_FACTOR * k.amplitudeMicroAmps(c) * NS_PER_S
                        / (2 * Math.PI * k.frequencyHz());
            }
            oscillationAllowanceMicroAmpNs[c] = (long) Math.floor(allowance);
        }
        this.stimulationTimeLimitNs = plan.closedLoop() ? SafetyLimits.MAX_SESSION_STIMULATION_NS : plan.durationNs();
        this.chargeLimitMicroAmpNs = plan.sessionLimits().chargeLimitMicrocoulombs() * 1_000_000_000L;
        this.plannedTotalMicroAmps = verdict.totalInjectedBoundMicroAmps();
        this.rampUpNs = plan.rampUpNs();
        this.rampDownNs = plan.rampDownNs();
        this.sham = plan.sham();
        this.armedAtNs = armedAtNs;
        this.imbalanceMicroAmpNs = new long[channels];
        this.blockSumScratch = new long[channels];
    }

    /**
     * Stimulation time the next run may use. An open-loop plan is one run of the plan's duration (resumed after an
     * acquisition stall with what is left); a closed-loop plan is a series of runs, each at most the plan's duration,
     * started and stopped by the loop, all together at most {@link SafetyLimits#MAX_SESSION_STIMULATION_NS}.
     */
    long remainingBudgetNs() {
        return Math.min(plan.durationNs(), stimulationTimeLimitNs - stimulatedNs);
    }

    /**
     * The charge a run of {@code budgetNs} delivers by its plan, µA·ns: the planned total injected current times the
     * integral of the run's envelope (a sham plan: its ramps; a run shorter than both ramps: at most half its
     * length). For a whole plan it is the plan check's charge figure.
     */
    double plannedRunChargeMicroAmpNs(long budgetNs) {
        double envelopeNs = PlanChecker.envelopeIntegralNs(sham, rampUpNs + rampDownNs, budgetNs);
        // a window shorter than both ramps holds a triangle of height below 1: at most half the window
        return plannedTotalMicroAmps * (sham ? envelopeNs : Math.max(envelopeNs, budgetNs / 2.0));
    }

    /** True if the charge delivered so far plus a run of {@code budgetNs} as planned stays within the limit. */
    boolean chargeCovers(long budgetNs) {
        return chargeMicroAmpNs + plannedRunChargeMicroAmpNs(budgetNs) <= chargeLimitMicroAmpNs;
    }

    void beginRun(long nowNs, long budgetNs, LocalDate day) {
        running = true;
        runStartNs = nowNs;
        runEndNs = nowNs + budgetNs;
        reservedNs = budgetNs;
        runDay = day;
        lastBlockEndNs = nowNs;
        java.util.Arrays.fill(imbalanceMicroAmpNs, 0);
        stopping = false;
        stopCause = null;
    }

    /** End of the current output window: the end of the soft-stop ramp if stopping, else the end of the run. */
    long outputEndNs() {
        return stopping ? stopEndNs : runEndNs;
    }

    /** When the plan's own ramp-down begins in this run. */
    long planRampDownStartNs() {
        return runEndNs - Math.min(rampDownNs, runEndNs - runStartNs);
    }

    /** Begins a soft-stop ramp at {@code startNs} from the envelope's level there. */
    void beginStop(long startNs, SoftStopCause cause) {
        double level = envelope(startNs);
        stopStartNs = startNs;
        stopLevel = level;
        stopEndNs = Math.min(runEndNs, startNs + (long) Math.ceil(level * rampDownNs));
        stopping = true;
        stopCause = cause;
    }

    /**
     * The allowed fraction (0..1) of each channel's planned peak at time {@code tNs}; 0 outside the output window.
     * Allocation-free.
     */
    double envelope(long tNs) {
        if (!running || tNs < runStartNs || tNs > outputEndNs()) {
            return 0;
        }
        long tau = tNs - runStartNs;
        long length = runEndNs - runStartNs;
        // the trapezoid of the run's window: 0 at both ends, slopes within the ramp limit
        double f = Math.min(1.0, Math.min(rise(tau, rampUpNs), rise(length - tau, rampDownNs)));
        if (sham) {
            // Two triangles, at the start and at the end, each bounded by the trapezoid: a resumed run can be
            // shorter than both triangles, and the closing one would then begin before the run (a step at t = 0).
            long endTriangleStart = length - rampUpNs - rampDownNs;
            f = Math.min(f, Math.max(triangle(tau), triangle(tau - endTriangleStart)));
        }
        if (stopping) {
            double fall = rampDownNs == 0 ? 0 : stopLevel - (double) (tNs - stopStartNs) / rampDownNs;
            f = Math.min(f, fall);
        }
        // written so that NaN (which cannot arise with the guards above) would still give 0
        return f > 0 ? Math.min(f, 1.0) : 0;
    }

    /** x / ramp, with a zero-length ramp treated as an immediate step (only possible for a zero-amplitude plan). */
    private static double rise(long x, long rampNs) {
        if (rampNs == 0) {
            return x >= 0 ? 1.0 : 0.0;
        }
        return (double) x / rampNs;
    }

    private double triangle(long x) {
        if (x < 0) {
            return 0;
        }
        return Math.min(1.0, Math.min(rise(x, rampUpNs), rise(rampUpNs + rampDownNs - x, rampDownNs)));
    }
}
