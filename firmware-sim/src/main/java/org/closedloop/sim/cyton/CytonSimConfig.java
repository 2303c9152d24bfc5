package org.closedloop.sim.cyton;

import java.nio.file.Path;
import org.closedloop.sim.eeg.StimulationField;
import org.closedloop.sim.eeg.StimulationResponse;

/**
 * Immutable settings of a {@link SimulatedCytonBoard}, validated on construction (a bad value fails at once with a
 * {@code name=value} message saying what is allowed).
 *
 * <p><b>Thread safety:</b> immutable, except that {@code stimulationField} is a live source: the board's pacing
 * thread reads it once per sample, so it must be safe to read from that thread (as
 * {@link org.closedloop.sim.eeg.SampledStimulationField} is).
 *
 * @param seed                seed of the synthetic EEG and of every random fault byte (default 1)
 * @param alphaHz             individual alpha frequency, Hz, above 0 and below 125 (default 10)
 * @param lineNoiseHz         mains frequency, Hz: 0 (none) or 1-124 (default 50)
 * @param sampleRateHz        power-on sample rate: 250, 500, 1000, 2000, 4000, 8000 or 16000 (default 250; the
 *                            real board powers up at 250, {@code ~N} changes it)
 * @param channels            channels carrying synthetic EEG, 1-8 (default 8); the others send 0
 * @param linkPath            a stable symlink to maintain to the current {@code /dev/pts/N}, like a udev name, or
 *                            null for none (default); its directory must exist
 * @param groundTruthCapacity samples of ground truth kept, oldest dropped first, 1 to 2^24 (default 2^20: 70 min at
 *                            250 Hz, about 150 bytes a sample once filled; memory grows as samples come)
 * @param realTime            pacing flag; the board always paces packets in real time, so it must be true
 *                            (offline signals come from {@link org.closedloop.sim.eeg.SyntheticEeg} directly)
 * @param stimulationField    the stimulation the simulated head receives, or null for none (default); the board
 *                            asks it at each sample's due time on the {@link System#nanoTime()} clock, so a
 *                            stimulator simulator in the same process stamps its steps with that clock
 * @param stimulationResponse how the head responds to the field: artefact leadfield and entrainment, see
 *                            {@link StimulationResponse} (default {@link StimulationResponse#defaults()}); checked
 *                            against the field's electrode count and the channels here
 */
public record CytonSimConfig(long seed, double alphaHz, int lineNoiseHz, int sampleRateHz, int channels,
                             Path linkPath, int groundTruthCapacity, boolean realTime,
                             StimulationField stimulationField, StimulationResponse stimulationResponse) {
    public static final int DEFAULT_GROUND_TRUTH_CAPACITY = 1 << 20;
    public static final int MAX_GROUND_TRUTH_CAPACITY = 1 << 24;

    public CytonSimConfig {
        if (!(alphaHz > 0 && alphaHz < 125)) {
            throw new IllegalArgumentException("alphaHz=" + alphaHz
                    + ": must be above 0 and below 125 (half the lowest sample rate); typical 8-13");
        }
        if (lineNoiseHz < 0 || lineNoiseHz >= 125) {
            throw new IllegalArgumentException("lineNoiseHz=" + lineNoiseHz
                    + ": must be 0 (none) or 1-124; use 50 or 60");
        }
        if (BoardSettings.codeForRate(sampleRateHz) < 0) {
            throw new IllegalArgumentException("sampleRateHz=" + sampleRateHz
                    + ": must be a Cyton rate: 250, 500, 1000, 2000, 4000, 8000 or 16000");
        }
        if (channels < 1 || channels > 8) {
            throw new IllegalArgumentException("channels=" + channels + ": must be 1-8 (a Cyton packet has 8)");
        }
        if (groundTruthCapacity < 1 || groundTruthCapacity > MAX_GROUND_TRUTH_CAPACITY) {
            throw new IllegalArgumentException("groundTruthCapacity=" + groundTruthCapacity
                    + ": must be 1 to " + MAX_GROUND_TRUTH_CAPACITY + " samples");
        }
        if (!realTime) {
            throw new IllegalArgumentException("realTime=false: the simulated board always paces in real time; "
                    + "for offline signals use org.closedloop.sim.eeg.SyntheticEeg directly");
        }
        if (stimulationResponse == null) {
            throw new IllegalArgumentException("stimulationResponse=null: use StimulationResponse.defaults()");
        }
        if (stimulationField != null) {
            int electrodes = stimulationField.electrodes();
            if (electrodes < 1 || electrodes > 64) {
                throw new IllegalArgumentException("stimulationField electrodes=" + electrodes + ": must be 1-64");
            }
            stimulationResponse.requireFits(channels, electrodes, alphaHz);
        }
    }

    /** Every default: seed 1, 10 Hz alpha, 50 Hz mains, 250 Hz, 8 channels, no symlink, no stimulation. */
    public static CytonSimConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        return new Builder().seed(seed).alphaHz(alphaHz).lineNoiseHz(lineNoiseHz).sampleRateHz(sampleRateHz)
                .channels(channels).linkPath(linkPath).groundTruthCapacity(groundTruthCapacity).realTime(realTime)
                .stimulationField(stimulationField).stimulationResponse(stimulationResponse);
    }

    /**
     * Builder of {@link CytonSimConfig} with the defaults above; {@link #build()} validates.
     *
     * <p><b>Thread safety:</b> not thread safe; a plain builder.
     */
    public static final class Builder {
        private long seed = 1;
        private double alphaHz = 10.0;
        private int lineNoiseHz = 50;
        private int sampleRateHz = 250;
        private int channels = 8;
        private Path linkPath;
        private int groundTruthCapacity = DEFAULT_GROUND_TRUTH_CAPACITY;
        private boolean realTime = true;
        private StimulationField stimulationField;
        private StimulationResponse stimulationResponse = StimulationResponse.defaults();

        private Builder() {
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder alphaHz(double alphaHz) {
            this.alphaHz = alphaHz;
            return this;
        }

        public Builder lineNoiseHz(int lineNoiseHz) {
            this.lineNoiseHz = lineNoiseHz;
            return this;
        }

        public Builder sampleRateHz(int sampleRateHz) {
            this.sampleRateHz = sampleRateHz;
            return this;
        }

        public Builder channels(int channels) {
            this.channels = channels;
            return this;
        }

        /** The stable symlink to maintain, or null for none. */
        public Builder linkPath(Path linkPath) {
            this.linkPath = linkPath;
            return this;
        }

        public Builder groundTruthCapacity(int groundTruthCapacity) {
            this.groundTruthCapacity = groundTruthCapacity;
            return this;
        }

        public Builder realTime(boolean realTime) {
            this.realTime = realTime;
            return this;
        }

        /** The stimulation the simulated head receives, or null for none (default). */
        public Builder stimulationField(StimulationField stimulationField) {
            this.stimulationField = stimulationField;
            return this;
        }

        /** How the head responds to the stimulation field (default {@link StimulationResponse#defaults()}). */
        public Builder stimulationResponse(StimulationResponse stimulationResponse) {
            this.stimulationResponse = stimulationResponse;
            return this;
        }

        public CytonSimConfig build() {
            return new CytonSimConfig(seed, alphaHz, lineNoiseHz, sampleRateHz, channels, linkPath,
                    groundTruthCapacity, realTime, stimulationField, stimulationResponse);
        }
    }
}
