package org.closedloop.controller.stim;

/**
 * Maps the host's clock ({@link System#nanoTime()}) to the stimulator's microsecond clock, from NTP-style exchanges:
 * every HEARTBEAT (host send time t1) is answered by a STATUS carrying the device's receive and transmit times (T2,
 * T3), received at t4. For each exchange, offset = ((T2 − t1) + (T3 − t4)) / 2 and delay = (t4 − t1) − (T3 − T2); the
 * device's own processing time drops out, and a queueing delay on one leg biases the offset by half that delay, so
 * exchanges with the smallest delay are the trustworthy ones.
 *
 * <p>Estimate: the offset of the smallest-delay exchange among the newest {@value #RECENT} (about 0.6 s at a 20 ms
 * heartbeat), corrected for drift: the rate is the slope between that exchange and the smallest-delay exchange at
 * least {@value #RATE_BASELINE_MS} ms older (kept for up to {@value #CAPACITY} exchanges, about 10 s). A crystal's
 * ±100 ppm then leaves a mapping error of a few microseconds plus the offset's own error (half the smallest delay's
 * asymmetry, tens of microseconds on a pty); the device absorbs what remains by clock slips (see the protocol
 * document).
 *
 * <p><b>Thread safety:</b> {@link #addExchange} is called by the link's reader thread; {@link #toDeviceMicros} and
 * the getters from any thread: the estimate is published as one immutable object through a volatile field.
 */
final class ClockSync {
    static final int CAPACITY = 512;
    static final int RECENT = 32;
    static final long RATE_BASELINE_MS = 5_000;

    private record Estimate(long hostNs, double offsetNs, double drift, long delayNs, int exchanges) {
    }

    private final long[] midNs = new long[CAPACITY];
    private final double[] offsetNs = new double[CAPACITY];
    private final long[] delayNs = new long[CAPACITY];
    private int count;
    private int next;
    private volatile Estimate estimate;

    /** Adds one exchange (host ns, device µs). Ignores an impossible one (negative delay). */
    synchronized void addExchange(long t1Ns, long t2Us, long t3Us, long t4Ns) {
        long deviceSpanNs = (t3Us - t2Us) * 1000;
        long delay = (t4Ns - t1Ns) - deviceSpanNs;
        if (delay < 0 || t4Ns < t1Ns) {
            return;
        }
        double off = ((t2Us * 1000.0 - t1Ns) + (t3Us * 1000.0 - t4Ns)) / 2.0;
        midNs[next] = t1Ns + (t4Ns - t1Ns) / 2;
        offsetNs[next] = off;
        delayNs[next] = delay;
        next = (next + 1) % CAPACITY;
        count = Math.min(count + 1, CAPACITY);
        recompute();
    }

    private void recompute() {
        int best = -1;
        for (int i = 0; i < Math.min(count, RECENT); i++) {
            int s = Math.floorMod(next - 1 - i, CAPACITY);
            if (best < 0 || delayNs[s] < delayNs[best]) {
                best = s;
            }
        }
        int old = -1;
        long cutoff = midNs[best] - RATE_BASELINE_MS * 1_000_000L;
        for (int i = 0; i < count; i++) {
            int s = Math.floorMod(next - 1 - i, CAPACITY);
            if (midNs[s] <= cutoff && (old < 0 || delayNs[s] < delayNs[old])) {
                old = s;
            }
        }
        double drift = old < 0 ? 0.0 : (offsetNs[best] - offsetNs[old]) / (double) (midNs[best] - midNs[old]);
        estimate = new Estimate(midNs[best], offsetNs[best], drift, delayNs[best], count);
    }

    /** Forgets every exchange (the device restarted: its clock began again). */
    synchronized void reset() {
        count = 0;
        next = 0;
        estimate = null;
    }

    /** True once at least one exchange was added. */
    boolean isSynchronised() {
        return estimate != null;
    }

    /** The device clock at host time {@code hostNs}, µs; throws if not synchronised yet. */
    long toDeviceMicros(long hostNs) {
        Estimate e = estimate;
        if (e == null) {
            throw new IllegalStateException("clock not synchronised: no STATUS exchange yet");
        }
        double off = e.offsetNs + e.drift * (hostNs - e.hostNs);
        return Math.round((hostNs + off) / 1000.0);
    }

    /** The smallest round-trip delay in the recent window, ns (-1 if none). */
    long bestDelayNs() {
        Estimate e = estimate;
        return e == null ? -1 : e.delayNs;
    }

    /** The estimated drift of the device clock, parts per million (positive: the device runs fast). */
    double driftPpm() {
        Estimate e = estimate;
        return e == null ? 0 : e.drift * 1e6;
    }

    /** Exchanges kept. */
    int exchanges() {
        Estimate e = estimate;
        return e == null ? 0 : e.exchanges;
    }
}
