package org.closedloop.protocol.cyton;

/**
 * Counts samples lost on the link from the 8-bit sample counter and the host's arrival clock.
 *
 * <p>Every gap in the counter is counted exactly, wrap-around included (255 then 0 is no loss). The counter alone
 * cannot show a gap of 256 samples or more, so when the arrival clock says that at least half a wrap (128 samples)
 * went by, the whole number of wraps nearest to the clock's estimate is added and the gap is reported as long.
 * The clock only ever adds whole wraps: jitter of up to +-127 sample periods cannot change the count.
 *
 * <p>A late delivery is not a loss. When the host stops reading for a while (a pause of the whole machine, a
 * collection), the packets queue in the serial driver and arrive together: the first of them is as late as a lost
 * wrap would make it. The caller therefore says how many packets were already received behind each one (the rest of
 * its read, and what the host's driver still held just after the read). They were sent after it, one sample period
 * apart at least, so the packet itself arrived at least that many periods after it was sent:
 * <ul>
 *   <li>the clock's estimate is first reduced by them. This only ever removes delivery delay, never a real gap (a real
 *       gap's packets behind it are later still), and reads a pause correctly while it is shorter than half a wrap
 *       plus the packets behind;</li>
 *   <li>with {@value #BACKLOG_PACKETS} or more behind it, the host had fallen at least that far behind (0.37 s at
 *       250 Hz): a Linux tty holds at most 4095 bytes, 124 packets, for a reader, so the backlog beyond what can be
 *       seen is unknown, the clock cannot tell a pause from lost wraps, and none are added: the gap is what the
 *       counter shows.</li>
 * </ul>
 * The cost: a real loss of 256 samples or more whose first packet after it also comes with 93 or more behind it
 * (the link dropped out and the host was not reading when it came back) is under-counted by whole wraps. After a real dropout
 * the link delivers at the sample rate, so that takes both at once.
 *
 * <p><b>Thread safety:</b> not thread safe; owned by the thread that decodes packets.
 */
public final class SampleLossTracker {
    private static final int WRAP = 256;
    private static final int HALF_WRAP = 128;
    /** Packets behind a late one that show the host fell behind by more than it can see (3/4 of 124). */
    public static final int BACKLOG_PACKETS = 93;

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
     * Records one received sample with no packets known to be queued behind it.
     *
     * @see #onSample(int, long, int)
     */
    public long onSample(int sampleNumber, long arrivalNs) {
        return onSample(sampleNumber, arrivalNs, 0);
    }

    /**
     * Records one received sample.
     *
     * @param sampleNumber  the packet's counter, 0..255
     * @param arrivalNs     monotonic host time the packet arrived
     * @param packetsBehind packets already received after this one when it arrived (the rest of the same read, and
     *                      what the OS still held just after it); 0 if unknown; never more than were really
     *                      received, or a real gap may be under-counted
     * @return how many samples were lost just before this one (0 if none, or if this is the first sample)
     */
    public long onSample(int sampleNumber, long arrivalNs, int packetsBehind) {
        if (packetsBehind < 0) {
            throw new IllegalArgumentException("packetsBehind=" + packetsBehind + ": must be 0 or more");
        }
        samplesReceived++;
        if (!hasLast) {
            hasLast = true;
            lastSample = sampleNumber & 0xFF;
            lastArrivalNs = arrivalNs;
            return 0;
        }
        // periods since the previous packet arrived, less this one and those known to have been sent after it
        double clockMissing = (arrivalNs - lastArrivalNs) / samplePeriodNs - 1.0 - packetsBehind;
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
        if (clockMissing >= HALF_WRAP && packetsBehind < BACKLOG_PACKETS) {
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
