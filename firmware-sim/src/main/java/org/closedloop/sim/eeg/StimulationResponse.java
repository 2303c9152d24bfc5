package org.closedloop.sim.eeg;

import java.util.Arrays;

/**
 * How the simulated head responds to a {@link StimulationField}: the parameters of the brain model, validated into
 * an immutable value. The model itself is described on {@link SyntheticEeg}; the defaults are:
 *
 * <table>
 *   <caption>Parameters and defaults</caption>
 *   <tr><th>parameter</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code overTarget}</td><td>{true, false}</td>
 *       <td>the montage: which electrodes sit over the alpha generator (a protocol's active electrodes) and which
 *       are returns; gives the default leadfield and weights for any number of electrodes</td></tr>
 *   <tr><td>{@code leadfieldMicrovoltsPerMicroAmp}</td><td>from the montage, below</td>
 *       <td>artefact on channel c = sum over electrodes e of {@code L[c][e] * I_e}</td></tr>
 *   <tr><td>{@code entrainmentElectrodeWeights}</td><td>+0.5 over the target, -0.5 for a return</td>
 *       <td>drive current {@code I_d = sum w_e * I_e}: the current through the alpha generator's region</td></tr>
 *   <tr><td>{@code entrainmentGainMicrovoltsPerMilliAmp}</td><td>10</td>
 *       <td>envelope change per mA of in-phase drive at the alpha frequency, at steady state</td></tr>
 *   <tr><td>{@code entrainmentTimeConstantSeconds}</td><td>0.3</td>
 *       <td>how fast the envelope change follows the drive</td></tr>
 *   <tr><td>{@code entrainmentBandwidthHz}</td><td>1.0</td>
 *       <td>half-width of the frequency tolerance: the drive's power counts 1 / (1 + (df / B)^2)</td></tr>
 *   <tr><td>{@code entrainmentCapMicrovolts}</td><td>60</td>
 *       <td>stimulation never raises the envelope above this (nor above the spontaneous envelope, if higher)</td></tr>
 *   <tr><td>{@code phasePullingHzPerMilliAmp}</td><td>1.0</td>
 *       <td>largest frequency pull per mA of in-band drive (Adler locking range)</td></tr>
 * </table>
 *
 * <p>The default leadfield assumes a two-electrode montage: electrode 1 over the occiput (near channels 5-8,
 * O1/O2/P3/P4-like), electrode 2 the frontal return (near channels 1-2, Fp1/Fp2-like). In microvolts per microamp,
 * electrode 1 gives 0.4 on channels 1-2, 1.0 on 3-4 and 2.0 on 5-8; electrode 2 gives 2.0 on channels 1-2, 0.8 on
 * 3-4 and 0.4 on 5-8; channels beyond 8 get 1.0 and 0.8. With +1 mA / -1 mA that is -1.6 mV on channels 1-2, +0.2 mV
 * on 3-4 and +1.6 mV on 5-8, in phase with the current. Why these numbers: they are chosen, not measured. They put
 * the artefact of a 1 mA tACS where it is in practice, hundreds of microvolts to a few millivolts, two orders above
 * the 20-40 uV alpha, and keep it far inside the Cyton's +-187.5 mV range at gain 24, so a simulated run at 1-2 mA
 * never clips (larger currents or a custom leadfield can: counts saturate as on the real board).
 *
 * <p>Another montage is described by {@code overTarget}: every electrode over the target gets electrode 1's column
 * above and the weight +0.5, every return electrode electrode 2's column and -0.5. As the currents of all electrodes
 * add up to zero, the drive current is then the total current through the electrodes over the target, for any count:
 * a 4x1 ring (+I in the centre over the target, -I/4 in each of four returns) drives as +I/-I does on two. An
 * explicit leadfield or weights replace what the montage gives.
 *
 * <p>The default entrainment is deliberately strong, so a rule sees its own effect within seconds: 1 mA of in-phase
 * drive at the alpha frequency roughly doubles the mean alpha envelope. Real online tACS effects are smaller and
 * debated; lower the gain to make a test harder.
 *
 * <p><b>Thread safety:</b> immutable.
 */
