package org.closedloop.protocol.link;

import java.util.zip.CRC32C;

/**
 * Streaming decoder of the stimulator link: takes bytes in arbitrary chunks, splits them at every 0x00 delimiter,
 * and passes each frame that survives every check to its {@link FrameSink}. Anything else is dropped and counted,
 * never thrown: a receiver must survive any byte sequence.
 *
 * <p>Checks, in order (each failure has its own counter):
 * <ol>
 *   <li>more than {@link FrameLayout#MAX_ENCODED_LENGTH} bytes before a delimiter: dropped up to the next
 *       delimiter ({@link #oversizeFrames()});</li>
 *   <li>invalid COBS ({@link #encodingErrors()});</li>
 *   <li>shorter than header + CRC, or a payload length field that disagrees with the frame's length
 *       ({@link #lengthErrors()});</li>
 *   <li>CRC-32C mismatch ({@link #crcErrors()});</li>
 *   <li>another protocol version, unknown flag bits, non-zero reserved bytes ({@link #headerErrors()}).</li>
 * </ol>
 * Two delimiters in a row (an idle line, or the 0x00 a host sends before its first frame) are not a frame and are not
 * counted as errors. The message type is not checked here: that is the receiver's job (it answers an unknown type).
 *
 * <p>Allocation-free after construction.
 *
 * <p><b>Thread safety:</b> not thread safe; one thread feeds it. The counters may be read from other threads (they
 * are plain longs: a reader may see a slightly stale value).
 */
public final class FrameDecoder {
    private final byte[] encoded = new byte[FrameLayout.MAX_ENCODED_LENGTH];
    private final byte[] frameBytes = new byte[FrameLayout.MAX_FRAME_LENGTH];
    private final Frame frame = new Frame(frameBytes);
    private final CRC32C crc = new CRC32C();
    private final FrameSink sink;
    private int encodedLength;
    private boolean overflow;

    private volatile long framesAccepted;
    private volatile long oversizeFrames;
    private volatile long encodingErrors;
    private volatile long lengthErrors;
    private volatile long crcErrors;
    private volatile long headerErrors;

    public FrameDecoder(FrameSink sink) {
        if (sink == null) {
            throw new IllegalArgumentException("sink=null: the decoder needs somewhere to put frames");
        }
        this.sink = sink;
    }

    /** Feeds {@code len} bytes of {@code src} from {@code off}. */
    public void feed(byte[] src, int off, int len) {
        for (int i = off, end = off + len; i < end; i++) {
            byte b = src[i];
            if (b == FrameLayout.DELIMITER) {
                endOfFrame();
            } else if (encodedLength < encoded.length) {
                encoded[encodedLength++] = b;
            } else {
                overflow = true;
            }
        }
    }

    /** Forgets a partial frame (e.g. after the port was reopened). */
    public void reset() {
        encodedLength = 0;
        overflow = false;
    }

    private void endOfFrame() {
        int n = encodedLength;
        boolean tooLong = overflow;
        encodedLength = 0;
        overflow = false;
        if (tooLong) {
            oversizeFrames++;
            return;
        }
        if (n == 0) {
            return;
        }
        int length = Cobs.decode(encoded, 0, n, frameBytes, 0);
        if (length < 0) {
            encodingErrors++;
            return;
        }
        if (length < FrameLayout.HEADER_LENGTH + FrameLayout.CRC_LENGTH
                || LittleEndian.getU16(frameBytes, FrameLayout.PAYLOAD_LENGTH_OFFSET)
                != length - FrameLayout.HEADER_LENGTH - FrameLayout.CRC_LENGTH) {
            lengthErrors++;
            return;
        }
        int crcAt = length - FrameLayout.CRC_LENGTH;
        crc.reset();
        crc.update(frameBytes, 0, crcAt);
        if ((int) crc.getValue() != LittleEndian.getI32(frameBytes, crcAt)) {
            crcErrors++;
            return;
        }
        if (frameBytes[FrameLayout.VERSION_OFFSET] != FrameLayout.VERSION
                || (frameBytes[FrameLayout.FLAGS_OFFSET] & ~FrameLayout.FLAG_REPLY) != 0
                || frameBytes[FrameLayout.RESERVED_A_OFFSET] != 0
                || LittleEndian.getU16(frameBytes, FrameLayout.RESERVED_B_OFFSET) != 0) {
            headerErrors++;
            return;
        }
        framesAccepted++;
        frame.setLength(length);
        sink.onFrame(frame);
    }

    /** Frames passed to the sink. */
    public long framesAccepted() {
        return framesAccepted;
    }

    /** Frames longer than the maximum, dropped. */
    public long oversizeFrames() {
        return oversizeFrames;
    }

    /** Frames whose COBS encoding was invalid. */
    public long encodingErrors() {
        return encodingErrors;
    }

    /** Frames too short or with a length field that disagrees with their size. */
    public long lengthErrors() {
        return lengthErrors;
    }

    /** Frames whose CRC did not match. */
    public long crcErrors() {
        return crcErrors;
    }

    /** Frames with a valid CRC but another version, unknown flags or non-zero reserved bytes. */
    public long headerErrors() {
        return headerErrors;
    }

    /** Every frame dropped, all reasons together. */
    public long framesDropped() {
        return oversizeFrames + encodingErrors + lengthErrors + crcErrors + headerErrors;
    }
}
