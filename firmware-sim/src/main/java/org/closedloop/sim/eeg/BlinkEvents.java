package org.closedloop.sim.eeg;

/**
 * Eye blinks: a positive sin^2 (Hann) bump of 200-400 ms and 100-200 uV (configurable), onsets separated by a
 * uniform 4-10 s. The first blink comes after one interval.
 *
 * <p><b>Thread safety:</b> not thread safe; owned by one {@link SyntheticEeg}.
 */
final class BlinkEvents {
    private final GaussianSource random;
    private final double sampleRateHz;
    private final boolean enabled;
    private final double[] amplitudeRange;
    private final double[] durationRangeS;
    private final double[] intervalRangeS;

    private long sample = -1;
    private boolean active;
    private long start;
    private long length;
    private double amplitude;
    private long nextStart;
    private double value;

    BlinkEvents(GaussianSource random, double sampleRateHz, boolean enabled, double[] amplitudeRange,
                double[] durationRangeS, double[] intervalRangeS) {
        this.random = random;
        this.sampleRateHz = sampleRateHz;
        this.enabled = enabled;
        this.amplitudeRange = amplitudeRange.clone();
        this.durationRangeS = durationRangeS.clone();
        this.intervalRangeS = intervalRangeS.clone();
        this.nextStart = samples(random.uniform(intervalRangeS[0], intervalRangeS[1]));
    }

    void step() {
        sample++;
        if (!enabled) {
            return;
        }
        if (active && sample - start >= length) {
            active = false;
        }
        if (!active && sample >= nextStart) {
            active = true;
            start = sample;
            length = Math.max(1, samples(random.uniform(durationRangeS[0], durationRangeS[1])));
            amplitude = random.uniform(amplitudeRange[0], amplitudeRange[1]);
            nextStart = start + Math.max(length, samples(random.uniform(intervalRangeS[0], intervalRangeS[1])));
        }
        if (active) {
            double s = StrictMath.sin(StrictMath.PI * (sample - start + 0.5) / length);
            value = amplitude * s * s;
        } else {
            value = 0.0;
        }
    }

    private long samples(double seconds) {
        return Math.round(seconds * sampleRateHz);
    }

    double valueMicrovolts() {
        return value;
    }

    boolean active() {
        return active;
    }
}
