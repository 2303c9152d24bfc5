package org.closedloop.sim.cyton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import org.closedloop.sim.cyton.GroundTruth.Delivery;
import org.closedloop.sim.eeg.SyntheticEeg;
import org.closedloop.sim.pty.PseudoTerminal;
import org.tinylog.Logger;

/**
 * The board's firmware main loop, run by its pacing thread: between packets it takes commands and faults from its
 * inbox (in arrival order), replies, and while streaming sends every packet that is due, sample n of a stream at
 * {@code start + (n + 1) * period} ({@code LockSupport.parkNanos} to that deadline: no drift, no busy-spin). If it
 * falls behind (the controller not reading, so the pty is full and writes wait) it sends the overdue packets in
 * batches of at most {@value #MAX_BATCH} once it can: the kernel's pty buffer is the only queue, memory stays flat.
 *
 * <p>Command semantics follow Cyton firmware v3 ({@code OpenBCI_32bit_Library}):
 * <ul>
 *   <li>{@code v}: stops streaming, channel settings to defaults, replies the banner (sample rate kept);</li>
 *   <li>{@code b}: starts a new stream, sample counter from 0 (also when already streaming); {@code s} stops;</li>
 *   <li>{@code d}, {@code x...X}, {@code ~N}, {@code z...Z}, channel on/off: applied at once. While streaming they
 *       are applied silently (no reply, so no text enters the binary stream) and the stream restarts, counter back
 *       to 0, exactly as the firmware's {@code streamSafe...} functions stop and restart the ADS1299;</li>
 *   <li>{@code ~~}, {@code V} and the multi-character timeout message reply even while streaming, as on the real
 *       board (the text lands between packets);</li>
 *   <li>failures ({@code Failure: ...$$$}) reply only when not streaming, as on the real board.</li>
 * </ul>
 * The real board drops to 250 Hz on {@code b} when it streams over the RF dongle; this simulator streams at the
 * selected rate (a pty has no radio limit).
 *
 * <p><b>Thread safety:</b> {@link #submitCommand}, {@link #submitFault}, {@link #requestClose} and the volatile
 * getters are thread safe; everything else is confined to the pacing thread.
 */
final class BoardLoop implements Runnable {
    static final int MAX_BATCH = 64;
    /** Quiet spell that ends taking back unread bytes at an unplug. */
    static final int UNPLUG_QUIET_MS = 20;

    private record TaggedCommand(long generation, CytonCommand command) {
    }

    private final CytonSimConfig config;
    private final DeviceNode node;
    private final GroundTruth truth;
    private final ConcurrentLinkedQueue<Object> inbox = new ConcurrentLinkedQueue<>();
    private volatile Thread thread;
    private volatile boolean closing;
    private volatile boolean streaming;
    private volatile int sampleRateHz;

    private final BoardSettings settings;
    private final FaultPlan plan = new FaultPlan();
    private final PacketBatch batch = new PacketBatch(MAX_BATCH);
    private final SplittableRandom faultRandom;
    private final double[] microvolts = new double[BoardSettings.CHANNELS];
    private final int[] counts = new int[BoardSettings.CHANNELS];
    private SyntheticEeg eeg;
    private PseudoTerminal pty;
    private long generation;
    private long bytesWritten;
    private int stream;
    private long streamStartNs;
    private long periodNs;
    private long nextIndex;

    BoardLoop(CytonSimConfig config, DeviceNode node, GroundTruth truth, DeviceNode.Attachment first) {
        this.config = config;
        this.node = node;
        this.truth = truth;
        this.faultRandom = new SplittableRandom(config.seed() ^ 0x5DEECE66DL);
        this.settings = new BoardSettings(BoardSettings.codeForRate(config.sampleRateHz()));
        this.sampleRateHz = settings.sampleRateHz();
        this.eeg = newEeg(sampleRateHz);
        this.pty = first.pty();
        this.generation = first.generation();
    }

    /** Must be called with the pacing thread before it starts. */
    void bindThread(Thread pacingThread) {
        this.thread = pacingThread;
    }

