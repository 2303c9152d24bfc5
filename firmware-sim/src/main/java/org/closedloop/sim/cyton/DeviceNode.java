package org.closedloop.sim.cyton;

import java.io.IOException;
import java.nio.file.Path;
import org.closedloop.sim.pty.PseudoTerminal;
import org.closedloop.sim.pty.StableLink;
import org.tinylog.Logger;

/**
 * The board's presence on the host: the current pty (absent while unplugged), its generation number and the
 * optional stable symlink. The pacing thread plugs and unplugs; the reader thread waits here for each new pty.
 *
 * <p><b>Thread safety:</b> thread safe (synchronized; ptys are closed outside the lock).
 */
final class DeviceNode {
    /** A pty and its generation (1 for the first, +1 per replug). */
    record Attachment(PseudoTerminal pty, long generation) {
    }

    private final StableLink link;
    private PseudoTerminal pty;
    private Path lastSlavePath;
    private long generation;
    private boolean closed;

    /** @param link the stable symlink to maintain, or null */
    DeviceNode(StableLink link) {
        this.link = link;
    }

    /**
     * Creates a new pty (raw already) and points the symlink at it.
     *
     * @return the attachment, or null if the node is closed
     */
    synchronized Attachment plugIn() throws IOException {
        if (closed) {
            return null;
        }
        PseudoTerminal next = PseudoTerminal.open();
        try {
            if (link != null) {
                link.pointTo(next.slavePath());
            }
        } catch (IOException | RuntimeException e) {
            next.close();
            throw e;
        }
        pty = next;
        lastSlavePath = next.slavePath();
        generation++;
        notifyAll();
        return new Attachment(next, generation);
    }

    /** Removes the symlink and closes the pty, hanging up the controller; no-op if already unplugged. */
    void unplug() {
        PseudoTerminal old;
        synchronized (this) {
            old = pty;
            pty = null;
            removeLink();
        }
        if (old != null) {
            old.close();
        }
    }

    /** The current pty, or null while unplugged or closed. */
    synchronized PseudoTerminal current() {
        return pty;
    }

    /**
     * Waits for a pty newer than {@code afterGeneration}.
     *
     * @return it, or null once the node is closed
     */
    synchronized Attachment awaitNewer(long afterGeneration) throws InterruptedException {
        while (!closed && (pty == null || generation == afterGeneration)) {
            wait();
        }
        return closed ? null : new Attachment(pty, generation);
    }

    /** The symlink if configured, else the current (or last) /dev/pts path. */
    synchronized Path devicePath() {
        return link != null ? link.path() : lastSlavePath;
    }

    /** Closes for good: no more plug-ins, pty closed, symlink removed, waiters released. */
    void close() {
        PseudoTerminal old;
        synchronized (this) {
            closed = true;
            old = pty;
            pty = null;
            removeLink();
            notifyAll();
        }
        if (old != null) {
            old.close();
        }
    }

    private void removeLink() {
        if (link == null) {
            return;
        }
        try {
            link.remove();
        } catch (IOException e) {
            Logger.warn(e, "could not remove symlink {}", link.path());
        }
    }
}