public final class StimulationResponse {
    public static final double DEFAULT_ENTRAINMENT_GAIN_MICROVOLTS_PER_MILLIAMP = 10.0;
    public static final double DEFAULT_ENTRAINMENT_TIME_CONSTANT_SECONDS = 0.3;
    public static final double DEFAULT_ENTRAINMENT_BANDWIDTH_HZ = 1.0;
    public static final double DEFAULT_ENTRAINMENT_CAP_MICROVOLTS = 60.0;
    public static final double DEFAULT_PHASE_PULLING_HZ_PER_MILLIAMP = 1.0;

    private static final double[] POSTERIOR_ELECTRODE = {0.4, 0.4, 1.0, 1.0, 2.0, 2.0, 2.0, 2.0};
    private static final double[] FRONTAL_ELECTRODE = {2.0, 2.0, 0.8, 0.8, 0.4, 0.4, 0.4, 0.4};
    private static final double POSTERIOR_BEYOND_8 = 1.0;
    private static final double FRONTAL_BEYOND_8 = 0.8;
    private static final boolean[] DEFAULT_MONTAGE = {true, false};

    private static final StimulationResponse DEFAULTS = builder().build();

    private final boolean[] overTarget;
    private final double[][] leadfield; // null: from the montage
    private final double[] weights; // null: from the montage
    private final double gainMicrovoltsPerMilliAmp;
    private final double timeConstantSeconds;
    private final double bandwidthHz;
    private final double capMicrovolts;
    private final double pullingHzPerMilliAmp;

    private StimulationResponse(Builder b) {
        this.overTarget = b.overTarget.clone();
        this.leadfield = b.leadfield == null ? null : deepCopy(b.leadfield);
        this.weights = b.weights == null ? null : b.weights.clone();
        this.gainMicrovoltsPerMilliAmp = b.gainMicrovoltsPerMilliAmp;
        this.timeConstantSeconds = b.timeConstantSeconds;
        this.bandwidthHz = b.bandwidthHz;
        this.capMicrovolts = b.capMicrovolts;
        this.pullingHzPerMilliAmp = b.pullingHzPerMilliAmp;
    }

    /** Every default (see the class comment). */
    public static StimulationResponse defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Checks that this response fits a generator and a field, so a bad pairing fails at start-up.
     *
     * @throws IllegalArgumentException with a {@code name=value} message saying what fits
     */
    public void requireFits(int channels, int electrodes, double alphaHz) {
        requireLeadfieldFits(channels, electrodes);
        requireWeightsFit(electrodes);
        require(bandwidthHz <= alphaHz / 4, "entrainmentBandwidthHz=" + bandwidthHz + ": must be at most alphaHz/4="
                + alphaHz / 4 + " so the alpha demodulator rejects its 2*alphaHz product");
    }

    private void requireLeadfieldFits(int channels, int electrodes) {
        if (leadfield == null) {
            require(electrodes == overTarget.length, "electrodes=" + electrodes + ": the montage (overTarget) has "
                    + overTarget.length + "; describe all " + electrodes + ", or give leadfieldMicrovoltsPerMicroAmp");
            return;
        }
        require(leadfield.length == channels, "leadfieldMicrovoltsPerMicroAmp rows=" + leadfield.length
                + ": needs one row per channel, " + channels);
        require(leadfield[0].length == electrodes, "leadfieldMicrovoltsPerMicroAmp columns=" + leadfield[0].length
                + ": needs one column per electrode, " + electrodes);
    }

    private void requireWeightsFit(int electrodes) {
        if (weights == null) {
            require(electrodes == overTarget.length, "electrodes=" + electrodes + ": the montage (overTarget) has "
                    + overTarget.length + "; describe all " + electrodes + ", or give entrainmentElectrodeWeights");
            return;
        }
        require(weights.length == electrodes, "entrainmentElectrodeWeights length=" + weights.length
                + ": needs one weight per electrode, " + electrodes);
    }

    /**
     * The leadfield for a generator of {@code channels} channels and {@code electrodes} electrodes, [c][e], a copy.
     *
     * @throws IllegalArgumentException if it does not fit (see {@link #requireFits})
     */
    public double[][] leadfieldMicrovoltsPerMicroAmp(int channels, int electrodes) {
        requireLeadfieldFits(channels, electrodes);
        if (leadfield != null) {
            return deepCopy(leadfield);
        }
        double[][] l = new double[channels][electrodes];
        for (int c = 0; c < channels; c++) {
            for (int e = 0; e < electrodes; e++) {
                l[c][e] = overTarget[e] ? (c < 8 ? POSTERIOR_ELECTRODE[c] : POSTERIOR_BEYOND_8)
                        : (c < 8 ? FRONTAL_ELECTRODE[c] : FRONTAL_BEYOND_8);
            }
        }
        return l;
    }

