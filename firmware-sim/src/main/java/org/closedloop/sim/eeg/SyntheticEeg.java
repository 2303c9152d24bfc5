package org.closedloop.sim.eeg;

import java.util.SplittableRandom;

/**
 * Deterministic synthetic scalp EEG with known ground truth, one sample per {@link #next(double[])} call, for the
 * device simulator and for offline DSP tests (no pty, no clock: sample n is at time n / sampleRateHz).
 *
 * <p>Each channel, in microvolts, is the sum of:
 * <ul>
 *   <li><b>Background</b>: independent 1/f (pink) noise per channel, {@code backgroundRmsMicrovolts} RMS
 *       (default 15 uV), Kellet's filter (see {@code PinkNoise}: 1/f from about fs/5000 to fs/2.5).</li>
 *   <li><b>Alpha</b>: {@code alphaWeight(c) * envelope * cos(phase)} from one head-wide oscillator. The phase runs
 *       continuously at {@code alphaHz} (default 10 Hz) plus a slow jitter ({@code alphaJitterHz}, default 0.2 Hz
 *       standard deviation, 1 s time constant); the envelope is zero except during bursts of a uniform
 *       {@code alphaBurstSeconds} (0.5-3 s) with raised-cosine ramps, separated by uniform
 *       {@code alphaGapSeconds} (1-5 s), each with a peak drawn from {@code alphaPeakMicrovolts} (20-40 uV).
 *       Spatial weights: channels 5-8 (O1, O2, P3, P4-like) 1.0, channels 3-4 0.5, channels 1-2 0.2, any channel
 *       beyond 8 0.5.</li>
 *   <li><b>Line noise</b>: a sine at {@code lineNoiseHz} (default 50, 0 for none) of about
 *       {@code lineNoiseMicrovolts} (default 3 uV; each channel 0.75-1.25 times that, with its own small phase
 *       offset), computed from the sample index so it never drifts.</li>
 *   <li><b>Blinks</b> on channels 1-2 only (Fp1/Fp2-like): positive sin^2 bumps of {@code blinkAmplitudeMicrovolts}
 *       (100-200 uV) lasting {@code blinkDurationSeconds} (0.2-0.4 s), onsets every {@code blinkIntervalSeconds}
 *       (4-10 s, uniform); {@code blinks(false)} turns them off.</li>
 * </ul>
 * All ranges are drawn uniformly. Randomness comes from one {@link SplittableRandom} seed, split into independent
 * streams (alpha, blinks, line-noise layout, one per channel), and all maths uses {@link StrictMath}: the same
 * parameters give bit-identical output on any JVM and CPU. Changing the channel count does not change the alpha or
 * blink event timing.
 *
 * <p>Ground truth for the sample last returned: {@link #alphaEnvelopeMicrovolts()}, {@link #alphaPhaseRadians()},
 * {@link #isAlphaBurstActive()}, {@link #alphaFrequencyHz()}, {@link #isBlinkActive()}. The alpha part of channel c
 * is exactly {@code alphaWeight(c) * alphaEnvelopeMicrovolts() * cos(alphaPhaseRadians())}, so a phase estimator
 * should report 0 at alpha peaks and +-pi at troughs.
 *
 * <p><b>Thread safety:</b> not thread safe; owned by one thread (the board's pacing thread, or a test).
 */
public final class SyntheticEeg {
    private final Builder params;
    private final AlphaRhythm alpha;
    private final BlinkEvents blinks;
    private final PinkNoise[] background;
    private final GaussianSource[] white;
    private final double[] alphaWeights;
    private final double[] lineAmplitude;
    private final double[] linePhase;
    private long sampleIndex = -1;