    void submitCommand(long fromGeneration, CytonCommand command) {
        inbox.offer(new TaggedCommand(fromGeneration, command));
        LockSupport.unpark(thread);
    }

    void submitFault(Fault fault) {
        inbox.offer(fault);
        LockSupport.unpark(thread);
    }

    /** Asks the loop to end; the caller then closes the device node, which wakes a blocked write. */
    void requestClose() {
        closing = true;
        LockSupport.unpark(thread);
    }

    boolean isStreaming() {
        return streaming;
    }

    int sampleRateHz() {
        return sampleRateHz;
    }

    @Override
    public void run() {
        try {
            while (!closing) {
                drainInbox();
                if (closing) {
                    break;
                }
                if (!streaming) {
                    LockSupport.park(this); // woken by submit*() or requestClose()
                    continue;
                }
                long now = System.nanoTime();
                long waitNs = dueNs(nextIndex) - now;
                if (waitNs > 0) {
                    LockSupport.parkNanos(this, waitNs); // an early wake-up just goes round again
                    continue;
                }
                produceDueSamples(now);
            }
        } catch (RuntimeException | Error e) {
            if (!closing) {
                Logger.error(e, "simulated Cyton board stopped by an unexpected error");
            }
        }
    }

    private long dueNs(long index) {
        return streamStartNs + (index + 1) * periodNs;
    }

    private void drainInbox() {
        Object item;
        while (!closing && (item = inbox.poll()) != null) {
            if (item instanceof TaggedCommand c) {
                if (c.generation() == generation) { // bytes sent to a pty that has since gone are void
                    handle(c.command());
                }
            } else if (item instanceof Fault.Garbage g) {
                byte[] garbage = new byte[g.bytes()];
                faultRandom.nextBytes(garbage);
                Logger.info("fault: {} garbage bytes between packets", g.bytes());
                send(garbage, garbage.length);
            } else if (item instanceof Fault.Unplug u) {
                unplug(u.duration());
            } else {
                Logger.info("fault: {}", item);
                plan.add((Fault) item, System.nanoTime());
            }
        }
    }

    private void produceDueSamples(long now) {
        batch.clear();
        while (!batch.isFull()) {
            long due = dueNs(nextIndex);
            if (due - now > 0) {
                break;
            }
            eeg.next(microvolts, due); // the stimulation field is on the same System.nanoTime() clock
            settings.toCounts(microvolts, config.channels(), counts);
            Delivery delivery = plan.deliveryFor(due);
            batch.add((int) (nextIndex & 0xFF), counts, delivery, faultRandom);
            truth.append(stream, nextIndex, counts, microvolts, eeg.alphaEnvelopeMicrovolts(),
                    eeg.alphaPhaseRadians(), now, delivery, bytesWritten + batch.length());
            nextIndex++;
        }
        truth.publish();
        send(batch.bytes(), batch.length());
    }

    private void handle(CytonCommand command) {
        if (command instanceof CytonCommand.Plain plain) {
            handlePlain(plain);
        } else if (command instanceof CytonCommand.SetChannel c) {
            replyUnlessStreaming(CytonReplies.channelSet(c.channel()));
            settings.setChannel(c.channel(), c.settings());
            restartIfStreaming();
        } else if (command instanceof CytonCommand.SetChannelPower p) {
            settings.setPower(p.channel(), p.on());
            restartIfStreaming();
        } else if (command instanceof CytonCommand.SetSampleRate r) {
            settings.setSampleRateCode(r.code());
            if (settings.sampleRateHz() != eeg.sampleRateHz()) {
                eeg = newEeg(settings.sampleRateHz());
            }
            sampleRateHz = settings.sampleRateHz();
            replyUnlessStreaming(CytonReplies.sampleRate(sampleRateHz));
            restartIfStreaming();
        } else if (command instanceof CytonCommand.SetLeadOff l) {
            replyUnlessStreaming(CytonReplies.leadOffSet(l.channel()));
            restartIfStreaming();
        } else if (command instanceof CytonCommand.Failure f) {
            replyUnlessStreaming(CytonReplies.failure(f.reason()));
        }
    }

