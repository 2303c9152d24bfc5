package org.closedloop.protocol.cyton;

import static org.closedloop.protocol.cyton.CytonPacketLayout.HEADER;
import static org.closedloop.protocol.cyton.CytonPacketLayout.PACKET_LENGTH;
import static org.closedloop.protocol.cyton.CytonPacketLayout.SAMPLE_NUMBER_OFFSET;
import static org.closedloop.protocol.cyton.CytonPacketLayout.STOP_OFFSET;

/**
 * Streaming decoder for the Cyton byte stream: takes arbitrary chunks (a packet may be split across reads), emits
 * every packet whose header and stop byte are valid, and resynchronises after garbage without throwing.
 *
 * <p>A <em>candidate</em> is a 0xA0 byte with a valid stop byte 32 bytes later. The link has no checksum, so a
 * candidate is accepted at once only if it is <em>continuous</em>: its sample number is the previous one plus one
 * (the normal, in-sync case). Position alone proves nothing: garbage inserted right after a packet, or a packet cut
 * short, can put a 0xA0 exactly where the next packet should start, with a stop-like byte of the real packet 32 bytes
 * later. Otherwise a false candidate could hide a real packet that starts up to 32 bytes later, so the decoder looks
 * ahead up to {@value #LOOKAHEAD} bytes: a candidate that is
 * <em>confirmed</em> (a valid packet with the next sample number follows it) is accepted; otherwise, if a continuous
 * or confirmed rival candidate starts inside it, the rival wins and the bytes before it are discarded as garbage;
 * otherwise the candidate with the smallest forward gap in the sample counter wins (a real packet after k lost ones
 * has gap k, a false one a gap spread evenly over 0..255). So garbage costs at most the packets it overlaps, and a
 * lone packet in noise is still recovered. The look-ahead delays output by up to two packet periods, and only after a counter gap
 * or garbage.
 *
 * <p>In sync, a continuous packet is emitted as soon as its last byte arrives. A packet cut short on the link whose
 * header and counter survive can still look continuous if its 33rd byte lands on a stop-like byte of the packet
 * after it; that packet is emitted (its values are partly wrong, and nothing can tell at that moment). So that it
 * does not also cost the next packet, the decoder keeps the last accepted packet's bytes and, when what follows it
 * is not a continuous packet, first looks inside it for an overlapped packet whose sample number is at most
 * {@value #MAX_OVERLAP_GAP} ahead of the next one.
 *
 * <p>Allocation-free after construction.
 *
 * <p><b>Thread safety:</b> not thread safe; one thread feeds it (the serial reader).
 */
public final class CytonStreamDecoder {
    /** Bytes needed to judge a weak candidate: itself, a follower, a rival up to 32 bytes in and the rival's follower. */
    public static final int LOOKAHEAD = 3 * PACKET_LENGTH - 1;
    /** Largest counter gap for a packet found inside the previous one to be taken as its real successor. */
    public static final int MAX_OVERLAP_GAP = 3;
    private static final int CAPACITY = 4096;

    private final byte[] buf = new byte[CAPACITY];
    private final CytonPacket packet = new CytonPacket();
    private final CytonPacketSink sink;
    private int start;
    private int end;
    /** Bytes of the current feed call not yet copied into buf. */
    private int notYetCopied;
    /** Index in buf of the last accepted packet while no byte after it was discarded, else -1. */
    private int prevStart = -1;
    private boolean hasLast;
    private int lastSample;

    private long packetsAccepted;
    private long bytesDiscarded;
    private long rivalsPreferred;
    private long truncatedPredecessors;

    public CytonStreamDecoder(CytonPacketSink sink) {
        if (sink == null) {
            throw new IllegalArgumentException("sink=null: the decoder needs somewhere to put packets");
        }
        this.sink = sink;
    }

    /** Feeds {@code len} bytes of {@code src} from {@code offset}; calls the sink for each packet completed. */
    public void feed(byte[] src, int offset, int len) {
        while (len > 0) {
            if (end == buf.length) {
                compact();
            }
            int n = Math.min(len, buf.length - end);
            System.arraycopy(src, offset, buf, end, n);
            end += n;
            offset += n;
            len -= n;
            notYetCopied = len;
            process(false);
        }
        notYetCopied = 0;
    }

    /**
     * While the sink handles a packet: how many bytes were received after it, buffered here or still to come in the
     * current {@link #feed} call. Divided by the packet length, it is how many packets at most were queued behind it
     * (fewer if some of those bytes are garbage). Outside a callback: the bytes buffered and not yet decoded.
     */
    public int bytesBehindCurrentPacket() {
        return end - start + notYetCopied;
    }

    /**
     * Decides every pending candidate with the bytes already fed, as if no more will come (end of a recording or
     * the device going away). An incomplete trailing packet stays buffered.
     */
    public void flush() {
        process(true);
    }