    private SyntheticEeg(Builder b) {
        this.params = b.copy();
        SplittableRandom root = new SplittableRandom(b.seed);
        // Fixed split order: adding channels appends streams and leaves the earlier ones unchanged.
        this.alpha = new AlphaRhythm(new GaussianSource(root.split()), b.sampleRateHz, b.alphaHz, b.alphaJitterHz,
                b.alphaPeakMicrovolts, b.alphaBurstSeconds, b.alphaGapSeconds);
        this.blinks = new BlinkEvents(new GaussianSource(root.split()), b.sampleRateHz, b.blinks,
                b.blinkAmplitudeMicrovolts, b.blinkDurationSeconds, b.blinkIntervalSeconds);
        GaussianSource layout = new GaussianSource(root.split());
        int n = b.channels;
        this.background = new PinkNoise[n];
        this.white = new GaussianSource[n];
        this.alphaWeights = new double[n];
        this.lineAmplitude = new double[n];
        this.linePhase = new double[n];
        for (int c = 0; c < n; c++) {
            background[c] = new PinkNoise(b.backgroundRmsMicrovolts);
            white[c] = new GaussianSource(root.split());
            alphaWeights[c] = weightFor(c);
            lineAmplitude[c] = b.lineNoiseMicrovolts * layout.uniform(0.75, 1.25);
            linePhase[c] = layout.uniform(-0.3, 0.3);
        }
    }

    private static double weightFor(int channelIndex) {
        if (channelIndex < 2) {
            return 0.2;
        }
        if (channelIndex < 4) {
            return 0.5;
        }
        return channelIndex < 8 ? 1.0 : 0.5;
    }

