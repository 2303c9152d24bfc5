package org.closedloop.sim.stim;

import java.io.UncheckedIOException;
import java.util.Arrays;
import org.closedloop.protocol.link.Cobs;
import org.closedloop.protocol.link.FrameDecoder;
import org.closedloop.protocol.link.FrameLayout;
import org.closedloop.protocol.link.MessageType;
import org.closedloop.sim.pty.PseudoTerminal;
import org.tinylog.Logger;

/**
 * The device's receiver, run by the reader thread: blocks on the pty, stamps each read with
 * {@link System#nanoTime()} (the UART interrupt's time stamp on a real device), splits the bytes into frames at the
 * 0x00 delimiters, applies injected incoming faults (a frame lost on the wire, a frame with one byte destroyed), and
 * feeds the device's {@link FrameDecoder}; each valid frame goes to the firmware as a
 * {@link DeviceEvent.FrameArrived}. Frames the decoder drops are counted there (the STATUS field "frames received
 * with a bad CRC or encoding").
 *
 * <p>Clears the pty's exclusive mode after every wake-up, so a controller that closed (or was killed) can reopen
 * the port (see {@link PseudoTerminal#clearExclusiveMode()}).
 *
 * <p><b>Thread safety:</b> {@link #corruptNext}, {@link #dropNext} and {@link #badFrames()} are thread safe; the rest
 * is confined to the reader thread.
 */
final class LinkReader implements Runnable {
    private static final int POLL_MS = 100;

    private final PseudoTerminal pty;
    private final DacLoop loop;
    private final FrameDecoder decoder;
    private final FrameFaults faults = new FrameFaults();
    private final byte[] frame = new byte[FrameLayout.MAX_ENCODED_LENGTH + 1];
    private final byte[] peek = new byte[FrameLayout.MAX_FRAME_LENGTH];
    private int frameLength;
    private boolean overflow;
    private long arrivalNanos;
    private volatile long injectedDrops;

    LinkReader(PseudoTerminal pty, DacLoop loop) {
        this.pty = pty;
        this.loop = loop;
        this.decoder = new FrameDecoder(f -> loop.submit(new DeviceEvent.FrameArrived(
                Arrays.copyOf(f.buffer(), f.length()), f.length(), arrivalNanos)));
    }

    /** The next {@code n} incoming frames (of {@code type}, or any if null) arrive with one byte destroyed. */
    void corruptNext(int n, MessageType type) {
        faults.corrupt(n, type);
    }

    /** The next {@code n} incoming frames (of {@code type}, or any if null) are lost on the wire. */
    void dropNext(int n, MessageType type) {
        faults.drop(n, type);
    }

    /** Frames received but dropped by the decoder (bad CRC, encoding, length, header, oversize). */
    long badFrames() {
        return decoder.framesDropped();
    }

    /** Frames lost on purpose by fault injection (the device cannot know about these). */
    long injectedDrops() {
        return injectedDrops;
    }

    @Override
    public void run() {
        byte[] buf = new byte[1024];
        while (true) {
            int n;
            try {
                n = pty.read(buf, 0, buf.length, POLL_MS);
                pty.clearExclusiveMode();
            } catch (UncheckedIOException e) {
                Logger.error(e, "reading from {} failed; the simulated stimulator stops receiving", pty.slavePath());
                return;
            }
            if (n < 0) {
                return; // closed
            }
            arrivalNanos = System.nanoTime();
            for (int i = 0; i < n; i++) {
                byte b = buf[i];
                if (b == FrameLayout.DELIMITER) {
                    endOfFrame();
                } else if (frameLength < frame.length - 1) {
                    frame[frameLength++] = b;
                } else {
                    overflow = true;
                }
            }
        }
    }

    private void endOfFrame() {
        int len = frameLength;
        frameLength = 0;
        if (overflow) {
            // longer than any frame: let the decoder see one byte too many, so it counts an oversize frame
            overflow = false;
            frame[len] = 1;
            decoder.feed(frame, 0, len + 1);
            frame[0] = FrameLayout.DELIMITER;
            decoder.feed(frame, 0, 1);
            return;
        }
        if (len > 0) {
            MessageType type = typeOf(len);
            FrameFaults.Action action = faults.next(type);
            if (action == FrameFaults.Action.DROP) {
                injectedDrops++;
                Logger.info("fault injection: incoming {} lost", type);
                return;
            }
            if (action == FrameFaults.Action.CORRUPT) {
                Logger.info("fault injection: incoming {} corrupted", type);
                FrameFaults.destroyOneByte(frame, len);
            }
        }
        frame[len] = FrameLayout.DELIMITER;
        decoder.feed(frame, 0, len + 1);
    }

    private MessageType typeOf(int len) {
        int n = Cobs.decode(frame, 0, len, peek, 0);
        return n > FrameLayout.TYPE_OFFSET ? MessageType.fromCode(peek[FrameLayout.TYPE_OFFSET] & 0xFF) : null;
    }
}
