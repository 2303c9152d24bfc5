package org.closedloop.sim.stim;

/**
 * The device's queue of accepted setpoints: a ring of whole samples (all channels of one DAC tick), contiguous in
 * device time from {@link #headUs()} with one sample per {@value #PERIOD_US} µs. Capacity covers the largest
 * horizon plus one block.
 *
 * <p><b>Thread safety:</b> not thread safe; owned by the firmware (DAC) thread.
 */
final class SetpointQueue {
    static final int PERIOD_US = org.closedloop.protocol.link.SetpointBlockLayout.SAMPLE_PERIOD_US;
    static final int CAPACITY = 128; // > 100 ms horizon + a 20-sample block + one held sample

    private final int channels;
    private final int[] samples;
    private int head;
    private int size;
    private long headUs;

    SetpointQueue(int maxChannels) {
        this.channels = maxChannels;
        this.samples = new int[CAPACITY * maxChannels];
    }

    /** Empties the queue; the next sample appended will be output at {@code headUs}. */
    void reset(long firstSampleUs) {
        head = 0;
        size = 0;
        headUs = firstSampleUs;
    }

    void clear() {
        size = 0;
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    int free() {
        return CAPACITY - size;
    }

    /** Device time of the oldest queued sample (or of the next one appended, if empty). */
    long headUs() {
        return headUs;
    }

    /** Device time just after the last queued sample: where the next block must start. */
    long endUs() {
        return headUs + (long) size * PERIOD_US;
    }

    /** Appends one sample of {@code n} channels from {@code src[off..]}; the caller checked {@link #free()}. */
    void append(int[] src, int off, int n) {
        int slot = (head + size) % CAPACITY;
        System.arraycopy(src, off, samples, slot * channels, n);
        size++;
    }

    /** Removes the oldest sample into {@code dst[0..n)} and advances {@link #headUs()} by one period. */
    void pop(int[] dst, int n) {
        System.arraycopy(samples, head * channels, dst, 0, n);
        head = (head + 1) % CAPACITY;
        size--;
        headUs += PERIOD_US;
    }

    /** The newest sample's setpoint of channel {@code c} (the last one output if the queue is empty). */
    int last(int c) {
        return samples[Math.floorMod(head + size - 1, CAPACITY) * channels + c];
    }
}
