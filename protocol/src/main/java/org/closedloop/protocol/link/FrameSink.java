package org.closedloop.protocol.link;

/**
 * Receives each valid frame from a {@link FrameDecoder}.
 *
 * <p><b>Thread safety:</b> called on the thread that feeds the decoder; the frame is valid only during the call.
 */
@FunctionalInterface
public interface FrameSink {
    /** A frame passed every check (delimiter, COBS, length, version, reserved bits, CRC). */
    void onFrame(Frame frame);
}