    /** A generator with every default (8 channels, 10 Hz alpha, 50 Hz line noise, blinks on). */
    public static SyntheticEeg create(long seed, int sampleRateHz) {
        return builder().seed(seed).sampleRateHz(sampleRateHz).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Produces the next sample of every channel.
     *
     * @param microvoltsOut receives {@link #channels()} values in microvolts; may be longer (the rest is untouched)
     * @throws IllegalArgumentException if shorter than {@link #channels()}
     */
    public void next(double[] microvoltsOut) {
        final int n = alphaWeights.length;
        if (microvoltsOut.length < n) {
            throw new IllegalArgumentException("microvoltsOut.length=" + microvoltsOut.length + ": needs at least "
                    + n + " (one per channel)");
        }
        sampleIndex++;
        alpha.step();
        blinks.step();
        final double alphaValue = alpha.value();
        final double blinkValue = blinks.valueMicrovolts();
        final double lineAngle = lineAngle();
        final boolean line = params.lineNoiseHz > 0;
        for (int c = 0; c < n; c++) {
            double v = background[c].next(white[c].next()) + alphaWeights[c] * alphaValue;
            if (line) {
                v += lineAmplitude[c] * StrictMath.sin(lineAngle + linePhase[c]);
            }
            if (c < 2) {
                v += blinkValue;
            }
            microvoltsOut[c] = v;
        }
    }

    /** 2*pi*f*n/fs reduced exactly with integers, so the line frequency never drifts however long it runs. */
    private double lineAngle() {
        long fs = params.sampleRateHz;
        long cycles = (params.lineNoiseHz * (sampleIndex % fs)) % fs;
        return 2 * StrictMath.PI * cycles / fs;
    }

    public int channels() {
        return alphaWeights.length;
    }

    public int sampleRateHz() {
        return params.sampleRateHz;
    }

    /** Index of the sample last returned by {@link #next}, 0-based; -1 before the first call. */
    public long sampleIndex() {
        return sampleIndex;
    }

    /** The configured individual alpha frequency, Hz. */
    public double alphaHz() {
        return params.alphaHz;
    }

    /** The configured line frequency, Hz (0: none). */
    public int lineNoiseHz() {
        return params.lineNoiseHz;
    }

    /** Spatial weight of the alpha component on a channel (0-based index): 0.2, 0.5, 1.0 or 0.5, see above. */
    public double alphaWeight(int channelIndex) {
        return alphaWeights[channelIndex];
    }

    /** Alpha envelope of the last sample at weight 1 (posterior channels), microvolts; 0 outside bursts. */
    public double alphaEnvelopeMicrovolts() {
        return alpha.envelopeMicrovolts();
    }

    /** Instantaneous alpha phase of the last sample, radians in (-pi, pi]; defined (and continuous) at all times. */
    public double alphaPhaseRadians() {
        return alpha.phaseRadians();
    }

    /** Instantaneous alpha frequency of the last sample (alphaHz plus jitter), Hz. */
    public double alphaFrequencyHz() {
        return alpha.frequencyHz();
    }

    /** True if the last sample lies inside an alpha burst (its envelope is then strictly positive). */
    public boolean isAlphaBurstActive() {
        return alpha.burstActive();
    }

    /** True if the last sample lies inside a blink on channels 1-2. */
    public boolean isBlinkActive() {
        return blinks.active();
    }

    /**
     * Parameters of a {@link SyntheticEeg}; {@link #build()} validates them and fails with a {@code name=value}
     * message. Ranges are {@code (min, max)} pairs drawn uniformly.
     *
     * <p><b>Thread safety:</b> not thread safe; a plain builder.
     */
    public static final class Builder {
        private long seed = 1;
        private int sampleRateHz = 250;
        private int channels = 8;
        private double alphaHz = 10.0;
        private double alphaJitterHz = 0.2;
        private double[] alphaPeakMicrovolts = {20, 40};
        private double[] alphaBurstSeconds = {0.5, 3.0};
        private double[] alphaGapSeconds = {1.0, 5.0};
        private double backgroundRmsMicrovolts = 15.0;
        private int lineNoiseHz = 50;
        private double lineNoiseMicrovolts = 3.0;
        private boolean blinks = true;
        private double[] blinkAmplitudeMicrovolts = {100, 200};
        private double[] blinkDurationSeconds = {0.2, 0.4};
        private double[] blinkIntervalSeconds = {4.0, 10.0};

        private Builder() {
        }

        private Builder copy() {
            Builder b = new Builder();
            b.seed = seed;
            b.sampleRateHz = sampleRateHz;
            b.channels = channels;
            b.alphaHz = alphaHz;
            b.alphaJitterHz = alphaJitterHz;
            b.alphaPeakMicrovolts = alphaPeakMicrovolts.clone();
            b.alphaBurstSeconds = alphaBurstSeconds.clone();
            b.alphaGapSeconds = alphaGapSeconds.clone();
            b.backgroundRmsMicrovolts = backgroundRmsMicrovolts;
            b.lineNoiseHz = lineNoiseHz;
            b.lineNoiseMicrovolts = lineNoiseMicrovolts;
            b.blinks = blinks;
            b.blinkAmplitudeMicrovolts = blinkAmplitudeMicrovolts.clone();
            b.blinkDurationSeconds = blinkDurationSeconds.clone();
            b.blinkIntervalSeconds = blinkIntervalSeconds.clone();
            return b;
        }

        /** Seed of every random stream (default 1). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Samples per second, positive (default 250). */
        public Builder sampleRateHz(int sampleRateHz) {
            this.sampleRateHz = sampleRateHz;
            return this;
        }

        /** Number of channels, 1-64 (default 8). */
        public Builder channels(int channels) {
            this.channels = channels;
            return this;
        }

        /** Individual alpha frequency, Hz, above 0 and below fs/2 (default 10). */
        public Builder alphaHz(double alphaHz) {
            this.alphaHz = alphaHz;
            return this;
        }

        /** Standard deviation of the slow alpha frequency jitter, Hz, 0 or more (default 0.2). */
        public Builder alphaJitterHz(double alphaJitterHz) {
            this.alphaJitterHz = alphaJitterHz;
            return this;
        }

        /** Range of a burst's peak amplitude at weight 1, microvolts (default 20-40); 0, 0 removes alpha. */
        public Builder alphaPeakMicrovolts(double min, double max) {
            this.alphaPeakMicrovolts = new double[] {min, max};
            return this;
        }

        /** Range of burst durations, seconds (default 0.5-3). */
        public Builder alphaBurstSeconds(double min, double max) {
            this.alphaBurstSeconds = new double[] {min, max};
            return this;
        }

        /** Range of the gaps between bursts, seconds (default 1-5). */
        public Builder alphaGapSeconds(double min, double max) {
            this.alphaGapSeconds = new double[] {min, max};
            return this;
        }

        /** RMS of the 1/f background per channel, microvolts, 0 or more (default 15). */
        public Builder backgroundRmsMicrovolts(double rms) {
            this.backgroundRmsMicrovolts = rms;
            return this;
        }

        /** Mains frequency, Hz: 0 (none) or 1 to below fs/2 (default 50; 60 in the Americas). */
        public Builder lineNoiseHz(int lineNoiseHz) {
            this.lineNoiseHz = lineNoiseHz;
            return this;
        }

        /** Nominal line-noise amplitude, microvolts, 0 or more (default 3). */
        public Builder lineNoiseMicrovolts(double amplitude) {
            this.lineNoiseMicrovolts = amplitude;
            return this;
        }

        /** Whether blinks appear on channels 1-2 (default true). */
        public Builder blinks(boolean enabled) {
            this.blinks = enabled;
            return this;
        }

        /** Range of blink peak amplitudes, microvolts (default 100-200). */
        public Builder blinkAmplitudeMicrovolts(double min, double max) {
            this.blinkAmplitudeMicrovolts = new double[] {min, max};
            return this;
        }

        /** Range of blink durations, seconds (default 0.2-0.4). */
        public Builder blinkDurationSeconds(double min, double max) {
            this.blinkDurationSeconds = new double[] {min, max};
            return this;
        }

        /** Range of intervals between blink onsets, seconds (default 4-10). */
        public Builder blinkIntervalSeconds(double min, double max) {
            this.blinkIntervalSeconds = new double[] {min, max};
            return this;
        }

        /** Validates the parameters and makes the generator. */
        public SyntheticEeg build() {
            require(sampleRateHz > 0, "sampleRateHz=" + sampleRateHz + ": must be positive");
            require(channels >= 1 && channels <= 64, "channels=" + channels + ": must be 1-64");
            double nyquist = sampleRateHz / 2.0;
            require(alphaHz > 0 && alphaHz < nyquist,
                    "alphaHz=" + alphaHz + ": must be above 0 and below fs/2=" + nyquist);
            require(alphaJitterHz >= 0 && alphaJitterHz < alphaHz / 3,
                    "alphaJitterHz=" + alphaJitterHz + ": must be 0 or more and below alphaHz/3");
            range("alphaPeakMicrovolts", alphaPeakMicrovolts, true);
            range("alphaBurstSeconds", alphaBurstSeconds, false);
            range("alphaGapSeconds", alphaGapSeconds, false);
            require(backgroundRmsMicrovolts >= 0,
                    "backgroundRmsMicrovolts=" + backgroundRmsMicrovolts + ": must be 0 or more");
            require(lineNoiseHz == 0 || (lineNoiseHz > 0 && lineNoiseHz < nyquist),
                    "lineNoiseHz=" + lineNoiseHz + ": must be 0 (none) or between 1 and below fs/2=" + nyquist);
            require(lineNoiseMicrovolts >= 0, "lineNoiseMicrovolts=" + lineNoiseMicrovolts + ": must be 0 or more");
            range("blinkAmplitudeMicrovolts", blinkAmplitudeMicrovolts, true);
            range("blinkDurationSeconds", blinkDurationSeconds, false);
            range("blinkIntervalSeconds", blinkIntervalSeconds, false);
            return new SyntheticEeg(this);
        }

        private static void range(String name, double[] r, boolean zeroAllowed) {
            boolean lowOk = zeroAllowed ? r[0] >= 0 : r[0] > 0;
            require(lowOk && r[1] >= r[0] && Double.isFinite(r[1]), name + "=" + r[0] + ".." + r[1]
                    + ": needs " + (zeroAllowed ? "0 <= min" : "0 < min") + " <= max, finite");
        }

        private static void require(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
