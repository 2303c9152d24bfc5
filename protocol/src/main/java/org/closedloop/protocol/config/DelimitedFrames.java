package org.closedloop.protocol.config;

import com.google.protobuf.CodedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads one length-delimited frame (a base-128 varint byte count, then that many bytes: the format of protobuf's
 * {@code writeDelimitedTo}) with a size cap that is checked on the length prefix, before any of the payload is
 * read. {@code parseDelimitedFrom} has no such cap.
 *
 * <pre>
 *   +---------------------------+------------------------------+
 *   | length: varint, 1-5 bytes | message: exactly length bytes |
 *   +---------------------------+------------------------------+
 * </pre>
 *
 * <p>Thread safety: stateless; thread safe.
 */
public final class DelimitedFrames {

    private DelimitedFrames() {
    }

    /** The frame's declared length is above the cap; the payload was not read. */
    public static final class FrameTooLargeException extends IOException {
        private static final long serialVersionUID = 1L;
        private final long declaredBytes;

        FrameTooLargeException(long declaredBytes, int maxBytes) {
            super("frame length=" + declaredBytes + " bytes is above the limit of " + maxBytes + " bytes");
            this.declaredBytes = declaredBytes;
        }

        /** The length the sender declared. */
        public long declaredBytes() {
            return declaredBytes;
        }
    }

    /**
     * Reads one frame.
     *
     * @return the payload, or {@code null} if the stream ended cleanly before the first byte
     * @throws FrameTooLargeException if the declared length is above {@code maxBytes} (nothing more was read)
     * @throws EOFException           if the stream ends inside the frame
     * @throws IOException            on a malformed length prefix or an I/O error
     */
    public static byte[] read(InputStream in, int maxBytes) throws IOException {
        int first = in.read();
        if (first < 0) {
            return null;
        }
        // readRawVarint32 reads the remaining prefix bytes one at a time, never past the prefix
        long length = Integer.toUnsignedLong(CodedInputStream.readRawVarint32(first, in));
        if (length > maxBytes) {
            throw new FrameTooLargeException(length, maxBytes);
        }
        byte[] payload = in.readNBytes((int) length);
        if (payload.length != length) {
            throw new EOFException("stream ended after " + payload.length + " of " + length + " bytes of a frame");
        }
        return payload;
    }
}
