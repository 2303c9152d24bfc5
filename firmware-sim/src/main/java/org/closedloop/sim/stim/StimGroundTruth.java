package org.closedloop.sim.stim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.closedloop.protocol.link.DeviceState;
import org.closedloop.protocol.link.FaultCode;
import org.closedloop.sim.truth.ParallelArrayRing;
import org.closedloop.sim.truth.ParallelArrayRing.Column;

/**
 * What the simulated stimulator really output, tick by tick (one DAC period, 1 ms), and every fault it latched: the
 * ground truth to score a controller against.
 *
 * <p>Each tick has its device time, the host time ({@link System#nanoTime()}) at which the device clock reached it,
 * the device state, and per channel the setpoint being played (0 when none), the current actually delivered (after
 * the compliance clip, the enable line and any injected output-stage error) and the electrode voltage. The simulator
 * computes a tick once every event stamped before it has been applied, so a tick's values depend only on what the
 * device had received by then, even when the simulator's thread runs late. The newest {@link #capacity()} ticks are
 * kept; fault events are all kept. Host times are {@link System#nanoTime()} values compared directly (a wrap would
 * take 292 years).
 *
 * <p><b>Thread safety:</b> thread safe: written by the firmware thread, read by any thread through synchronized
 * methods that return copies (not meant for a hot path).
 */
public final class StimGroundTruth {
    private static final int FIRST_ALLOCATION = 4096;

    /**
     * A latched fault as the device saw it.
     *
     * @param code        the fault
     * @param channel     channel concerned, or -1
     * @param value       the offending value (meaning per code, see the protocol document)
     * @param limit       the limit it broke
     * @param blockSeq    the block concerned, or -1
     * @param deviceUs    device time when it latched
     * @param hostNanos   host time when it latched
     * @param first       true if it was the first fault since the last reset
     */
    public record FaultEvent(FaultCode code, int channel, long value, long limit, long blockSeq, long deviceUs,
                             long hostNanos, boolean first) {
    }

    /**
     * A copy of kept ticks, oldest first; arrays indexed {@code [tick]} or {@code [tick][channel]}.
     *
     * @param deviceUs  device time of each tick
     * @param hostNanos host time of each tick
     * @param states    device state during each tick
     * @param setpoint  setpoint played, µA
     * @param delivered current delivered, µA
     * @param millivolts electrode voltage, mV
     */
    public record Trace(long[] deviceUs, long[] hostNanos, DeviceState[] states, int[][] setpoint, int[][] delivered,
                        int[][] millivolts) {
        /** Number of ticks. */
        public int size() {
            return deviceUs.length;
        }
    }

    // columns of the ring: one record per tick
    private static final int DEVICE_US = 0;
    private static final int HOST_NANOS = 1;
    private static final int STATES = 2;
    private static final int SETPOINT = 3;
    private static final int DELIVERED = 4;
    private static final int MILLIVOLTS = 5;

    private final int channels;
    private final ParallelArrayRing ring;
    private long ticks;
    private final List<FaultEvent> faults = new ArrayList<>();

    StimGroundTruth(int channels, int capacity) {
        this.channels = channels;
        this.ring = new ParallelArrayRing(capacity, FIRST_ALLOCATION, Column.longs(1), Column.longs(1),
                Column.bytes(1), Column.shorts(channels), Column.shorts(channels), Column.shorts(channels));
    }

    /** Channels per tick. */
    public int channels() {
        return channels;
    }

    /** Most ticks kept. */
    public int capacity() {
        return ring.capacity();
    }

    /** Ticks recorded since start (kept or not). */
    public synchronized long ticks() {
        return ticks;
    }

