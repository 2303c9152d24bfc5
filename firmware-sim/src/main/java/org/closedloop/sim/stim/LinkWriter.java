package org.closedloop.sim.stim;

import java.io.UncheckedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.closedloop.protocol.link.MessageType;
import org.closedloop.sim.pty.PseudoTerminal;
import org.tinylog.Logger;

/**
 * The device's transmitter, run by the writer thread: takes encoded frames from a bounded queue and writes them to
 * the pty, applying injected outgoing faults (a frame dropped on the wire, a frame with a byte destroyed). Keeps the
 * DAC thread from ever waiting on a full pty: when the queue is full (nobody reading) frames are dropped and counted,
 * as a UART transmit FIFO would overflow.
 *
 * <p><b>Thread safety:</b> {@link #send} is called by the firmware thread; {@link #corruptNext}, {@link #dropNext}
 * and the counters are thread safe; the writing runs on the writer thread.
 */
final class LinkWriter implements Outbox, Runnable {
    private static final int QUEUE_FRAMES = 256;

    private record Out(MessageType type, byte[] bytes) {
    }

    private final PseudoTerminal pty;
    private final ArrayBlockingQueue<Out> queue = new ArrayBlockingQueue<>(QUEUE_FRAMES);
    private final FrameFaults faults = new FrameFaults();
    private final AtomicLong overflowed = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private volatile boolean closing;

    LinkWriter(PseudoTerminal pty) {
        this.pty = pty;
    }

    @Override
    public void send(MessageType type, byte[] wire, int length) {
        byte[] copy = java.util.Arrays.copyOf(wire, length);
        if (!queue.offer(new Out(type, copy))) {
            overflowed.incrementAndGet();
        }
    }

    /** The next {@code n} frames (of {@code type}, or of any type if null) leave with one byte destroyed. */
    void corruptNext(int n, MessageType type) {
        faults.corrupt(n, type);
    }

    /** The next {@code n} frames (of {@code type}, or any if null) are lost on the wire. */
    void dropNext(int n, MessageType type) {
        faults.drop(n, type);
    }

    long overflowed() {
        return overflowed.get();
    }

    long framesWritten() {
        return written.get();
    }

    void requestClose() {
        closing = true;
    }

    @Override
    public void run() {
        try {
            while (!closing) {
                Out out = queue.poll(50, TimeUnit.MILLISECONDS);
                if (out == null) {
                    continue;
                }
                FrameFaults.Action action = faults.next(out.type());
                if (action == FrameFaults.Action.DROP) {
                    Logger.info("fault injection: outgoing {} lost", out.type());
                    continue;
                }
                if (action == FrameFaults.Action.CORRUPT) {
                    Logger.info("fault injection: outgoing {} corrupted", out.type());
                    FrameFaults.destroyOneByte(out.bytes(), out.bytes().length - 1);
                }
                pty.write(out.bytes(), 0, out.bytes().length);
                written.incrementAndGet();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (UncheckedIOException e) {
            if (!closing) {
                Logger.error(e, "writing to {} failed; the simulated stimulator stops sending", pty.slavePath());
            }
        }
    }
}
