package org.closedloop.sim.eeg;

/**
 * The alpha generator: one oscillator for the whole head whose phase runs continuously (between bursts too) at the
 * individual alpha frequency plus a slow random jitter, gated by bursts with raised-cosine envelopes.
 *
 * <p>Frequency: {@code alphaHz + j}, where j is an Ornstein-Uhlenbeck process (time constant 1 s, standard
 * deviation {@code jitterHz}), clamped to +-3 standard deviations. Bursts last a uniform 0.5-3 s (configurable),
 * rise and fall over raised-cosine ramps of a quarter of their length each, reach a peak drawn uniformly from the
 * configured range, and are separated by uniform gaps of 1-5 s. The first burst starts after one gap.
 *
 * <p>With an {@link Entrainment} (a stimulation field is attached), the drive current adds a phase pull to the
 * frequency and changes the envelope; without one, or while the drive has had no effect, both are exactly the
 * spontaneous ones.
 *
 * <p><b>Thread safety:</b> not thread safe; owned by one {@link SyntheticEeg}.
 */
final class AlphaRhythm {
    private static final double JITTER_TIME_CONSTANT_S = 1.0;

    private final GaussianSource random;
    private final double sampleRateHz;
    private final double alphaHz;
    private final double jitterHz;
    private final double jitterDecay;
    private final double jitterDrive;
    private final double[] peakRange;
    private final double[] burstRangeS;
    private final double[] gapRangeS;
    private final Entrainment entrainment;

    private double phase;
    private double jitter;
    private double frequencyHz;
    private double envelope;
    private double spontaneousEnvelope;
    private double pullHz;
    private long sample = -1;
    private boolean inBurst;
    private long burstStart;
    private long burstLength;
    private long rampLength;
    private double burstPeak;
    private long nextBurstStart;

    AlphaRhythm(GaussianSource random, double sampleRateHz, double alphaHz, double jitterHz, double[] peakRange,
                double[] burstRangeS, double[] gapRangeS, Entrainment entrainment) {
        this.random = random;
        this.sampleRateHz = sampleRateHz;
        this.alphaHz = alphaHz;
        this.jitterHz = jitterHz;
        this.jitterDecay = StrictMath.exp(-1.0 / (JITTER_TIME_CONSTANT_S * sampleRateHz));
        this.jitterDrive = jitterHz * StrictMath.sqrt(1.0 - jitterDecay * jitterDecay);
        this.peakRange = peakRange.clone();
        this.burstRangeS = burstRangeS.clone();
        this.gapRangeS = gapRangeS.clone();
        this.entrainment = entrainment;
        this.phase = random.uniform(-StrictMath.PI, StrictMath.PI);
        this.nextBurstStart = samples(random.uniform(gapRangeS[0], gapRangeS[1]));
    }

    /**
     * Advances to the next sample.
     *
     * @param driveMicroAmps this sample's drive current, microamps; ignored without an {@link Entrainment}
     */
    void step(double driveMicroAmps) {
        sample++;
        jitter = jitterDecay * jitter + jitterDrive * random.next();
        jitter = Math.max(-3 * jitterHz, Math.min(3 * jitterHz, jitter));
        frequencyHz = alphaHz + jitter;
        pullHz = entrainment == null ? 0.0 : entrainment.pullHz();
        if (pullHz != 0) {
            frequencyHz += pullHz; // skipped at 0 so that an idle field leaves every bit as it was
        }
        if (sample > 0) {
            phase += 2 * StrictMath.PI * frequencyHz / sampleRateHz;
            // A step is below 2.5*pi (|frequency| < 2.5 * alphaHz < 1.25 fs), so at most two turns re-wrap it;
            // without stimulation it is below 2*pi and positive, and one subtraction does.
            while (phase > StrictMath.PI) {
                phase -= 2 * StrictMath.PI;
            }
            while (phase <= -StrictMath.PI) {
                phase += 2 * StrictMath.PI;
            }
        }
        if (inBurst && sample - burstStart >= burstLength) {
            inBurst = false;
            nextBurstStart = burstStart + burstLength + samples(random.uniform(gapRangeS[0], gapRangeS[1]));
        }
        if (!inBurst && sample >= nextBurstStart) {
            inBurst = true;
            burstStart = sample;
            burstLength = Math.max(2, samples(random.uniform(burstRangeS[0], burstRangeS[1])));
            rampLength = Math.max(1, burstLength / 4);
            burstPeak = random.uniform(peakRange[0], peakRange[1]);
        }
        spontaneousEnvelope = inBurst ? burstPeak * taper(sample - burstStart) : 0.0;
        if (entrainment == null) {
            envelope = spontaneousEnvelope;
        } else {
            entrainment.step(driveMicroAmps, phase);
            envelope = entrainment.envelope(spontaneousEnvelope);
        }
    }

    /** Raised-cosine (Tukey) taper, strictly positive on every sample of the burst. */
    private double taper(long k) {
        if (k < rampLength) {
            return 0.5 * (1 - StrictMath.cos(StrictMath.PI * (k + 0.5) / rampLength));
        }
        long fromEnd = burstLength - k;
        if (fromEnd <= rampLength) {
            return 0.5 * (1 - StrictMath.cos(StrictMath.PI * (fromEnd - 0.5) / rampLength));
        }
        return 1.0;
    }

    private long samples(double seconds) {
        return Math.round(seconds * sampleRateHz);
    }

    /** Alpha component at weight 1: envelope * cos(phase), microvolts. */
    double value() {
        return envelope * StrictMath.cos(phase);
    }

    double envelopeMicrovolts() {
        return envelope;
    }

    double phaseRadians() {
        return phase;
    }

    double frequencyHz() {
        return frequencyHz;
    }

    double spontaneousEnvelopeMicrovolts() {
        return spontaneousEnvelope;
    }

    double pullHz() {
        return pullHz;
    }

    double inPhaseDriveMicroAmps() {
        return entrainment == null ? 0.0 : entrainment.inPhaseDriveMicroAmps();
    }

    boolean burstActive() {
        return inBurst;
    }
}
