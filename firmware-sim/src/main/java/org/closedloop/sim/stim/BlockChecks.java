package org.closedloop.sim.stim;

import org.closedloop.protocol.link.FaultCode;

/**
 * The device's independent per-sample limit checks for one run: peak, density, onset ramp, total, net, and the
 * running charge balance (DC). Deny by default: the first failing rule is the verdict, with its channel, value and
 * limit kept for the fault report. Samples are checked in output order, including a sample held by a clock slip.
 *
 * <p>Allocation-free. <b>Thread safety:</b> not thread safe; owned by the firmware (DAC) thread.
 */
final class BlockChecks {
    private final long[] chargeMicroAmpMs;
    private final int[] peakSeen;
    private final int[] densityCap;
    private int channels;
    private long samplesChecked;

    private FaultCode failedRule;
    private int failedChannel;
    private long failedValue;
    private long failedLimit;

    BlockChecks(int maxChannels) {
        this.chargeMicroAmpMs = new long[maxChannels];
        this.peakSeen = new int[maxChannels];
        this.densityCap = new int[maxChannels];
    }

    /** Starts a run of {@code n} channels with these density caps (µA). */
    void beginRun(int n, int[] densityCapMicroAmps) {
        channels = n;
        samplesChecked = 0;
        for (int c = 0; c < n; c++) {
            chargeMicroAmpMs[c] = 0;
            peakSeen[c] = 0;
            densityCap[c] = densityCapMicroAmps[c];
        }
    }

    /**
     * Checks the next sample of the run, {@code s[off .. off + channels)} in µA, and adds it to the charge balance.
     *
     * @return true if it passes; false with {@link #failedRule()} and the details set
     */
    boolean check(int[] s, int off) {
        final int n = channels;
        final long index = samplesChecked;
        final long onsetCap = DeviceLimits.onsetCapMicroAmps(index);
        long total = 0;
        long net = 0;
        for (int c = 0; c < n; c++) {
            int v = s[off + c];
            int mag = Math.abs(v);
            if (mag > DeviceLimits.PEAK_MICROAMPS) {
                return fail(FaultCode.PEAK_CURRENT, c, v, DeviceLimits.PEAK_MICROAMPS);
            }
            if (mag > densityCap[c]) {
                return fail(FaultCode.CURRENT_DENSITY, c, v, densityCap[c]);
            }
            if (mag > onsetCap) {
                return fail(FaultCode.ONSET_RAMP, c, v, onsetCap);
            }
            if (v > 0) {
                total += v;
            }
            net += v;
        }
        if (total > DeviceLimits.TOTAL_MICROAMPS) {
            return fail(FaultCode.TOTAL_CURRENT, -1, total, DeviceLimits.TOTAL_MICROAMPS);
        }
        if (Math.abs(net) > DeviceLimits.NET_MICROAMPS) {
            return fail(FaultCode.NET_CURRENT, -1, net, DeviceLimits.NET_MICROAMPS);
        }
        samplesChecked = index + 1;
        for (int c = 0; c < n; c++) {
            int v = s[off + c];
            peakSeen[c] = Math.max(peakSeen[c], Math.abs(v));
            chargeMicroAmpMs[c] += v;
            long allowance = DeviceLimits.chargeAllowanceMicroAmpMs(peakSeen[c], samplesChecked);
            if (Math.abs(chargeMicroAmpMs[c]) > allowance) {
                return fail(FaultCode.DC_COMPONENT, c, chargeMicroAmpMs[c] / Math.max(1, samplesChecked),
                        DeviceLimits.DC_MICROAMPS);
            }
        }
        return true;
    }

    private boolean fail(FaultCode rule, int channel, long value, long limit) {
        failedRule = rule;
        failedChannel = channel;
        failedValue = value;
        failedLimit = limit;
        return false;
    }

    FaultCode failedRule() {
        return failedRule;
    }

    /** The channel of the failure, or -1 for a whole-sample rule (total, net). */
    int failedChannel() {
        return failedChannel;
    }

    long failedValue() {
        return failedValue;
    }

    long failedLimit() {
        return failedLimit;
    }

    long samplesChecked() {
        return samplesChecked;
    }

    long chargeMicroAmpMs(int c) {
        return chargeMicroAmpMs[c];
    }
}
