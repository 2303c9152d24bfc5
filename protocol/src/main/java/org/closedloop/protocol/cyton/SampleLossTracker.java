package org.closedloop.protocol.cyton;

/**
 * Counts samples lost on the link from the 8-bit sample counter and the host's arrival clock.
 *
 * <p>Every gap in the counter is counted exactly, wrap-around included (255 then 0 is no loss). The counter alone
 * cannot show a gap of 256 samples or more, so when the arrival clock says that at least half a wrap (128 samples)
 * went by, the whole number of wraps nearest to the clock's estimate is added and the gap is reported as long.
 * The clock only ever adds whole wraps: jitter of up to +-127 sample periods cannot change the count.
 *
 * <p><b>Thread safety:</b> not thread safe; owned by the thread that decodes packets.
 */
public final class SampleLossTracker {
    private static final int WRAP = 256;
    private static final int HALF_WRAP = 128;

    private double samplePeriodNs;
    private boolean hasLast;
    private boolean counterRestarted;
    private int lastSample;
    private long lastArrivalNs;

    private long samplesReceived;
    private long samplesLost;
    private long gaps;
    private long longGaps;
    private long restartGapSamples;

    /** @param sampleRateHz the board's sample rate; positive */
    public SampleLossTracker(double sampleRateHz) {
        setSampleRateHz(sampleRateHz);
    }

    /** Changes the sample rate used to read the arrival clock (e.g. after a {@code ~N} command). */
    public void setSampleRateHz(double sampleRateHz) {
        if (!(sampleRateHz > 0)) {
            throw new IllegalArgumentException("sampleRateHz=" + sampleRateHz + ": must be positive");
        }
        this.samplePeriodNs = 1e9 / sampleRateHz;
    }

    /**
     * Records one received sample.
     *
     * @param sampleNumber the packet's counter, 0..255
     * @param arrivalNs    monotonic host time the packet arrived
     * @return how many samples were lost just before this one (0 if none, or if this is the first sample)
     */
    public long onSample(int sampleNumber, long arrivalNs) {
        samplesReceived++;
        if (!hasLast) {
            hasLast = true;
            lastSample = sampleNumber & 0xFF;
            lastArrivalNs = arrivalNs;
            return 0;
        }
        double clockMissing = (arrivalNs - lastArrivalNs) / samplePeriodNs - 1.0;
        if (counterRestarted) {
            // the board's counter started again from 0: only the clock knows how many samples were never taken
            counterRestarted = false;
            long gap = Math.max(0, Math.round(clockMissing));
            restartGapSamples += gap;
            lastSample = sampleNumber & 0xFF;
            lastArrivalNs = arrivalNs;
            return gap;
        }
        long missing = (sampleNumber - lastSample - 1) & 0xFF;
        if (clockMissing >= HALF_WRAP) {
            long wraps = Math.round((clockMissing - missing) / WRAP);
            if (wraps > 0) {
                missing += wraps * WRAP;
                longGaps++;
            }
        }
        if (missing > 0) {
            gaps++;
            samplesLost += missing;
        }
        lastSample = sampleNumber & 0xFF;
        lastArrivalNs = arrivalNs;
        return missing;
    }

    /** Starts a new sequence with no time reference (a fresh start). Totals are kept. */
    public void restartSequence() {
        hasLast = false;
        counterRestarted = false;
    }

    /**
     * The board's counter is about to restart (after a reconnect) while time went on: the next sample's gap is
     * estimated from the arrival clock alone, returned by {@link #onSample} and counted in
     * {@link #restartGapSamples()}, not as link loss. Without an earlier sample this is {@link #restartSequence()}.
     */
    public void restartCounterKeepingClock() {
        counterRestarted = hasLast;
    }

    /** Samples never acquired across counter restarts (device away), estimated from the arrival clock. */
    public long restartGapSamples() {
        return restartGapSamples;
    }

    public long samplesReceived() {
        return samplesReceived;
    }

    /** Samples lost on the link, counted from counter gaps (and whole wraps seen by the clock). */
    public long samplesLost() {
        return samplesLost;
    }

    /** Number of separate gaps. */
    public long gaps() {
        return gaps;
    }

    /** Gaps of 256 samples or more, found from the arrival clock. */
    public long longGaps() {
        return longGaps;
    }
}
