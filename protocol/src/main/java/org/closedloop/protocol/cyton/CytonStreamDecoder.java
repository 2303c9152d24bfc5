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
 * candidate is accepted at once only if it is <em>strong</em>:
 * <ul>
 *   <li>aligned: it starts exactly where the previously accepted packet ended (the normal, in-sync case, including
 *       after a dropped packet), or</li>
 *   <li>continuous: its sample number is the previous one plus one.</li>
 * </ul>
 * After garbage neither may hold, and a false candidate made of garbage bytes could hide a real packet that starts
 * up to 32 bytes later. The decoder then looks ahead up to {@value #LOOKAHEAD} bytes: a candidate that is
 * <em>confirmed</em> (a valid packet with the next sample number follows it) is accepted; otherwise, if a strong or
 * confirmed rival candidate starts inside it, the rival wins and the bytes before it are discarded as garbage;
 * otherwise the candidate is accepted. So garbage costs at most the packets it overlaps, and a lone packet in
 * noise is still recovered. The look-ahead delays output only while resynchronising.
 *
 * <p>Allocation-free after construction.
 *
 * <p><b>Thread safety:</b> not thread safe; one thread feeds it (the serial reader).
 */
public final class CytonStreamDecoder {
    /** Bytes needed to judge a weak candidate: itself, a follower, a rival up to 32 bytes in and the rival's follower. */
    public static final int LOOKAHEAD = 3 * PACKET_LENGTH - 1;
    private static final int CAPACITY = 4096;

    private final byte[] buf = new byte[CAPACITY];
    private final CytonPacket packet = new CytonPacket();
    private final CytonPacketSink sink;
    private int start;
    private int end;
    private boolean aligned;
    private boolean hasLast;
    private int lastSample;

    private long packetsAccepted;
    private long bytesDiscarded;
    private long rivalsPreferred;

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
            process(false);
        }
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
        aligned = false;
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

    private void process(boolean flushing) {
        while (end - start >= PACKET_LENGTH) {
            final int p = start;
            if (!isCandidate(p)) {
                discard(nextHeader(p + 1) - p);
                continue;
            }
            if (aligned || isContinuous(p)) {
                accept(p);
                continue;
            }
            if (end - p < LOOKAHEAD && !flushing) {
                return; // wait for enough bytes to judge this candidate against its rivals
            }
            if (isConfirmed(p)) {
                accept(p);
                continue;
            }
            int rival = strongRivalInside(p);
            if (rival < 0) {
                accept(p);
            } else {
                rivalsPreferred++;
                discard(rival - p);
            }
        }
        if (start == end) {
            start = 0;
            end = 0;
        }
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

    /** First candidate starting inside the one at p that is continuous or confirmed, or -1. */
    private int strongRivalInside(int p) {
        int last = Math.min(p + PACKET_LENGTH - 1, end - PACKET_LENGTH);
        for (int q = p + 1; q <= last; q++) {
            if ((buf[q] & 0xFF) == HEADER && isCandidate(q) && (isContinuous(q) || isConfirmed(q))) {
                return q;
            }
        }
        return -1;
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
        start = p + PACKET_LENGTH;
        aligned = true;
        hasLast = true;
        lastSample = packet.sampleNumber();
        packetsAccepted++;
        sink.onPacket(packet);
    }

    private void discard(int n) {
        start += n;
        bytesDiscarded += n;
        aligned = false;
    }

    private void compact() {
        int n = end - start;
        System.arraycopy(buf, start, buf, 0, n);
        start = 0;
        end = n;
    }
}
