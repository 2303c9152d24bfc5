package org.closedloop.sim.stim;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * Immutable settings of a {@link SimulatedStimulator}, validated on construction with {@code name=value} messages.
 *
 * <p><b>Thread safety:</b> immutable (the impedance array is copied in and out).
 *
 * @param channels            physical output channels, 1-8 (default 8)
 * @param impedanceOhms       electrode impedance per channel at start, Ω, 1 to 10^8 (default 5000 each); changed
 *                            later through {@link StimFaultInjector}
 * @param clockDriftPpm       how fast the device clock runs against the host's, ppm, -2000 to 2000 (default 0)
 * @param linkPath            a stable symlink to the pty, or null (default)
 * @param groundTruthCapacity DAC ticks of ground truth kept (1 ms each), 1 to 2^22 (default 2^17: 131 s)
 * @param seed                mixed with the start time into the boot ids, which must differ between boots (default 1)
 */
public record StimSimConfig(int channels, int[] impedanceOhms, double clockDriftPpm, Path linkPath,
                            int groundTruthCapacity, long seed) {
    public static final int DEFAULT_IMPEDANCE_OHMS = 5_000;
    public static final int MAX_IMPEDANCE_OHMS = 100_000_000;
    public static final int MAX_GROUND_TRUTH_CAPACITY = 1 << 22;

    public StimSimConfig {
        if (channels < 1 || channels > 8) {
            throw new IllegalArgumentException("channels=" + channels + ": must be 1-8");
        }
        if (impedanceOhms == null || impedanceOhms.length != channels) {
            throw new IllegalArgumentException("impedanceOhms=" + Arrays.toString(impedanceOhms)
                    + ": give one impedance per channel (" + channels + ")");
        }
        impedanceOhms = impedanceOhms.clone();
        for (int c = 0; c < channels; c++) {
            if (impedanceOhms[c] < 1 || impedanceOhms[c] > MAX_IMPEDANCE_OHMS) {
                throw new IllegalArgumentException("impedanceOhms[" + c + "]=" + impedanceOhms[c] + ": must be 1 to "
                        + MAX_IMPEDANCE_OHMS + " Ω");
            }
        }
        if (!(Math.abs(clockDriftPpm) <= 2000)) {
            throw new IllegalArgumentException("clockDriftPpm=" + clockDriftPpm + ": must be -2000 to 2000");
        }
        if (groundTruthCapacity < 1 || groundTruthCapacity > MAX_GROUND_TRUTH_CAPACITY) {
            throw new IllegalArgumentException("groundTruthCapacity=" + groundTruthCapacity + ": must be 1 to "
                    + MAX_GROUND_TRUTH_CAPACITY + " ticks");
        }
    }

    @Override
    public int[] impedanceOhms() {
        return impedanceOhms.clone();
    }

    /** Every default. */
    public static StimSimConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builder with the defaults above; {@link #build()} validates.
     *
     * <p><b>Thread safety:</b> not thread safe.
     */
    public static final class Builder {
        private int channels = 8;
        private int[] impedanceOhms;
        private double clockDriftPpm;
        private Path linkPath;
        private int groundTruthCapacity = 1 << 17;
        private long seed = 1;

        private Builder() {
        }

        public Builder channels(int channels) {
            this.channels = channels;
            return this;
        }

        /** One impedance per channel; default {@value #DEFAULT_IMPEDANCE_OHMS} Ω each. */
        public Builder impedanceOhms(int... ohms) {
            this.impedanceOhms = ohms.clone();
            return this;
        }

        public Builder clockDriftPpm(double ppm) {
            this.clockDriftPpm = ppm;
            return this;
        }

        public Builder linkPath(Path linkPath) {
            this.linkPath = linkPath;
            return this;
        }

        public Builder groundTruthCapacity(int ticks) {
            this.groundTruthCapacity = ticks;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public StimSimConfig build() {
            int[] z = impedanceOhms;
            if (z == null) {
                z = new int[Math.max(0, Math.min(channels, 8))];
                Arrays.fill(z, DEFAULT_IMPEDANCE_OHMS);
            }
            return new StimSimConfig(channels, z, clockDriftPpm, linkPath, groundTruthCapacity, seed);
        }
    }
}
