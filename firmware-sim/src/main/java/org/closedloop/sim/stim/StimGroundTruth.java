package org.closedloop.sim.stim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.closedloop.protocol.link.DeviceState;
import org.closedloop.protocol.link.FaultCode;

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

    private final int channels;
    private final int capacity;
    private int allocated;
    private int head;
    private int size;
    private long ticks;
    private long[] deviceUs = new long[0];
    private long[] hostNanos = new long[0];
    private byte[] states = new byte[0];
    private short[] setpoint = new short[0];
    private short[] delivered = new short[0];
    private short[] millivolts = new short[0];
    private final List<FaultEvent> faults = new ArrayList<>();

    StimGroundTruth(int channels, int capacity) {
        this.channels = channels;
        this.capacity = capacity;
    }

    /** Channels per tick. */
    public int channels() {
        return channels;
    }

    /** Most ticks kept. */
    public int capacity() {
        return capacity;
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
        int first = -1;
        int count = 0;
        for (int i = 0; i < size; i++) {
            long t = hostNanos[slot(i)];
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
        for (int k = 0; k < count; k++) {
            int s = slot(first + k);
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
        long since = -1;
        for (int i = 0; i < size; i++) {
            int s = slot(i);
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
        int max = 0;
        for (int i = 0; i < size; i++) {
            int s = slot(i);
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
        while (size == 0 || hostNanos[slot(size - 1)] < nanos) {
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
        return size > 0 && hostNanos[slot(size - 1)] >= nanos;
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
        if (size == allocated) {
            if (allocated < capacity) {
                grow();
            } else {
                head = (head + 1) % allocated;
                size--;
            }
        }
        int s = slot(size);
        size++;
        ticks++;
        deviceUs[s] = tickUs;
        hostNanos[s] = tickNanos;
        states[s] = (byte) state.code();
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

    private int slot(int logical) {
        return (head + logical) % allocated;
    }

    private void grow() {
        int next = (int) Math.min(capacity, Math.max(FIRST_ALLOCATION, 2L * allocated));
        long[] d = new long[next];
        long[] h = new long[next];
        byte[] st = new byte[next];
        short[] sp = new short[next * channels];
        short[] dl = new short[next * channels];
        short[] mv = new short[next * channels];
        for (int i = 0; i < size; i++) {
            int s = slot(i);
            d[i] = deviceUs[s];
            h[i] = hostNanos[s];
            st[i] = states[s];
            System.arraycopy(setpoint, s * channels, sp, i * channels, channels);
            System.arraycopy(delivered, s * channels, dl, i * channels, channels);
            System.arraycopy(millivolts, s * channels, mv, i * channels, channels);
        }
        deviceUs = d;
        hostNanos = h;
        states = st;
        setpoint = sp;
        delivered = dl;
        millivolts = mv;
        allocated = next;
        head = 0;
    }
}
