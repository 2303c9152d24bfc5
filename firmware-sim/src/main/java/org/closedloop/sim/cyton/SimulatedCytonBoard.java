package org.closedloop.sim.cyton;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.closedloop.sim.pty.StableLink;
import org.tinylog.Logger;

/**
 * A simulated OpenBCI Cyton on its own pseudo-terminal: the controller opens {@link #devicePath()} like the real
 * board's serial port and gets the real handshake ({@code v d x ~ b s}, replies ending in {@code $$$}) and 33-byte
 * packets paced in real time, carrying {@link org.closedloop.sim.eeg.SyntheticEeg} data. The banner says the data
 * is synthetic. {@link #faults()} injects link faults; {@link #groundTruth()} says what was really sent.
 * The command table (and what changes while streaming) is in the package documentation; unknown single-character
 * commands are ignored silently, as the real firmware does. The board writes nothing until asked (no power-up
 * banner), and keeps its own end of the pty open, so bytes it writes before the controller opens are not lost.
 *
 * <p>Two daemon threads per board: {@code cyton-sim-pacer-N} (the firmware loop: commands, faults, packets; the
 * only writer to the pty) and {@code cyton-sim-reader-N} (reads and parses the controller's bytes).
 *
 * <p><b>Thread safety:</b> thread safe; all methods may be called from any thread, {@link #close()} more than once.
 */
public final class SimulatedCytonBoard implements AutoCloseable {
    private static final AtomicInteger IDS = new AtomicInteger();
    private static final long JOIN_TIMEOUT_MS = 2000;

    private final CytonSimConfig config;
    private final DeviceNode node;
    private final GroundTruth truth;
    private final BoardLoop loop;
    private final FaultInjector faults;
    private final Thread pacer;
    private final Thread reader;
    private final AtomicBoolean closed = new AtomicBoolean();

    private SimulatedCytonBoard(CytonSimConfig config, DeviceNode node, GroundTruth truth, BoardLoop loop) {
        this.config = config;
        this.node = node;
        this.truth = truth;
        this.loop = loop;
        this.faults = new FaultInjector(loop::submitFault);
        int id = IDS.incrementAndGet();
        this.pacer = new Thread(loop, "cyton-sim-pacer-" + id);
        this.reader = new Thread(new CommandReader(node, loop), "cyton-sim-reader-" + id);
        pacer.setDaemon(true);
        reader.setDaemon(true);
        loop.bindThread(pacer);
    }

    /**
     * Creates the pty (raw, and the symlink if configured) and starts the board, powered on and not streaming.
     *
     * @throws IOException if the pty cannot be created or the symlink path is unusable (message says why)
     */
    public static SimulatedCytonBoard start(CytonSimConfig config) throws IOException {
        Objects.requireNonNull(config, "config=null: use CytonSimConfig.defaults()");
        StableLink link = config.linkPath() == null ? null : StableLink.claim(config.linkPath());
        DeviceNode node = new DeviceNode(link);
        try {
            DeviceNode.Attachment first = node.plugIn();
            GroundTruth truth = new GroundTruth(config.groundTruthCapacity());
            SimulatedCytonBoard board = new SimulatedCytonBoard(config, node, truth,
                    new BoardLoop(config, node, truth, first));
            board.pacer.start();
            board.reader.start();
            Logger.info("simulated Cyton board (SYNTHETIC DATA, seed {}) at {} -> {}", config.seed(),
                    board.devicePath(), first.pty().slavePath());
            return board;
        } catch (IOException | RuntimeException e) {
            node.close();
            throw e;
        }
    }

    /** What the controller should open: the stable symlink if configured, else the current /dev/pts path. */
    public Path devicePath() {
        return node.devicePath();
    }

    public FaultInjector faults() {
        return faults;
    }

    public GroundTruth groundTruth() {
        return truth;
    }

    /** The current sample rate, Hz (changed by {@code ~N}). */
    public int sampleRateHz() {
        return loop.sampleRateHz();
    }

    /** True between {@code b} and {@code s}/{@code v}/unplug. */
    public boolean isStreaming() {
        return loop.isStreaming();
    }

    public CytonSimConfig config() {
        return config;
    }

    /** Stops both threads, closes the pty (hanging up the controller) and removes the symlink; idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        Path path = devicePath();
        loop.requestClose();
        node.close();
        join(pacer);
        join(reader);
        Logger.info("simulated Cyton board at {} closed", path);
    }

    private static void join(Thread t) {
        try {
            t.join(JOIN_TIMEOUT_MS);
            if (t.isAlive()) {
                Logger.warn("thread {} did not stop within {} ms", t.getName(), JOIN_TIMEOUT_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
