package org.closedloop.controller.acquisition;

/**
 * One sample as handed to a consumer: a reusable holder the consumer owns and {@link OneToOneSampleRing#poll} fills.
 *
 * <p><b>Thread safety:</b> not thread safe; owned by the consumer thread.
 */
public final class SampleFrame {
    /** Monotonic host time (System.nanoTime) when the packet's last byte was read. */
    public long arrivalNs;
    /**
     * Position of this sample on a continuous time base since acquisition started: lost samples and reconnect gaps
     * advance it, so {@code index / sampleRateHz} is the sample's time.
     */
    public long sampleIndex;
    /** The board's 8-bit counter, 0..255. */
    public int sampleNumber;
    /** Samples missing immediately before this one (link loss or a reconnect gap); 0 normally. */
    public long lostBefore;
    /** Channel values in microvolts, length = channel count. */
    public final double[] microvolts;

    public SampleFrame(int channels) {
        this.microvolts = new double[channels];
    }
}
