package org.closedloop.safety.interlock;

import static org.closedloop.safety.SafetyLimits.ENVELOPE_TOLERANCE_MICROAMPS;
import static org.closedloop.safety.SafetyLimits.MAX_CURRENT_DENSITY_MICROAMPS_PER_CM2;
import static org.closedloop.safety.SafetyLimits.MAX_DAC_RATE_HZ;
import static org.closedloop.safety.SafetyLimits.MAX_DC_COMPONENT_MICROAMPS;
import static org.closedloop.safety.SafetyLimits.MAX_ELECTRODE_CURRENT_MICROAMPS;
import static org.closedloop.safety.SafetyLimits.MAX_NET_CURRENT_MICROAMPS;
import static org.closedloop.safety.SafetyLimits.MAX_SETPOINT_HORIZON_NS;
import static org.closedloop.safety.SafetyLimits.MAX_TOTAL_INJECTED_CURRENT_MICROAMPS;
import static org.closedloop.safety.SafetyLimits.MIN_DAC_RATE_HZ;

import java.util.List;
import java.util.Optional;
import org.closedloop.safety.SafetyRule;
import org.closedloop.safety.Violation;

/**
 * The sample-level gate: every block of setpoints goes through {@link #checkBlock} before it may be sent to the
 * stimulator. A block that breaks any rule is never passed on: the gate returns {@link GateVerdict#REFUSED} and has
 * already tripped a hazard (output zeroed, FAULT latched). There is no "warn and pass" outcome.
 *
 * <p>A block holds {@code sampleCount} samples of {@code channelCount} channels, channel-interleaved
 * ({@code microAmps[sample * channelCount + channel]}), channel {@code c} being electrode {@code c} of the armed
 * plan. Sample {@code i} is output at {@code blockStartNs + i·10^9/dacRateHz} on the interlock's clock and held until
 * the next one; the block ends at {@code blockStartNs + ceil(sampleCount·10^9/dacRateHz)}. Checks, in order:
 * <ol>
 *   <li>the emergency stop and every pending transition ({@code observe});</li>
 *   <li>state STIMULATING or RAMPING_DOWN ({@code interlock_state}; {@code emergency_stop} if that is why);</li>
 *   <li>format: channel count equals the plan's, at least one sample, array long enough, DAC rate within
 *       [{@value org.closedloop.safety.SafetyLimits#MIN_DAC_RATE_HZ},
 *       {@value org.closedloop.safety.SafetyLimits#MAX_DAC_RATE_HZ}] Hz ({@code block_format});</li>
 *   <li>timing: starts no earlier than now, the run's start and the end of the previous passed block, and ends no
 *       later than now + {@value org.closedloop.safety.SafetyLimits#MAX_SETPOINT_HORIZON_MILLISECONDS} ms
 *       ({@code block_timing}); ends no later than the output window ({@code plan_end});</li>
 *   <li>every sample of every channel: |I| ≤ 2000 µA ({@code peak_current}), ≤ the density cap of its area
 *       ({@code current_density}), ≤ the session amplitude limit ({@code peak_current}), ≤ planned peak × envelope(t)
 *       + {@value org.closedloop.safety.SafetyLimits#ENVELOPE_TOLERANCE_MICROAMPS} µA ({@code envelope});</li>
 *   <li>every sample: total injected ≤ 4000 µA ({@code total_current}), |net| ≤ 10 µA ({@code net_current});</li>
 *   <li>session charge including this block ≤ the limit ({@code session_charge});</li>
 *   <li>per channel, the running integral of the current since the run began stays within the charge-balance
 *       allowance: 4·Σ A/(2πf) + 20 µA × elapsed time ({@code charge_balance}, the sample-level DC rule).</li>
 * </ol>
 * The envelope tolerance covers rounding in the controller's synthesis and the hold of one sample period on a falling
 * envelope (≤ 2 µA at 1 kHz and 2 mA/s). It is never added beyond the hard peak or density limits.
 *
 * <p>Hot path: a passing block allocates nothing, boxes nothing, throws nothing and logs nothing. Refusals allocate
 * (a violation, a decision) because they end the run.
 *
 * <p>Thread safety: not thread safe; called on the interlock's owner thread only.
 */
public final class SetpointGate {

    private static final long NS_PER_S = 1_000_000_000L;
    /** Envelope tolerance plus slack for the floating-point product peak × envelope. */
    private static final double ENVELOPE_ALLOWANCE_MICROAMPS = ENVELOPE_TOLERANCE_MICROAMPS + 1e-9;

    private final Interlock interlock;
    private Violation lastRefusal;
    private long passedCount;
    private long refusedCount;