    /** Every kept tick, oldest first. */
    public synchronized Trace trace() {
        return traceBetween(Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /** The kept ticks with {@code fromNanos <= hostNanos < toNanos}, oldest first. */
    public synchronized Trace traceBetween(long fromNanos, long toNanos) {
        final long[] hostNanos = ring.longs(HOST_NANOS);
        int first = -1;
        int count = 0;
        for (int i = 0; i < ring.size(); i++) {
            long t = hostNanos[ring.slot(i)];
            if (t >= fromNanos && t < toNanos) {
                if (first < 0) {
                    first = i;
                }
                count = i - first + 1;
            }
        }
        long[] d = new long[count];
        long[] h = new long[count];
        DeviceState[] st = new DeviceState[count];
        int[][] sp = new int[count][channels];
        int[][] dl = new int[count][channels];
        int[][] mv = new int[count][channels];
        final long[] deviceUs = ring.longs(DEVICE_US);
        final byte[] states = ring.bytes(STATES);
        final short[] setpoint = ring.shorts(SETPOINT);
        final short[] delivered = ring.shorts(DELIVERED);
        final short[] millivolts = ring.shorts(MILLIVOLTS);
        for (int k = 0; k < count; k++) {
            int s = ring.slot(first + k);
            d[k] = deviceUs[s];
            h[k] = hostNanos[s];
            st[k] = DeviceState.fromCode(states[s]);
            for (int c = 0; c < channels; c++) {
                sp[k][c] = setpoint[s * channels + c];
                dl[k][c] = delivered[s * channels + c];
                mv[k][c] = millivolts[s * channels + c];
            }
        }
        return new Trace(d, h, st, sp, dl, mv);
    }

    /** Every fault latched since start, in order. */
    public synchronized List<FaultEvent> faults() {
        return List.copyOf(faults);
    }

    /**
     * The host time of the first kept tick at or after {@code afterNanos} from which every channel delivered 0 in
     * every later kept tick, or -1 if output is not (yet) zero after that time.
     */
    public synchronized long zeroSince(long afterNanos) {
        final long[] hostNanos = ring.longs(HOST_NANOS);
        final short[] delivered = ring.shorts(DELIVERED);
        long since = -1;
        for (int i = 0; i < ring.size(); i++) {
            int s = ring.slot(i);
            if (hostNanos[s] < afterNanos) {
                continue;
            }
            boolean zero = true;
            for (int c = 0; c < channels; c++) {
                if (delivered[s * channels + c] != 0) {
                    zero = false;
                    break;
                }
            }
            if (!zero) {
                since = -1;
            } else if (since == -1) {
                since = hostNanos[s];
            }
        }
        return since;
    }

    /** The largest |delivered| of any channel in the kept ticks with host time in [from, to), µA. */
    public synchronized int maxAbsDelivered(long fromNanos, long toNanos) {
        final long[] hostNanos = ring.longs(HOST_NANOS);
        final short[] delivered = ring.shorts(DELIVERED);
        int max = 0;
        for (int i = 0; i < ring.size(); i++) {
            int s = ring.slot(i);
            if (hostNanos[s] >= fromNanos && hostNanos[s] < toNanos) {
                for (int c = 0; c < channels; c++) {
                    max = Math.max(max, Math.abs(delivered[s * channels + c]));
                }
            }
        }
        return max;
    }

    /** Waits until a tick at or after host time {@code nanos} has been recorded; false on timeout. */
    public synchronized boolean awaitTickAt(long nanos, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!hasTickAt(nanos)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    /** Whether a tick at or after host time {@code nanos} has been recorded (no waiting). */
    public synchronized boolean hasTickAt(long nanos) {
        return ring.size() > 0 && ring.longs(HOST_NANOS)[ring.slot(ring.size() - 1)] >= nanos;
    }

    /** Waits until at least {@code n} faults have latched since start; false on timeout. */
    public synchronized boolean awaitFaults(int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (faults.size() < n) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    // ---- writer side: the firmware thread ----

    synchronized void append(long tickUs, long tickNanos, DeviceState state, int[] sp, int[] dl, int[] mv) {
        int s = ring.append();
        ticks++;
        ring.longs(DEVICE_US)[s] = tickUs;
        ring.longs(HOST_NANOS)[s] = tickNanos;
        ring.bytes(STATES)[s] = (byte) state.code();
        final short[] setpoint = ring.shorts(SETPOINT);
        final short[] delivered = ring.shorts(DELIVERED);
        final short[] millivolts = ring.shorts(MILLIVOLTS);
        for (int c = 0; c < channels; c++) {
            setpoint[s * channels + c] = (short) sp[c];
            delivered[s * channels + c] = (short) dl[c];
            millivolts[s * channels + c] = (short) mv[c];
        }
        if ((ticks & 7) == 0) {
            notifyAll();
        }
    }

    synchronized void addFault(FaultEvent event) {
        faults.add(event);
        notifyAll();
    }
}
