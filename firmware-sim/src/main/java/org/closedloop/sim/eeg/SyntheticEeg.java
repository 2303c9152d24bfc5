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
 * <p><b>Stimulation</b> (the brain model). With a {@link StimulationField} attached
 * ({@link Builder#stimulationField}), the generator reads the electrode currents {@code I_e} once per sample, at the
 * sample's time ({@link #sampleTimeNanos}, or the time given to {@link #next(double[], long)}), and the head
 * responds as its {@link StimulationResponse} says (parameters, units and defaults there):
 * <ul>
 *   <li><b>Artefact</b>: channel c gets {@code sum_e L[c][e] * I_e} microvolts, added last, from a linear leadfield
 *       L in microvolts per microamp: exactly at the stimulation frequency and phase, whatever the waveform. The
 *       default two-electrode montage gives +-1.6 mV on channels 1-2 and 5-8 and 0.2 mV on 3-4 at 1 mA.
 *       The model is linear: no amplifier nonlinearity, no slew; the board's counts clip at full scale.</li>
 *   <li><b>Entrainment</b>, on the alpha oscillator itself: the drive current {@code I_d = sum_e w_e * I_e} is
 *       demodulated at the oscillator's own phase (first-order low-pass, cut-off {@code entrainmentBandwidthHz},
 *       default 1 Hz, so drive detuned by df counts with power {@code 1 / (1 + (df/B)^2)}). Its in-phase part
 *       {@code d} ({@link #entrainmentDriveMicroAmps()}) moves the envelope by {@code gain * d} (default 10 uV per
 *       mA) with a lag of {@code entrainmentTimeConstantSeconds} (0.3 s): in-phase stimulation raises alpha,
 *       anti-phase lowers it (never below 0), and stimulation never raises the envelope above
 *       {@code entrainmentCapMicrovolts} (60 uV) or the spontaneous envelope if that is higher. Between bursts
 *       in-phase drive alone makes alpha appear. Its quadrature part pulls the phase (Adler:
 *       {@code dphi/dt += 2*pi * pulling * A * sin(psi - phi)} for a drive {@code A cos(psi)}, pulling default 1 Hz
 *       per mA, limited to +-alphaHz/2), so stimulation within about {@code pulling * A} of the alpha frequency
 *       locks the oscillator to it.</li>
 * </ul>
 * The model draws no random numbers: output is a deterministic function of the seed and the currents. Without a
 * field, or while every current is exactly 0 and no earlier current has left an effect, every output and ground
 * truth value is bit-identical to a generator with no field.
 *
 * <p>Ground truth for the sample last returned: {@link #alphaEnvelopeMicrovolts()}, {@link #alphaPhaseRadians()},
 * {@link #isAlphaBurstActive()}, {@link #alphaFrequencyHz()}, {@link #isBlinkActive()}, and with stimulation
 * {@link #spontaneousAlphaEnvelopeMicrovolts()}, {@link #alphaPullHz()}, {@link #entrainmentDriveMicroAmps()},
 * {@link #stimulationArtefactMicrovolts(int)}. The alpha part of channel c is exactly
 * {@code alphaWeight(c) * alphaEnvelopeMicrovolts() * cos(alphaPhaseRadians())}, stimulation included, so a phase
 * estimator should report 0 at alpha peaks and +-pi at troughs. {@link #isAlphaBurstActive()} follows the
 * spontaneous burst schedule: under stimulation the envelope can be positive outside a burst or 0 inside one.
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
    private final StimulationField field;
    private final double[] currents;
    private final double[] leadfield; // [c * electrodes + e], microvolts per microamp
    private final double[] electrodeWeights;
    private final double[] artefact;
    private long sampleIndex = -1;

    private SyntheticEeg(Builder b) {
        this.params = b.copy();
        SplittableRandom root = new SplittableRandom(b.seed);
        this.field = b.stimulationField;
        int electrodes = field == null ? 0 : field.electrodes();
        this.currents = new double[electrodes];
        this.leadfield = new double[b.channels * electrodes];
        this.electrodeWeights = field == null ? new double[0]
                : b.stimulationResponse.entrainmentElectrodeWeights(electrodes);
        this.artefact = new double[b.channels];
        if (field != null) {
            double[][] l = b.stimulationResponse.leadfieldMicrovoltsPerMicroAmp(b.channels, electrodes);
            for (int c = 0; c < b.channels; c++) {
                System.arraycopy(l[c], 0, leadfield, c * electrodes, electrodes);
            }
        }
        Entrainment entrainment = field == null ? null
                : new Entrainment(b.stimulationResponse, b.sampleRateHz, b.alphaHz);
        // Fixed split order: adding channels appends streams and leaves the earlier ones unchanged. Stimulation
        // draws no random numbers, so the streams are the same with and without a field.
        this.alpha = new AlphaRhythm(new GaussianSource(root.split()), b.sampleRateHz, b.alphaHz, b.alphaJitterHz,
                b.alphaPeakMicrovolts, b.alphaBurstSeconds, b.alphaGapSeconds, entrainment);
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
     * Produces the next sample of every channel, taking the stimulation (if any) at that sample's
     * {@link #sampleTimeNanos(long)}.
     *
     * @param microvoltsOut receives {@link #channels()} values in microvolts; may be longer (the rest is untouched)
     * @throws IllegalArgumentException if shorter than {@link #channels()}
     */
    public void next(double[] microvoltsOut) {
        next(microvoltsOut, sampleTimeNanos(sampleIndex + 1));
    }

    /**
     * Produces the next sample of every channel, taking the stimulation at {@code stimulationTimeNanos} on the
     * field's clock (ignored without a field). The model still advances by exactly one sample period: the time
     * only says which current this sample sees.
     *
     * @param microvoltsOut        receives {@link #channels()} values in microvolts; may be longer
     * @param stimulationTimeNanos this sample's time on the {@link StimulationField}'s clock, nanoseconds
     * @throws IllegalArgumentException if {@code microvoltsOut} is shorter than {@link #channels()}
     * @throws IllegalStateException    if the field returns a current that is not finite (a bug in the field)
     */
    public void next(double[] microvoltsOut, long stimulationTimeNanos) {
        final int n = alphaWeights.length;
        if (microvoltsOut.length < n) {
            throw new IllegalArgumentException("microvoltsOut.length=" + microvoltsOut.length + ": needs at least "
                    + n + " (one per channel)");
        }
        sampleIndex++;
        final boolean stimulating = field != null && takeStimulation(stimulationTimeNanos);
        alpha.step(stimulating ? driveMicroAmps() : 0.0);
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
            if (stimulating) {
                v += artefact[c]; // last and only while some current flows: no field, no change to any bit
            }
            microvoltsOut[c] = v;
        }
    }

    /** Reads the field, fills {@link #artefact}; true if any electrode carries current. */
    private boolean takeStimulation(long timeNanos) {
        final int electrodes = currents.length;
        field.currentsAt(timeNanos, currents);
        boolean any = false;
        for (int e = 0; e < electrodes; e++) {
            double i = currents[e];
            if (!Double.isFinite(i)) {
                throw new IllegalStateException("stimulation field gave microAmps[" + e + "]=" + i + " at timeNanos="
                        + timeNanos + ": currents must be finite");
            }
            any |= i != 0;
        }
        for (int c = 0; c < artefact.length; c++) {
            double sum = 0;
            if (any) {
                for (int e = 0; e < electrodes; e++) {
                    sum += leadfield[c * electrodes + e] * currents[e];
                }
            }
            artefact[c] = sum;
        }
        return any;
    }

    private double driveMicroAmps() {
        double drive = 0;
        for (int e = 0; e < currents.length; e++) {
            drive += electrodeWeights[e] * currents[e];
        }
        return drive;
    }

    /**
     * The time {@link #next(double[])} gives sample {@code index} on the stimulation clock:
     * {@code floor(index * 1e9 / sampleRateHz)} nanoseconds (exact at every Cyton rate), without overflow.
     */
    public long sampleTimeNanos(long index) {
        long fs = params.sampleRateHz;
        return index / fs * 1_000_000_000L + index % fs * 1_000_000_000L / fs;
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

    /**
     * Alpha envelope of the last sample at weight 1 (posterior channels), stimulation included, microvolts; without
     * stimulation 0 outside bursts.
     */
    public double alphaEnvelopeMicrovolts() {
        return alpha.envelopeMicrovolts();
    }

    /** Instantaneous alpha phase of the last sample, radians in (-pi, pi]; defined (and continuous) at all times. */
    public double alphaPhaseRadians() {
        return alpha.phaseRadians();
    }

    /** Instantaneous alpha frequency of the last sample (alphaHz plus jitter plus {@link #alphaPullHz()}), Hz. */
    public double alphaFrequencyHz() {
        return alpha.frequencyHz();
    }

    /**
     * Alpha envelope the last sample would have without stimulation (the burst schedule alone), microvolts; the
     * stimulation's effect on the envelope is {@code alphaEnvelopeMicrovolts() - spontaneousAlphaEnvelopeMicrovolts()}.
     */
    public double spontaneousAlphaEnvelopeMicrovolts() {
        return alpha.spontaneousEnvelopeMicrovolts();
    }

    /** The stimulation's phase pull in the last sample's alpha frequency, Hz; 0 without a field. */
    public double alphaPullHz() {
        return alpha.pullHz();
    }

    /**
     * In-phase drive near the alpha frequency after the last sample, microamps: the amplitude of the drive current's
     * component at the alpha frequency times the cosine of its phase relative to the alpha phase (negative when
     * anti-phase), weighted by the frequency tolerance; 0 without a field. See {@link StimulationResponse}.
     */
    public double entrainmentDriveMicroAmps() {
        return alpha.inPhaseDriveMicroAmps();
    }

    /** Stimulation artefact included in the last sample of a channel (0-based index), microvolts; 0 without one. */
    public double stimulationArtefactMicrovolts(int channelIndex) {
        return artefact[channelIndex];
    }

    /**
     * True if the last sample lies inside a spontaneous alpha burst (without stimulation its envelope is then
     * strictly positive).
     */
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
        private StimulationField stimulationField;
        private StimulationResponse stimulationResponse = StimulationResponse.defaults();

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
            b.stimulationField = stimulationField;
            b.stimulationResponse = stimulationResponse;
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

        /**
         * The stimulation the head receives, or null for none (default). Read once per sample by the generator's
         * thread; the generator keeps a reference, not a copy.
         */
        public Builder stimulationField(StimulationField field) {
            this.stimulationField = field;
            return this;
        }

        /** How the head responds to the stimulation field (default {@link StimulationResponse#defaults()}). */
        public Builder stimulationResponse(StimulationResponse response) {
            this.stimulationResponse = response;
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
            require(stimulationResponse != null,
                    "stimulationResponse=null: use StimulationResponse.defaults() or a built one");
            if (stimulationField != null) {
                int electrodes = stimulationField.electrodes();
                require(electrodes >= 1 && electrodes <= 64, "stimulationField electrodes=" + electrodes
                        + ": must be 1-64");
                stimulationResponse.requireFits(channels, electrodes, alphaHz);
            }
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