    SetpointGate(Interlock interlock) {
        this.interlock = interlock;
    }

    /**
     * Checks one block; see the class comment for the rules.
     *
     * @param blockStartNs        output time of the first sample, on the interlock's clock
     * @param dacRateHz           sample rate of the block
     * @param channelCount        channels per sample; must equal the armed plan's electrode count
     * @param sampleCount         samples in the block
     * @param interleavedMicroAmps setpoints in µA, {@code [sample * channelCount + channel]}; not modified
     * @return {@link GateVerdict#PASS} to send the block; {@link GateVerdict#REFUSED} if it must not be sent (the
     *         interlock is then in FAULT and {@link #lastRefusal()} says why)
     */
    public GateVerdict checkBlock(long blockStartNs, int dacRateHz, int channelCount, int sampleCount,
                                  int[] interleavedMicroAmps) {
        final long now = interlock.observe();
        final InterlockState state = interlock.state();
        if (state != InterlockState.STIMULATING && state != InterlockState.RAMPING_DOWN) {
            boolean estop = state == InterlockState.FAULT
                    && interlock.faultCause().orElse(null) == HazardCause.EMERGENCY_STOP;
            return refuse(now, estop
                    ? Violation.described(SafetyRule.EMERGENCY_STOP, "", "emergency stop; no output allowed")
                    : Violation.described(SafetyRule.INTERLOCK_STATE, "state=" + state, "no output allowed in "
                    + state));
        }
        final Session s = interlock.session;
        final int ch = s.channels;
        if (interleavedMicroAmps == null || channelCount != ch || sampleCount < 1 || dacRateHz < MIN_DAC_RATE_HZ
                || dacRateHz > MAX_DAC_RATE_HZ || (long) channelCount * sampleCount > interleavedMicroAmps.length) {
            return refuse(now, Violation.described(SafetyRule.BLOCK_FORMAT, "", "channelCount=" + channelCount
                    + " (plan has " + ch + ") sampleCount=" + sampleCount + " dacRateHz=" + dacRateHz
                    + " length=" + (interleavedMicroAmps == null ? "null" : interleavedMicroAmps.length)));
        }
        if (blockStartNs < now || blockStartNs < s.lastBlockEndNs
                || blockStartNs > now + MAX_SETPOINT_HORIZON_NS) {
            return refuse(now, Violation.described(SafetyRule.BLOCK_TIMING, "", "blockStartNs=" + blockStartNs
                    + " must be in [max(now=" + now + ", previous block end=" + s.lastBlockEndNs + "), now + "
                    + MAX_SETPOINT_HORIZON_NS + " ns]"));
        }
        // both terms are bounded here (start within the horizon of a clock within ±2^62, count ≤ 2^31), no overflow
        final long durationNs = ((long) sampleCount * NS_PER_S + dacRateHz - 1) / dacRateHz;
        final long blockEndNs = blockStartNs + durationNs;
        if (blockEndNs > now + MAX_SETPOINT_HORIZON_NS) {
            return refuse(now, Violation.of(SafetyRule.BLOCK_TIMING, "", (blockEndNs - now) / 1e6,
                    MAX_SETPOINT_HORIZON_NS / 1e6, "ms", "block ends too far ahead of the clock"));
        }
        if (blockEndNs > s.outputEndNs()) {
            return refuse(now, Violation.of(SafetyRule.PLAN_END, "", (blockEndNs - s.runStartNs) / 1e9,
                    (s.outputEndNs() - s.runStartNs) / 1e9, "s", "block ends after the output window"));
        }

        final int[] a = interleavedMicroAmps;
        final long[] cap = s.capMicroAmps;
        final long[] peak = s.peakMicroAmps;
        final long[] sum = s.blockSumScratch;
        for (int c = 0; c < ch; c++) {
            sum[c] = 0;
        }
        long positiveSamples = 0;
        for (int i = 0; i < sampleCount; i++) {
            final long t = blockStartNs + (long) i * NS_PER_S / dacRateHz;
            final double envelope = s.envelope(t);
            final int base = i * ch;
            long total = 0;
            long net = 0;
            for (int c = 0; c < ch; c++) {
                final int v = a[base + c];
                final long magnitude = Math.abs((long) v);
                if (magnitude > cap[c] || magnitude > peak[c] * envelope + ENVELOPE_ALLOWANCE_MICROAMPS) {
                    return refuse(now, sampleViolation(s, c, i, magnitude, envelope));
                }
                if (v > 0) {
                    total += v;
                }
                net += v;
                sum[c] += v;
            }
            if (total > MAX_TOTAL_INJECTED_CURRENT_MICROAMPS) {
                return refuse(now, Violation.of(SafetyRule.TOTAL_CURRENT, "sample=" + i, total,
                        MAX_TOTAL_INJECTED_CURRENT_MICROAMPS, "µA"));
            }
            if (net > MAX_NET_CURRENT_MICROAMPS || net < -MAX_NET_CURRENT_MICROAMPS) {
                return refuse(now, Violation.of(SafetyRule.NET_CURRENT, "sample=" + i, Math.abs(net),
                        MAX_NET_CURRENT_MICROAMPS, "µA"));
            }
            positiveSamples += total;
        }
        // charge in µA·ns, rounded up; positiveSamples ≤ 4000 µA × 10^5 samples, so the product stays below 2^63
        final long blockCharge = (positiveSamples * NS_PER_S + dacRateHz - 1) / dacRateHz;
        if (s.chargeMicroAmpNs + blockCharge > s.chargeLimitMicroAmpNs) {
            return refuse(now, Violation.of(SafetyRule.SESSION_CHARGE, "", (s.chargeMicroAmpNs + blockCharge) / 1e12,
                    s.chargeLimitMicroAmpNs / 1e12, "mC"));
        }
        for (int c = 0; c < ch; c++) {
            final long imbalance = s.imbalanceMicroAmpNs[c] + sum[c] * NS_PER_S / dacRateHz;
            final long allowance = imbalanceAllowance(s, c, blockEndNs);
            if (imbalance > allowance || imbalance < -allowance) {
                return refuse(now, Violation.of(SafetyRule.CHARGE_BALANCE, "electrode=" + s.labels[c],
                        Math.abs(imbalance) / 1e9, allowance / 1e9, "µC",
                        "running charge imbalance shows a DC component above " + MAX_DC_COMPONENT_MICROAMPS + " µA"));
            }
        }
        for (int c = 0; c < ch; c++) {
            s.imbalanceMicroAmpNs[c] += sum[c] * NS_PER_S / dacRateHz;
        }
        s.chargeMicroAmpNs += blockCharge;
        s.lastBlockEndNs = blockEndNs;
        passedCount++;
        interlock.detectStall(now);
        return GateVerdict.PASS;
    }

