package org.closedloop.sim.cyton;

import java.io.UncheckedIOException;
import org.closedloop.sim.pty.PseudoTerminal;
import org.tinylog.Logger;

/**
 * The board's serial receiver, run by its command-reader thread: reads the controller's bytes from the current pty,
 * parses them into commands and hands them to the pacing thread. Blocks in {@code poll} (no busy loop), waking at
 * least every {@value #POLL_MS} ms to fire a pending multi-character command's timeout and to clear the terminal's
 * exclusive mode (see {@link PseudoTerminal#clearExclusiveMode()}: without it a jssc controller could not reopen the
 * port). After an unplug it waits for the next pty and starts with a fresh parser.
 *
 * <p><b>Thread safety:</b> confined to the command-reader thread.
 */
final class CommandReader implements Runnable {
    private static final int POLL_MS = 100;

    private final DeviceNode node;
    private final BoardLoop loop;
    private final CytonCommandParser parser;
    private long generation;

    CommandReader(DeviceNode node, BoardLoop loop) {
        this.node = node;
        this.loop = loop;
        this.parser = new CytonCommandParser(command -> this.loop.submitCommand(generation, command));
    }

    @Override
    public void run() {
        byte[] buf = new byte[1024];
        try {
            while (true) {
                DeviceNode.Attachment attachment = node.awaitNewer(generation);
                if (attachment == null) {
                    return; // board closed
                }
                generation = attachment.generation();
                parser.reset();
                readUntilGone(attachment.pty(), buf);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void readUntilGone(PseudoTerminal pty, byte[] buf) {
        while (true) {
            int n;
            try {
                n = pty.read(buf, 0, buf.length, POLL_MS);
                pty.clearExclusiveMode();
            } catch (UncheckedIOException e) {
                Logger.error(e, "reading commands from {} failed; waiting for the next device", pty.slavePath());
                return;
            }
            if (n < 0) {
                return; // unplugged or closed
            }
            long now = System.nanoTime();
            if (n > 0) {
                parser.feed(buf, 0, n, now);
            } else {
                parser.tick(now);
            }
        }
    }
}
