package org.closedloop.sim.cyton;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.closedloop.protocol.cyton.CytonPacketLayout;
import org.closedloop.sim.truth.ParallelArrayRing;
import org.closedloop.sim.truth.ParallelArrayRing.Column;

/**
 * What the simulated board really generated and what became of each sample, to score a controller against.
 *
 * <p>A <em>stream</em> is what one {@code b} starts (also restarted by a settings command while streaming, as on
 * the real board); streams are numbered 1, 2, ... over the board's life, across unplugs. Within a stream, sample
 * {@code index} counts from 0 and the packet's sample number is {@code index & 0xFF}. For every sample the board
 * keeps the 8 counts it encoded, the synthetic microvolts before quantisation (the electrode signal, also for a
 * channel whose counts are 0 because it is powered down or shorted), the alpha ground truth and its
 * {@link Delivery}. Totals per delivery kind count every sample since start; the list of samples keeps the newest
 * {@link #capacity()} and drops the oldest beyond.
 *
 * <p>A sample is recorded just before its bytes are written, so it is always visible here by the time the
 * controller can read it. {@code DELIVERED} means handed to the pty intact; an {@link FaultInjector#unplug unplug}
 * then takes back whatever the controller had not read yet (those samples become {@code UNPLUGGED}), so after an
 * unplug "delivered" means "read by the controller". While unplugged the board does not sample at all: nothing is
 * recorded for that time.
 *
 * <p><b>Thread safety:</b> thread safe: written by the board's pacing thread, read by any thread through
 * synchronized methods that return copies (not meant for a hot path).
 */
public final class GroundTruth {
    private static final int CH = CytonPacketLayout.CHANNELS;
    private static final int FIRST_ALLOCATION = 1024;
    private static final Delivery[] DELIVERIES = Delivery.values();

    /** What became of a generated sample. */
    public enum Delivery {
        /** Sent intact. */
        DELIVERED,
        /** Generated but not sent ({@link FaultInjector#dropPackets}). */
        DROPPED,
        /** Sent with header, stop byte and body bytes destroyed ({@link FaultInjector#corruptPackets}). */
        CORRUPTED,
        /** Sent with a stop byte outside 0xC0-0xC6 ({@link FaultInjector#badStopBytes}). */
        BAD_STOP_BYTE,
        /** Generated during a stall and not sent ({@link FaultInjector#stall}). */
        STALLED,
        /** Sent, but still unread in the pty when the device was unplugged ({@link FaultInjector#unplug}). */
        UNPLUGGED;

        /** True for every kind but {@link #DELIVERED}: the controller cannot have this sample. */
        public boolean isLost() {
            return this != DELIVERED;
        }
    }

    /**
     * One generated sample. Its arrays take part in {@code equals} by identity, as in any record: compare them with
     * {@link java.util.Arrays#equals(int[], int[])}.
     *
     * @param stream                  stream number, 1-based, see the class comment
     * @param index                   0-based index within the stream
     * @param sampleNumber            the packet's sample counter, {@code index & 0xFF}
     * @param counts                  the 8 counts encoded (before any corruption); a copy owned by this record
     * @param microvolts              the 8 synthetic values before quantisation; a copy owned by this record
     * @param alphaEnvelopeMicrovolts alpha envelope at weight 1 (posterior channels), 0 outside bursts
     * @param alphaPhaseRadians       alpha phase in (-pi, pi]: the alpha part is envelope * weight * cos(phase)
     * @param generatedNanos          {@link System#nanoTime()} when the board generated it and wrote it (if sent)
     * @param delivery                what became of it
     */
    public record Sample(int stream, long index, int sampleNumber, int[] counts, double[] microvolts,
                         double alphaEnvelopeMicrovolts, double alphaPhaseRadians, long generatedNanos,
                         Delivery delivery) {
    }

    // columns of the ring: one record per sample
    private static final int STREAM = 0;
    private static final int INDEX = 1;
    private static final int DELIVERY = 2;
    private static final int COUNTS = 3;
    private static final int MICROVOLTS = 4;
    private static final int ENVELOPE = 5;
    private static final int PHASE = 6;
    private static final int NANOS = 7;
    private static final int END_OFFSET = 8;

    private final ParallelArrayRing ring;
    private final long[] totals = new long[DELIVERIES.length];
    private long generated;
    private int stream;

    GroundTruth(int capacity) {
        this.ring = new ParallelArrayRing(capacity, FIRST_ALLOCATION, Column.ints(1), Column.longs(1),
                Column.bytes(1), Column.ints(CH), Column.doubles(CH), Column.doubles(1), Column.doubles(1),
                Column.longs(1), Column.longs(1));
    }

    /** Most samples kept; older ones are dropped from {@link #samples()} but stay in the totals. */
    public int capacity() {
        return ring.capacity();
    }

