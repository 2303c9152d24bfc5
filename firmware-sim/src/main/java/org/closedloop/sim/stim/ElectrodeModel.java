package org.closedloop.sim.stim;

/**
 * The load each channel drives: one electrode-skin impedance per channel (a resistance to the body's common node,
 * which sits near 0 V because the currents cancel), which can drift linearly or jump, plus an injectable output-stage
 * error. Computes what the output stage really delivers for a setpoint: {@code V = I·R}, clipped at the compliance
 * voltage, in which case the current is what the compliance voltage can push through R.
 *
 * <p><b>Thread safety:</b> not thread safe; owned by the firmware (DAC) thread.
 */
final class ElectrodeModel {
    private final int channels;
    private final double[] baseOhms;
    private final double[] driftOhmsPerSecond;
    private final long[] sinceNanos;
    private final int[] stageOffsetMicroAmps;

    ElectrodeModel(int[] impedanceOhms, long nowNanos) {
        this.channels = impedanceOhms.length;
        this.baseOhms = new double[channels];
        this.driftOhmsPerSecond = new double[channels];
        this.sinceNanos = new long[channels];
        this.stageOffsetMicroAmps = new int[channels];
        for (int c = 0; c < channels; c++) {
            baseOhms[c] = impedanceOhms[c];
            sinceNanos[c] = nowNanos;
        }
    }

    int channels() {
        return channels;
    }

    /** The impedance of channel {@code c} at host time {@code nanos}, Ω (at least 1). */
    double ohms(int c, long nanos) {
        double z = baseOhms[c] + driftOhmsPerSecond[c] * (nanos - sinceNanos[c]) / 1e9;
        return Math.max(1.0, z);
    }

    /** A jump: channel {@code c} is {@code ohms} from now on, drifting as before. */
    void setOhms(int c, double ohms, long nanos) {
        baseOhms[c] = ohms;
        sinceNanos[c] = nanos;
    }

    /** A drift of {@code ohmsPerSecond} from the current value on. */
    void setDrift(int c, double ohmsPerSecond, long nanos) {
        baseOhms[c] = ohms(c, nanos);
        sinceNanos[c] = nanos;
        driftOhmsPerSecond[c] = ohmsPerSecond;
    }

    /** An output-stage error: channel {@code c} delivers {@code microAmps} more than commanded while driven. */
    void setStageOffset(int c, int microAmps) {
        stageOffsetMicroAmps[c] = microAmps;
    }

    /**
     * What channel {@code c} delivers for {@code setpointMicroAmps} with the output stage connected.
     *
     * @param out {@code out[0]} delivered µA, {@code out[1]} electrode voltage mV, {@code out[2]} 1 if the
     *            compliance voltage clipped the current, else 0
     */
    void drive(int c, int setpointMicroAmps, long nanos, int complianceMilliVolts, int[] out) {
        int wanted = setpointMicroAmps == 0 ? 0 : setpointMicroAmps + stageOffsetMicroAmps[c];
        double r = ohms(c, nanos);
        double mv = wanted * r / 1000.0; // µA·Ω = µV
        if (Math.abs(mv) > complianceMilliVolts) {
            int clipped = (int) Math.floor(complianceMilliVolts * 1000.0 / r);
            out[0] = wanted > 0 ? clipped : -clipped;
            out[1] = wanted > 0 ? complianceMilliVolts : -complianceMilliVolts;
            out[2] = 1;
        } else {
            out[0] = wanted;
            out[1] = (int) Math.round(mv);
            out[2] = 0;
        }
    }
}
