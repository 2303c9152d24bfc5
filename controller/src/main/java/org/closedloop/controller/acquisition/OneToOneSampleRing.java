package org.closedloop.controller.acquisition;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * Bounded single-producer single-consumer ring of samples held in preallocated primitive arrays. Neither side
 * allocates or locks; a consumer with nothing to read parks until the producer publishes (no busy polling).
 * When full, {@link #offer} refuses the sample and counts an overrun: a slow consumer never blocks the serial reader.
 *
 * <p><b>Thread safety:</b> exactly one producer thread and one consumer thread; the threads may change over time
 * (e.g. after a reconnect) as long as two never produce, or two never consume, at once.
 */
public final class OneToOneSampleRing {
    private static final VarHandle TAIL;
    private static final VarHandle HEAD;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            TAIL = l.findVarHandle(OneToOneSampleRing.class, "tail", long.class);
            HEAD = l.findVarHandle(OneToOneSampleRing.class, "head", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int mask;
    private final int channels;
    private final long[] arrivalNs;
    private final long[] sampleIndex;
    private final int[] sampleNumber;
    private final long[] lostBefore;
    private final double[] microvolts;

    @SuppressWarnings("unused") // accessed through TAIL
    private volatile long tail; // next slot the producer writes; published with a volatile store
    @SuppressWarnings("unused") // accessed through HEAD
    private volatile long head; // next slot the consumer reads
    private volatile Thread parkedConsumer;
    private volatile long overruns;

    /**
     * @param capacity a power of two, at least 2
     * @param channels channels per sample, at least 1
     */
    public OneToOneSampleRing(int capacity, int channels) {
        if (capacity < 2 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity=" + capacity + ": must be a power of two >= 2");
        }
        if (channels < 1) {
            throw new IllegalArgumentException("channels=" + channels + ": must be >= 1");
        }
        this.mask = capacity - 1;
        this.channels = channels;
        this.arrivalNs = new long[capacity];
        this.sampleIndex = new long[capacity];
        this.sampleNumber = new int[capacity];
        this.lostBefore = new long[capacity];
        this.microvolts = new double[capacity * channels];
    }

    public int channels() {
        return channels;
    }

    public int capacity() {
        return mask + 1;
    }

    /** Producer: publishes one sample; false (and an overrun counted) if the ring is full. */
    public boolean offer(long arrival, long index, int number, long lost, double[] uv) {
        long t = (long) TAIL.getOpaque(this);
        if (t - (long) HEAD.getAcquire(this) > mask) {
            overruns++; // single writer: only the producer updates it
            return false;
        }
        int slot = (int) t & mask;
        arrivalNs[slot] = arrival;
        sampleIndex[slot] = index;
        sampleNumber[slot] = number;
        lostBefore[slot] = lost;
        System.arraycopy(uv, 0, microvolts, slot * channels, channels);
        // volatile store: orders the slot writes before it, and (with the volatile read of parkedConsumer after it)
        // forms the Dekker pair with the consumer's park protocol, so a wake-up is never lost
        TAIL.setVolatile(this, t + 1);
        Thread c = parkedConsumer;
        if (c != null) {
            LockSupport.unpark(c);
        }
        return true;
    }

    /** Consumer: copies the oldest sample into {@code frame}; false if the ring is empty. */
    public boolean poll(SampleFrame frame) {
        long h = (long) HEAD.getOpaque(this);
        if (h >= (long) TAIL.getAcquire(this)) {
            return false;
        }
        int slot = (int) h & mask;
        frame.arrivalNs = arrivalNs[slot];
        frame.sampleIndex = sampleIndex[slot];
        frame.sampleNumber = sampleNumber[slot];
        frame.lostBefore = lostBefore[slot];
        System.arraycopy(microvolts, slot * channels, frame.microvolts, 0, channels);
        HEAD.setRelease(this, h + 1);
        return true;
    }

    /**
     * Consumer: waits until a sample is available or {@code timeoutNs} passed, parking the thread (no spinning).
     *
     * @return true if a sample is available
     */
    public boolean awaitAvailable(long timeoutNs) {
        if (available() > 0) {
            return true;
        }
        long deadline = System.nanoTime() + timeoutNs;
        parkedConsumer = Thread.currentThread();
        try {
            while (true) {
                // volatile write above, volatile read here: either we see the new tail or the producer sees us
                if ((long) TAIL.getVolatile(this) > (long) HEAD.getOpaque(this)) {
                    return true;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || Thread.currentThread().isInterrupted()) {
                    return false;
                }
                LockSupport.parkNanos(this, left);
            }
        } finally {
            parkedConsumer = null;
        }
    }

    /** Samples waiting to be consumed. */
    public int available() {
        return (int) ((long) TAIL.getAcquire(this) - (long) HEAD.getAcquire(this));
    }

    /** Samples refused because the ring was full. */
    public long overruns() {
        return overruns;
    }
}