    /** The charge-balance allowance of channel {@code c} at time {@code tNs} of the current run, in µA·ns. */
    static long imbalanceAllowance(Session s, int c, long tNs) {
        return s.oscillationAllowanceMicroAmpNs[c] + MAX_DC_COMPONENT_MICROAMPS * Math.max(0, tNs - s.runStartNs);
    }

    /** The most recent refusal, or empty if no block was ever refused. */
    public Optional<Violation> lastRefusal() {
        return Optional.ofNullable(lastRefusal);
    }

    /** Blocks passed since construction. */
    public long passedCount() {
        return passedCount;
    }

    /** Blocks refused since construction. */
    public long refusedCount() {
        return refusedCount;
    }

    private static Violation sampleViolation(Session s, int c, int sample, long magnitude, double envelope) {
        String where = "electrode=" + s.labels[c] + " sample=" + sample;
        if (magnitude > MAX_ELECTRODE_CURRENT_MICROAMPS) {
            return Violation.of(SafetyRule.PEAK_CURRENT, where, magnitude, MAX_ELECTRODE_CURRENT_MICROAMPS, "µA");
        }
        if (magnitude > s.densityCapMicroAmps[c]) {
            return Violation.of(SafetyRule.CURRENT_DENSITY, where, magnitude / s.areaCm2[c],
                    MAX_CURRENT_DENSITY_MICROAMPS_PER_CM2, "µA/cm²");
        }
        if (magnitude > s.amplitudeLimitMicroAmps) {
            return Violation.of(SafetyRule.PEAK_CURRENT, where, magnitude, s.amplitudeLimitMicroAmps, "µA",
                    "session amplitude limit");
        }
        return Violation.of(SafetyRule.ENVELOPE, where, magnitude,
                s.peakMicroAmps[c] * envelope + ENVELOPE_TOLERANCE_MICROAMPS, "µA",
                "envelope " + envelope + " of planned peak " + s.peakMicroAmps[c] + " µA");
    }

    private GateVerdict refuse(long now, Violation v) {
        lastRefusal = v;
        refusedCount++;
        interlock.reportGateRefusal(now, v);
        interlock.hazard(now, HazardCause.LIMIT_VIOLATION, "setpoint block refused: " + v.message(), List.of(v));
        return GateVerdict.REFUSED;
    }
}