    /** Every kept sample, oldest first. */
    public synchronized List<Sample> samples() {
        List<Sample> out = new ArrayList<>(ring.size());
        for (int i = 0; i < ring.size(); i++) {
            out.add(sampleAt(ring.slot(i)));
        }
        return out;
    }

    /** The kept samples whose delivery is {@link Delivery#DELIVERED}, in the order sent. */
    public synchronized List<Sample> delivered() {
        final byte[] deliveryOf = ring.bytes(DELIVERY);
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < ring.size(); i++) {
            int s = ring.slot(i);
            if (deliveryOf[s] == Delivery.DELIVERED.ordinal()) {
                out.add(sampleAt(s));
            }
        }
        return out;
    }

    /** Samples generated since the board started (kept or not). */
    public synchronized long generated() {
        return generated;
    }

    /** Samples with this delivery since the board started (kept or not). */
    public synchronized long count(Delivery delivery) {
        return totals[delivery.ordinal()];
    }

    /** Samples generated but not delivered intact, all fault kinds together, since the board started. */
    public synchronized long samplesLostByFaults() {
        return generated - totals[Delivery.DELIVERED.ordinal()];
    }

    /** Samples dropped from the kept list because it was full. */
    public synchronized long evicted() {
        return ring.evicted();
    }

    /** Number of the current (latest) stream; 0 before the first {@code b}. */
    public synchronized int currentStream() {
        return stream;
    }

    /**
     * Waits until at least {@code total} samples have been generated since the board started.
     *
     * @return true if reached, false on timeout
     */
    public synchronized boolean awaitGenerated(long total, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (generated < total) {
            long leftNs = deadline - System.nanoTime();
            if (leftNs <= 0) {
                return false;
            }
            wait(Math.max(1, leftNs / 1_000_000L));
        }
        return true;
    }

    // ---- writer side: the board's pacing thread ----

    /** Starts a new stream and returns its number. */
    synchronized int startStream() {
        return ++stream;
    }

    /**
     * Records one sample.
     *
     * @param streamEndOffset total bytes written to the board's ptys once this sample's packet (if sent) is written
     */
    synchronized void append(int streamNumber, long index, int[] sampleCounts, double[] sampleMicrovolts,
                             double alphaEnvelope, double alphaPhase, long generatedNanos, Delivery delivery,
                             long streamEndOffset) {
        int s = ring.append();
        ring.ints(STREAM)[s] = streamNumber;
        ring.longs(INDEX)[s] = index;
        ring.bytes(DELIVERY)[s] = (byte) delivery.ordinal();
        System.arraycopy(sampleCounts, 0, ring.ints(COUNTS), s * CH, CH);
        System.arraycopy(sampleMicrovolts, 0, ring.doubles(MICROVOLTS), s * CH, CH);
        ring.doubles(ENVELOPE)[s] = alphaEnvelope;
        ring.doubles(PHASE)[s] = alphaPhase;
        ring.longs(NANOS)[s] = generatedNanos;
        ring.longs(END_OFFSET)[s] = streamEndOffset;
        generated++;
        totals[delivery.ordinal()]++;
    }

    /** Wakes {@link #awaitGenerated} callers; called once per batch of appends. */
    synchronized void publish() {
        notifyAll();
    }

    /**
     * Marks as {@link Delivery#UNPLUGGED} every delivered sample whose packet does not lie wholly within the first
     * {@code deliveredBytes} bytes ever written (the rest was taken back unread).
     *
     * @return how many samples were re-marked
     */
    synchronized int markUnplugged(long deliveredBytes) {
        final long[] endOffset = ring.longs(END_OFFSET);
        final byte[] deliveryOf = ring.bytes(DELIVERY);
        int marked = 0;
        for (int i = ring.size() - 1; i >= 0; i--) {
            int s = ring.slot(i);
            if (endOffset[s] <= deliveredBytes) {
                break;
            }
            if (deliveryOf[s] == Delivery.DELIVERED.ordinal()) {
                deliveryOf[s] = (byte) Delivery.UNPLUGGED.ordinal();
                totals[Delivery.DELIVERED.ordinal()]--;
                totals[Delivery.UNPLUGGED.ordinal()]++;
                marked++;
            }
        }
        return marked;
    }

    private Sample sampleAt(int s) {
        int[] c = new int[CH];
        double[] uv = new double[CH];
        System.arraycopy(ring.ints(COUNTS), s * CH, c, 0, CH);
        System.arraycopy(ring.doubles(MICROVOLTS), s * CH, uv, 0, CH);
        long index = ring.longs(INDEX)[s];
        return new Sample(ring.ints(STREAM)[s], index, (int) (index & 0xFF), c, uv, ring.doubles(ENVELOPE)[s],
                ring.doubles(PHASE)[s], ring.longs(NANOS)[s], DELIVERIES[ring.bytes(DELIVERY)[s]]);
    }
}