    /**
     * The electrode weights of the drive current for {@code electrodes} electrodes, a copy.
     *
     * @throws IllegalArgumentException if they do not fit (see {@link #requireFits})
     */
    public double[] entrainmentElectrodeWeights(int electrodes) {
        requireWeightsFit(electrodes);
        if (weights != null) {
            return weights.clone();
        }
        double[] w = new double[electrodes];
        for (int e = 0; e < electrodes; e++) {
            w[e] = overTarget[e] ? 0.5 : -0.5;
        }
        return w;
    }

    public double entrainmentGainMicrovoltsPerMilliAmp() {
        return gainMicrovoltsPerMilliAmp;
    }

    public double entrainmentTimeConstantSeconds() {
        return timeConstantSeconds;
    }

    public double entrainmentBandwidthHz() {
        return bandwidthHz;
    }

    public double entrainmentCapMicrovolts() {
        return capMicrovolts;
    }

    public double phasePullingHzPerMilliAmp() {
        return pullingHzPerMilliAmp;
    }

    @Override
    public String toString() {
        return "StimulationResponse[overTarget=" + Arrays.toString(overTarget)
                + ", leadfield=" + (leadfield == null ? "from the montage" : Arrays.deepToString(leadfield))
                + ", weights=" + (weights == null ? "from the montage" : Arrays.toString(weights))
                + ", gain=" + gainMicrovoltsPerMilliAmp + " uV/mA, tau=" + timeConstantSeconds + " s, bandwidth="
                + bandwidthHz + " Hz, cap=" + capMicrovolts + " uV, pulling=" + pullingHzPerMilliAmp + " Hz/mA]";
    }

    private static double[][] deepCopy(double[][] m) {
        double[][] copy = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            copy[i] = m[i] == null ? null : m[i].clone(); // a null row fails validation, not here
        }
        return copy;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /**
     * Builder of {@link StimulationResponse} starting from the defaults; {@link #build()} validates each value.
     *
     * <p><b>Thread safety:</b> not thread safe; a plain builder.
     */
    public static final class Builder {
        private boolean[] overTarget = DEFAULT_MONTAGE;
        private double[][] leadfield;
        private double[] weights;
        private double gainMicrovoltsPerMilliAmp = DEFAULT_ENTRAINMENT_GAIN_MICROVOLTS_PER_MILLIAMP;
        private double timeConstantSeconds = DEFAULT_ENTRAINMENT_TIME_CONSTANT_SECONDS;
        private double bandwidthHz = DEFAULT_ENTRAINMENT_BANDWIDTH_HZ;
        private double capMicrovolts = DEFAULT_ENTRAINMENT_CAP_MICROVOLTS;
        private double pullingHzPerMilliAmp = DEFAULT_PHASE_PULLING_HZ_PER_MILLIAMP;

        private Builder() {
        }

        /**
         * The montage, one flag per stimulator channel in order: true for an electrode over the alpha generator's
         * region (a protocol's active electrode), false for a return. Null restores {true, false}.
         */
        public Builder overTarget(boolean... overTarget) {
            this.overTarget = overTarget == null ? DEFAULT_MONTAGE : overTarget.clone();
            return this;
        }

        /**
         * Artefact per unit current, [channel][electrode], microvolts per microamp, finite; a copy is kept. Null
         * restores the leadfield the montage gives.
         */
        public Builder leadfieldMicrovoltsPerMicroAmp(double[][] leadfield) {
            this.leadfield = leadfield == null ? null : deepCopy(leadfield);
            return this;
        }

        /** Weight of each electrode's current in the drive current, finite; null restores the montage's +-0.5. */
        public Builder entrainmentElectrodeWeights(double... weights) {
            this.weights = weights == null ? null : weights.clone();
            return this;
        }