    /**
     * Forgets all buffered bytes and the sequence state, e.g. after the port was reopened. Counters are kept.
     */
    public void reset() {
        start = 0;
        end = 0;
        prevStart = -1;
        hasLast = false;
    }

    /** Packets passed to the sink so far. */
    public long packetsAccepted() {
        return packetsAccepted;
    }

    /** Bytes dropped as garbage (not part of any accepted packet). */
    public long bytesDiscarded() {
        return bytesDiscarded;
    }

    /** Times a weak candidate was dropped in favour of a stronger one starting inside it. */
    public long rivalsPreferred() {
        return rivalsPreferred;
    }

    /** Times an accepted packet turned out to have been cut short by the packet that overlaps it. */
    public long truncatedPredecessors() {
        return truncatedPredecessors;
    }

    private void process(boolean flushing) {
        while (end - start >= PACKET_LENGTH || flushing && overlappedSuccessor() >= 0) {
            final int p = start;
            final boolean candidate = isCandidate(p);
            if (candidate && isContinuous(p)) {
                accept(p);
                continue;
            }
            int overlapped = overlappedSuccessor();
            if (overlapped >= 0) {
                truncatedPredecessors++;
                accept(overlapped);
                continue;
            }
            if (!candidate) {
                discard(nextHeader(p + 1) - p);
                continue;
            }
            if (end - p < LOOKAHEAD && !flushing) {
                return; // wait for enough bytes to judge this candidate against its rivals
            }
            if (isConfirmed(p)) {
                accept(p);
                continue;
            }
            int rival = betterRivalInside(p);
            if (rival < 0) {
                accept(p);
            } else {
                rivalsPreferred++;
                discard(rival - p);
            }
        }
    }

    /**
     * A packet at most MAX_OVERLAP_GAP samples ahead that starts inside the last accepted one: that one was cut short.
     * Its bytes are all buffered because {@code start = prevStart + 33} and at least 33 bytes follow start.
     */
    private int overlappedSuccessor() {
        if (prevStart < 0) {
            return -1;
        }
        for (int q = prevStart + 1; q < start; q++) {
            if ((buf[q] & 0xFF) == HEADER && isCandidate(q) && counterGap(q) <= MAX_OVERLAP_GAP) {
                return q;
            }
        }
        return -1;
    }

    private boolean isCandidate(int p) {
        return p + PACKET_LENGTH <= end
                && (buf[p] & 0xFF) == HEADER
                && CytonPacketLayout.isStopByte(buf[p + STOP_OFFSET]);
    }

    private int sampleAt(int p) {
        return buf[p + SAMPLE_NUMBER_OFFSET] & 0xFF;
    }

    private boolean isContinuous(int p) {
        return hasLast && sampleAt(p) == ((lastSample + 1) & 0xFF);
    }

    /** A valid packet with the next sample number follows the candidate at p. */
    private boolean isConfirmed(int p) {
        int f = p + PACKET_LENGTH;
        return isCandidate(f) && sampleAt(f) == ((sampleAt(p) + 1) & 0xFF);
    }

    /**
     * The candidate starting inside the weak one at p that should win over it, or -1: the first continuous or
     * confirmed one, else the one with the smallest forward counter gap if that is smaller than p's.
     */
    private int betterRivalInside(int p) {
        int best = -1;
        int bestGap = hasLast ? counterGap(p) : Integer.MAX_VALUE;
        int last = Math.min(p + PACKET_LENGTH - 1, end - PACKET_LENGTH);
        for (int q = p + 1; q <= last; q++) {
            if ((buf[q] & 0xFF) == HEADER && isCandidate(q)) {
                if (isContinuous(q) || isConfirmed(q)) {
                    return q;
                }
                if (hasLast && counterGap(q) < bestGap) {
                    best = q;
                    bestGap = counterGap(q);
                }
            }
        }
        return best;
    }

    /** Samples missing between the last accepted packet and the candidate at p, 0..255. */
    private int counterGap(int p) {
        return (sampleAt(p) - lastSample - 1) & 0xFF;
    }

    private int nextHeader(int from) {
        for (int i = from; i < end; i++) {
            if ((buf[i] & 0xFF) == HEADER) {
                return i;
            }
        }
        return end;
    }

    private void accept(int p) {
        packet.readFrom(buf, p);
        prevStart = p;
        start = p + PACKET_LENGTH;
        hasLast = true;
        lastSample = packet.sampleNumber();
        packetsAccepted++;
        sink.onPacket(packet);
    }

    private void discard(int n) {
        start += n;
        bytesDiscarded += n;
        prevStart = -1;
    }

    private void compact() {
        int keepFrom = prevStart >= 0 ? prevStart : start;
        System.arraycopy(buf, keepFrom, buf, 0, end - keepFrom);
        start -= keepFrom;
        end -= keepFrom;
        if (prevStart >= 0) {
            prevStart = 0;
        }
    }
}
