package org.closedloop.controller.session;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * Per-sample decision latency: from the arrival of the sample's bytes (the acquisition's arrival stamp, taken when
 * the serial read returned them) to the moment the session thread finished with the sample (features, rules, and any
 * resulting command handed to the stimulation loop). Recorded in an HdrHistogram, 1 µs to 10 s, 3 significant digits.
 *
 * <p><b>Thread safety:</b> {@link #record(long)} from one thread (wait-free, allocation-free);
 * {@link #snapshot()} from any thread (synchronized among readers).
 */
public final class LatencyRecorder {
    private static final long LOWEST_NS = 1_000;
    private static final long HIGHEST_NS = 10_000_000_000L;

    private final SingleWriterRecorder recorder = new SingleWriterRecorder(LOWEST_NS, HIGHEST_NS, 3);
    private final Histogram total = new Histogram(LOWEST_NS, HIGHEST_NS, 3);
    private Histogram interval;

    /** Percentiles in nanoseconds. */
    public record Summary(long count, long p50Ns, long p99Ns, long p999Ns, long maxNs) {
        /** e.g. {@code p50 0.21 ms, p99 0.48 ms, p99.9 0.91 ms, max 1.30 ms (n=15000)}. */
        public String describe() {
            return String.format(java.util.Locale.ROOT, "p50 %.3f ms, p99 %.3f ms, p99.9 %.3f ms, max %.3f ms (n=%d)",
                    p50Ns / 1e6, p99Ns / 1e6, p999Ns / 1e6, maxNs / 1e6, count);
        }
    }

    /** Records one latency; values outside 1 µs-10 s are clamped into the range. */
    public void record(long ns) {
        recorder.recordValue(Math.max(LOWEST_NS, Math.min(HIGHEST_NS, ns)));
    }

    /** Everything recorded so far. */
    public synchronized Summary snapshot() {
        interval = recorder.getIntervalHistogram(interval);
        total.add(interval);
        return new Summary(total.getTotalCount(), total.getValueAtPercentile(50), total.getValueAtPercentile(99),
                total.getValueAtPercentile(99.9), total.getMaxValue());
    }
}