        /** Envelope change per mA of in-phase drive, microvolts, 0 (no entrainment) to 1000 (default 10). */
        public Builder entrainmentGainMicrovoltsPerMilliAmp(double gain) {
            this.gainMicrovoltsPerMilliAmp = gain;
            return this;
        }

        /** Time constant of the envelope change, seconds, 0.001 to 100 (default 0.3). */
        public Builder entrainmentTimeConstantSeconds(double seconds) {
            this.timeConstantSeconds = seconds;
            return this;
        }

        /** Frequency tolerance (half-width at half power), Hz, above 0 and at most alphaHz/4 (default 1). */
        public Builder entrainmentBandwidthHz(double hz) {
            this.bandwidthHz = hz;
            return this;
        }

        /** Highest envelope stimulation can drive, microvolts, above 0 and finite (default 60). */
        public Builder entrainmentCapMicrovolts(double cap) {
            this.capMicrovolts = cap;
            return this;
        }

        /** Largest phase pull per mA of in-band drive, Hz, 0 (none) to 100 (default 1). */
        public Builder phasePullingHzPerMilliAmp(double hzPerMilliAmp) {
            this.pullingHzPerMilliAmp = hzPerMilliAmp;
            return this;
        }

        /** Validates and makes the value. */
        public StimulationResponse build() {
            require(overTarget.length >= 1 && overTarget.length <= 32, "overTarget=" + Arrays.toString(overTarget)
                    + ": needs one flag per electrode, 1 to 32");
            if (leadfield != null) {
                require(leadfield.length >= 1 && leadfield[0] != null && leadfield[0].length >= 1,
                        "leadfieldMicrovoltsPerMicroAmp=" + Arrays.deepToString(leadfield)
                                + ": needs at least one row and one column");
                for (int c = 0; c < leadfield.length; c++) {
                    require(leadfield[c] != null && leadfield[c].length == leadfield[0].length,
                            "leadfieldMicrovoltsPerMicroAmp row " + (c + 1) + "=" + Arrays.toString(leadfield[c])
                                    + ": every row needs " + leadfield[0].length + " values (one per electrode)");
                    for (double v : leadfield[c]) {
                        require(Double.isFinite(v), "leadfieldMicrovoltsPerMicroAmp row " + (c + 1) + "="
                                + Arrays.toString(leadfield[c]) + ": values must be finite");
                    }
                }
            }
            if (weights != null) {
                require(weights.length >= 1, "entrainmentElectrodeWeights=[]: needs one weight per electrode");
                for (double w : weights) {
                    require(Double.isFinite(w), "entrainmentElectrodeWeights=" + Arrays.toString(weights)
                            + ": values must be finite");
                }
            }
            require(gainMicrovoltsPerMilliAmp >= 0 && gainMicrovoltsPerMilliAmp <= 1000,
                    "entrainmentGainMicrovoltsPerMilliAmp=" + gainMicrovoltsPerMilliAmp
                            + ": must be 0 (no entrainment) to 1000; default "
                            + DEFAULT_ENTRAINMENT_GAIN_MICROVOLTS_PER_MILLIAMP);
            require(timeConstantSeconds >= 0.001 && timeConstantSeconds <= 100,
                    "entrainmentTimeConstantSeconds=" + timeConstantSeconds + ": must be 0.001 to 100; default "
                            + DEFAULT_ENTRAINMENT_TIME_CONSTANT_SECONDS);
            require(bandwidthHz > 0 && Double.isFinite(bandwidthHz), "entrainmentBandwidthHz=" + bandwidthHz
                    + ": must be above 0 and at most alphaHz/4; default " + DEFAULT_ENTRAINMENT_BANDWIDTH_HZ);
            require(capMicrovolts > 0 && Double.isFinite(capMicrovolts), "entrainmentCapMicrovolts="
                    + capMicrovolts + ": must be above 0 and finite; default " + DEFAULT_ENTRAINMENT_CAP_MICROVOLTS);
            require(pullingHzPerMilliAmp >= 0 && pullingHzPerMilliAmp <= 100,
                    "phasePullingHzPerMilliAmp=" + pullingHzPerMilliAmp + ": must be 0 (none) to 100; default "
                            + DEFAULT_PHASE_PULLING_HZ_PER_MILLIAMP);
            return new StimulationResponse(this);
        }
    }
}