    private void handlePlain(CytonCommand.Plain plain) {
        switch (plain) {
            case SOFT_RESET -> {
                streaming = false;
                settings.resetChannels();
                reply(CytonReplies.BANNER);
            }
            case CHANNEL_DEFAULTS -> {
                replyUnlessStreaming(CytonReplies.CHANNEL_DEFAULTS);
                settings.resetChannels();
                restartIfStreaming();
            }
            case START_STREAMING -> startStream();
            case STOP_STREAMING -> streaming = false;
            case QUERY_SAMPLE_RATE -> reply(CytonReplies.sampleRate(settings.sampleRateHz()));
            case QUERY_VERSION -> reply(CytonReplies.VERSION);
            case TIMEOUT -> reply(CytonReplies.TIMEOUT);
            default -> throw new IllegalStateException("command=" + plain);
        }
    }

    private void startStream() {
        stream = truth.startStream();
        nextIndex = 0;
        periodNs = 1_000_000_000L / settings.sampleRateHz(); // exact for every Cyton rate
        streamStartNs = System.nanoTime();
        streaming = true;
    }

    private void restartIfStreaming() {
        if (streaming) {
            startStream();
        }
    }

    private void replyUnlessStreaming(String text) {
        if (!streaming) {
            reply(text);
        }
    }

    private void reply(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        send(bytes, bytes.length);
    }

    private void send(byte[] bytes, int length) {
        if (pty == null || length == 0) {
            return; // unplugged: nobody to send to
        }
        try {
            pty.write(bytes, 0, length);
            bytesWritten += length;
        } catch (UncheckedIOException e) {
            if (!closing) {
                Logger.error(e, "write to {} failed; the simulated board goes offline", pty.slavePath());
                streaming = false;
                pty = null;
            }
        }
    }

    /**
     * Takes back unread bytes (their samples become UNPLUGGED), removes the symlink, closes the pty, waits, then
     * comes back on a new pty as a freshly powered board.
     */
    private void unplug(Duration duration) {
        Logger.info("fault: unplug {} for {} ms", node.devicePath(), duration.toMillis());
        streaming = false; // before the hang-up, so a controller that sees it also sees the board stopped
        if (pty != null) {
            long unread = pty.discardUnreadOutput(UNPLUG_QUIET_MS);
            int lost = truth.markUnplugged(bytesWritten - unread);
            Logger.info("unplug: {} bytes unread by the controller, {} samples lost", unread, lost);
        }
        node.unplug();
        pty = null;
        generation = -1;
        long until = System.nanoTime() + duration.toNanos();
        while (!closing) {
            long left = until - System.nanoTime();
            if (left <= 0) {
                break;
            }
            LockSupport.parkNanos(this, left);
        }
        if (closing) {
            return;
        }
        DeviceNode.Attachment next;
        try {
            next = node.plugIn();
        } catch (IOException e) {
            Logger.error(e, "replug failed: the simulated board stays unplugged");
            return;
        }
        if (next == null) {
            return;
        }
        pty = next.pty();
        generation = next.generation();
        powerOn();
        Logger.info("replug: board back at {} -> {}", node.devicePath(), pty.slavePath());
    }

    /** State of a freshly powered board: not streaming, default channels, the configured sample rate. */
    private void powerOn() {
        streaming = false;
        settings.resetChannels();
        settings.setSampleRateCode(BoardSettings.codeForRate(config.sampleRateHz()));
        if (settings.sampleRateHz() != eeg.sampleRateHz()) {
            eeg = newEeg(settings.sampleRateHz());
        }
        sampleRateHz = settings.sampleRateHz();
    }

    private SyntheticEeg newEeg(int rateHz) {
        return SyntheticEeg.builder().seed(config.seed()).sampleRateHz(rateHz).channels(config.channels())
                .alphaHz(config.alphaHz()).lineNoiseHz(config.lineNoiseHz())
                .stimulationField(config.stimulationField()).stimulationResponse(config.stimulationResponse()).build();
    }
}
