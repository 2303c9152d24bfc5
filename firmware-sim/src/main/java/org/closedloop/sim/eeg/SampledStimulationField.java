package org.closedloop.sim.eeg;

import java.util.Arrays;

/**
 * A {@link StimulationField} fed by a stimulator as a timeline of steps: {@link #push} records that from
 * {@code timeNanos} on the electrodes carry the given currents (sample and hold, as a DAC does), and
 * {@link #currentsAt} returns the newest step at or before the asked time.
 *
 * <p>It keeps the newest {@code capacity} steps. Before the first push, and for times before the first step, the
 * currents are 0 (stimulation had not begun). A time older than every step still kept (the reader fell more than
 * {@code capacity} steps behind the writer) gets the oldest step kept and is counted in {@link #staleReads()}; a time
 * after the newest step gets the newest (the writer has not pushed yet: the current is held). Size the capacity to
 * cover the reader's worst lag: at a 10 kHz push rate the default 4096 steps cover 0.4 s.
 *
 * <p><b>Thread safety:</b> thread safe; meant for one writer (the stimulator's output thread) and one reader (the
 * board's pacing thread); every call holds this object's lock briefly and allocates nothing.
 */
public final class SampledStimulationField implements StimulationField {
    public static final int DEFAULT_CAPACITY = 4096;
    public static final int MAX_CAPACITY = 1 << 20;

    private final int electrodes;
    private final int mask;
    private final long[] times;
    private final double[] currents;
    private long pushed;
    private long staleReads;

    /**
     * @param electrodes number of electrodes, 1-64
     * @param capacity   steps kept, a power of two, 2 to {@value #MAX_CAPACITY}
     * @throws IllegalArgumentException naming the bad value
     */
    public SampledStimulationField(int electrodes, int capacity) {
        if (electrodes < 1 || electrodes > 64) {
            throw new IllegalArgumentException("electrodes=" + electrodes + ": must be 1-64");
        }
        if (capacity < 2 || capacity > MAX_CAPACITY || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity=" + capacity + ": must be a power of two, 2 to "
                    + MAX_CAPACITY + " (e.g. " + DEFAULT_CAPACITY + ")");
        }
        this.electrodes = electrodes;
        this.mask = capacity - 1;
        this.times = new long[capacity];
        this.currents = new double[capacity * electrodes];
    }

    /** A field of {@value #DEFAULT_CAPACITY} steps. */
    public SampledStimulationField(int electrodes) {
        this(electrodes, DEFAULT_CAPACITY);
    }

    @Override
    public int electrodes() {
        return electrodes;
    }

    /**
     * Records that from {@code timeNanos} on the electrodes carry {@code microAmps}. A step at the same time as the
     * previous one replaces it for every later read.
     *
     * @param timeNanos time of the step, nanoseconds on the coupling's clock; not before the previous step's
     * @param microAmps {@link #electrodes()} signed finite currents, microamps; may be longer (the rest is ignored)
     * @throws IllegalArgumentException if time runs backwards, the array is short or a value is not finite (a bug
     *                                  in the writer; nothing is recorded)
     */
    public synchronized void push(long timeNanos, double[] microAmps) {
        if (pushed > 0 && timeNanos < times[(int) ((pushed - 1) & mask)]) {
            throw new IllegalArgumentException("timeNanos=" + timeNanos + ": before the previous step at "
                    + times[(int) ((pushed - 1) & mask)] + "; push steps in time order");
        }
        if (microAmps.length < electrodes) {
            throw new IllegalArgumentException("microAmps.length=" + microAmps.length + ": needs " + electrodes
                    + " (one per electrode)");
        }
        for (int e = 0; e < electrodes; e++) {
            if (!Double.isFinite(microAmps[e])) {
                throw new IllegalArgumentException("microAmps[" + e + "]=" + microAmps[e] + ": must be finite");
            }
        }
        int slot = (int) (pushed & mask);
        times[slot] = timeNanos;
        System.arraycopy(microAmps, 0, currents, slot * electrodes, electrodes);
        pushed++;
    }

    @Override
    public synchronized void currentsAt(long timeNanos, double[] microAmpsOut) {
        long oldest = Math.max(0, pushed - times.length);
        if (pushed == 0 || (oldest == 0 && timeNanos < times[0])) {
            Arrays.fill(microAmpsOut, 0, electrodes, 0.0);
            return;
        }
        long found;
        if (timeNanos < times[(int) (oldest & mask)]) {
            staleReads++;
            found = oldest;
        } else {
            found = newestAtOrBefore(timeNanos, oldest);
        }
        System.arraycopy(currents, (int) (found & mask) * electrodes, microAmpsOut, 0, electrodes);
    }

    /** Binary search over the kept steps, which are in time order; the oldest is at or before {@code timeNanos}. */
    private long newestAtOrBefore(long timeNanos, long oldest) {
        long low = oldest;
        long high = pushed - 1;
        while (low < high) {
            long mid = (low + high + 1) >>> 1;
            if (times[(int) (mid & mask)] <= timeNanos) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return low;
    }

    /** Reads answered with the oldest step kept because the asked time was older still. */
    public synchronized long staleReads() {
        return staleReads;
    }

    /** Steps pushed since construction. */
    public synchronized long pushed() {
        return pushed;
    }
}
