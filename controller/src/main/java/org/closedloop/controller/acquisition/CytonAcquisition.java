package org.closedloop.controller.acquisition;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.closedloop.protocol.cyton.CytonPacket;
import org.closedloop.protocol.cyton.CytonPacketLayout;
import org.closedloop.protocol.cyton.CytonPacketSink;
import org.closedloop.protocol.cyton.CytonScaling;
import org.closedloop.protocol.cyton.CytonStreamDecoder;
import org.closedloop.protocol.cyton.SampleLossTracker;
import org.tinylog.Logger;

/**
 * Live acquisition from a Cyton board: opens the link, performs the handshake, streams samples into a
 * {@link OneToOneSampleRing}, and supervises the link — reporting stalls and loss, and reconnecting with back-off
 * when the device disappears.
 *
 * <p>Per sample (on the link's reader thread) it decodes, counts loss, scales to microvolts and offers to the
 * ring: no allocation, no locks, no logging. Everything else happens on the supervisor thread.
 *
 * <p><b>Thread safety:</b> start/close from one controlling thread; the reader thread produces into the ring; one
 * consumer thread of the caller's polls it; stats() may be called from any thread.
 */
public final class CytonAcquisition implements AutoCloseable {
    private static final long SUPERVISE_PERIOD_NS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long[] BACKOFF_MS = {250, 500, 1000, 2000, 5000};
    private static final byte[] DOLLARS = "$$$".getBytes(StandardCharsets.US_ASCII);

    private final AcquisitionConfig config;
    private final Function<String, SerialLink> linkFactory;
    private final AcquisitionListener listener;
    private final OneToOneSampleRing ring;
    private final double[] microvoltsPerCount = new double[CytonPacketLayout.CHANNELS];
    private final double[] scratchUv = new double[CytonPacketLayout.CHANNELS];

    // reader-thread state (single writer); published through the volatile fields below
    private final CytonStreamDecoder decoder;
    private final SampleLossTracker tracker;
    private long arrivalOfCurrentChunkNs;
    private int queuedBehindCurrentChunk;
    private long nextIndex;

    private volatile boolean streaming;
    private volatile long lastByteNs;
    private volatile long samplesReceived;
    private volatile long samplesLost;
    private volatile long gaps;
    private volatile long longGaps;
    private volatile long bytesDiscarded;
    private volatile long reconnectGapSamples;
    private volatile long reconnects;
    private volatile boolean connected;
    private volatile boolean stalled;

    // handshake: replies collected under a lock (start-up only, never while streaming)
    private final ReentrantLock replyLock = new ReentrantLock();
    private final Condition replyArrived = replyLock.newCondition();
    private final ByteArrayOutputStream reply = new ByteArrayOutputStream();

    private volatile SerialLink link;
    private volatile boolean closing;
    private Thread supervisor;
    private String banner = "";

    /**
     * @param config      validated settings
     * @param linkFactory makes a link for a port name (e.g. {@code JsscSerialLink::new}); called again on reconnect
     * @param listener    link events; never called per sample
     */
    public CytonAcquisition(AcquisitionConfig config, Function<String, SerialLink> linkFactory, AcquisitionListener listener) {
        this.config = config;
        this.linkFactory = linkFactory;
        this.listener = listener;
        this.ring = new OneToOneSampleRing(config.ringCapacity(), CytonPacketLayout.CHANNELS);
        int[] gains = config.gains();
        for (int ch = 0; ch < gains.length; ch++) {
            microvoltsPerCount[ch] = CytonScaling.microvoltsPerCount(gains[ch]);
        }
        this.tracker = new SampleLossTracker(config.sampleRateHz());
        this.decoder = new CytonStreamDecoder(new Sink());
    }

    /** The ring samples arrive in; poll it from exactly one consumer thread. */
    public OneToOneSampleRing ring() {
        return ring;
    }

    public AcquisitionConfig config() {
        return config;
    }

    /** The board's reply to {@code v} from the latest handshake. */
    public synchronized String banner() {
        return banner;
    }

    /**
     * Connects, performs the handshake and starts streaming and supervision.
     *
     * @throws AcquisitionException if the board cannot be reached or refuses the handshake (the message names the
     *                              port and what to do); nothing is left open in that case
     */
    public synchronized void start() throws AcquisitionException {
        if (supervisor != null) {
            throw new IllegalStateException("already started");
        }
        connect(false);
        supervisor = new Thread(this::supervise, "acq-supervisor " + config.port());
        supervisor.setDaemon(true);
        supervisor.start();
    }

    public AcquisitionStats stats() {
        return new AcquisitionStats(samplesReceived, samplesLost, gaps, longGaps, ring.overruns(), bytesDiscarded,
                reconnects, reconnectGapSamples, connected, stalled);
    }

    /** Stops streaming ({@code s}), stops supervision and closes the port. */
    @Override
    public void close() {
        closing = true;
        Thread s;
        synchronized (this) {
            s = supervisor;
        }
        if (s != null) {
            s.interrupt();
            try {
                s.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        SerialLink l = link;
        if (l != null) {
            try {
                l.write(new byte[] {'s'});
            } catch (AcquisitionException e) {
                Logger.debug("could not send stop to {}: {}", config.port(), e.getMessage());
            }
            streaming = false;
            l.close();
            link = null;
        }
        connected = false;
    }

    // ---------------------------------------------------------------------------------------------- connection

    /** @param afterLoss the device went away and comes back: its counter restarts while time went on */
    private void connect(boolean afterLoss) throws AcquisitionException {
        SerialLink l = linkFactory.apply(config.port());
        streaming = false;
        clearReply();
        l.open(this::onBytes);
        try {
            l.write(new byte[] {'s'}); // in case the board still streams from an earlier session
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)); // let bytes in flight arrive, then discard them
            clearReply();
            String v = command(l, "v", "no banner");
            String d = command(l, "d", "channel defaults");
            checkSuccess(d, "d");
            int[] gains = config.gains();
            for (int ch = 0; ch < gains.length; ch++) {
                int code = CytonScaling.codeForGain(gains[ch]);
                if (code != CytonScaling.DEFAULT_GAIN_CODE) {
                    // x CH POWER(0=on) GAIN INPUT(0=normal) BIAS(1) SRB2(1) SRB1(0) X
                    String cmd = "x" + (ch + 1) + "0" + code + "0110X";
                    checkSuccess(command(l, cmd, "channel settings"), cmd);
                }
            }
            if (config.sampleRateHz() != 250) {
                String cmd = "~" + AcquisitionConfig.sampleRateCode(config.sampleRateHz());
                checkSuccess(command(l, cmd, "sample rate"), cmd);
            }
            decoder.reset();
            if (afterLoss) {
                tracker.restartCounterKeepingClock();
            } else {
                tracker.restartSequence();
            }
            streaming = true;
            lastByteNs = System.nanoTime();
            l.write(new byte[] {'b'});
            synchronized (this) {
                banner = v;
            }
        } catch (AcquisitionException | RuntimeException e) {
            streaming = false;
            l.close();
            throw e;
        }
        link = l;
        connected = true;
        stalled = false;
        listener.onConnected(config.port(), banner);
    }

    private String command(SerialLink l, String cmd, String what) throws AcquisitionException {
        clearReply();
        l.write(cmd.getBytes(StandardCharsets.US_ASCII));
        long deadline = System.nanoTime() + config.handshakeTimeout().toNanos();
        replyLock.lock();
        try {
            while (indexOf(reply.toByteArray(), DOLLARS) < 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AcquisitionException(AcquisitionException.Reason.NO_BANNER, "port=" + config.port()
                            + ": no reply ending in $$$ to '" + cmd + "' (" + what + ") within "
                            + config.handshakeTimeout().toMillis() + " ms. Is the board switched on (PC position) and"
                            + " the dongle's switch on GPIO_6? Got: " + printable(reply.toString(StandardCharsets.US_ASCII)));
                }
                replyArrived.awaitNanos(left);
            }
            return reply.toString(StandardCharsets.US_ASCII);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AcquisitionException(AcquisitionException.Reason.IO_ERROR, "port=" + config.port()
                    + ": interrupted while waiting for the reply to '" + cmd + "'");
        } finally {
            replyLock.unlock();
        }
    }

    private void checkSuccess(String replyText, String cmd) throws AcquisitionException {
        if (replyText.contains("Failure")) {
            throw new AcquisitionException(AcquisitionException.Reason.BOARD_FAILURE, "port=" + config.port()
                    + ": the board refused '" + cmd + "': " + printable(replyText)
                    + ". Power-cycle the board; if it persists, check the firmware version (v3.x expected).");
        }
    }

    private void clearReply() {
        replyLock.lock();
        try {
            reply.reset();
        } finally {
            replyLock.unlock();
        }
    }

    /** Called on the link's reader thread. */
    private void onBytes(byte[] data, int length, long arrivalNs, int queuedBytes) {
        lastByteNs = arrivalNs;
        if (streaming) {
            arrivalOfCurrentChunkNs = arrivalNs;
            queuedBehindCurrentChunk = queuedBytes;
            decoder.feed(data, 0, length);
            bytesDiscarded = decoder.bytesDiscarded();
            return;
        }
        replyLock.lock();
        try {
            reply.write(data, 0, length);
            replyArrived.signalAll();
        } finally {
            replyLock.unlock();
        }
    }

    /** Per packet, on the reader thread: loss accounting, scaling, hand-over. Allocation-free. */
    private final class Sink implements CytonPacketSink {
        @Override
        public void onPacket(CytonPacket packet) {
            final long arrival = arrivalOfCurrentChunkNs;
            // the packets already received behind this one (the rest of the read, and what the OS still held) show
            // how late the read was: a paused host, not a loss
            long lost = tracker.onSample(packet.sampleNumber(), arrival,
                    (decoder.bytesBehindCurrentPacket() + queuedBehindCurrentChunk) / CytonPacketLayout.PACKET_LENGTH);
            if (lost > 0) {
                samplesLost = tracker.samplesLost();
                gaps = tracker.gaps();
                longGaps = tracker.longGaps();
                reconnectGapSamples = tracker.restartGapSamples();
            }
            nextIndex += lost;
            final double[] uv = scratchUv;
            final double[] scale = microvoltsPerCount;
            for (int ch = 0; ch < uv.length; ch++) {
                uv[ch] = packet.channelCount(ch) * scale[ch];
            }
            ring.offer(arrival, nextIndex, packet.sampleNumber(), lost, uv);
            nextIndex++;
            samplesReceived++;
        }
    }

    // ---------------------------------------------------------------------------------------------- supervision

    private void supervise() {
        long reportedLost = 0;
        long stallStartNs = 0;
        while (!closing) {
            LockSupport.parkNanos(SUPERVISE_PERIOD_NS);
            if (closing || Thread.currentThread().isInterrupted()) {
                return;
            }
            long lost = samplesLost;
            if (lost != reportedLost) {
                listener.onLoss(lost - reportedLost, lost);
                reportedLost = lost;
            }
            SerialLink l = link;
            long now = System.nanoTime();
            long silentNs = now - lastByteNs;
            if (l != null && !l.isHealthy()) {
                lostDevice(l, "the device hung up or was removed");
                continue;
            }
            if (silentNs > config.reconnectAfterSilence().toNanos()) {
                lostDevice(l, "silent for " + TimeUnit.NANOSECONDS.toMillis(silentNs) + " ms");
                continue;
            }
            if (!stalled && silentNs > config.stallThreshold().toNanos()) {
                stalled = true;
                stallStartNs = lastByteNs;
                listener.onStall(TimeUnit.NANOSECONDS.toMillis(silentNs));
            } else if (stalled && silentNs < config.stallThreshold().toNanos()) {
                stalled = false;
                listener.onStallEnded(TimeUnit.NANOSECONDS.toMillis(lastByteNs - stallStartNs));
            }
        }
    }

    private void lostDevice(SerialLink l, String reason) {
        connected = false;
        streaming = false;
        stalled = false;
        long awayFromNs = System.nanoTime();
        if (l != null) {
            l.close(); // joins jssc's reader thread: after this nothing else produces into the ring
        }
        link = null;
        listener.onDisconnected(config.port(), reason);
        int attempt = 0;
        while (!closing) {
            long waitMs = BACKOFF_MS[Math.min(attempt, BACKOFF_MS.length - 1)];
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(waitMs));
            if (closing) {
                return;
            }
            try {
                connect(true);
                reconnects++;
                long gapMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - awayFromNs);
                listener.onReconnected(config.port(), gapMs, Math.round(gapMs * config.sampleRateHz() / 1000.0));
                return;
            } catch (AcquisitionException e) {
                attempt++;
                listener.onReconnectFailed(config.port(), e, BACKOFF_MS[Math.min(attempt, BACKOFF_MS.length - 1)]);
            }
        }
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static String printable(String s) {
        String t = s.replace("\n", "\\n").replace("\r", "\\r");
        return t.isEmpty() ? "(nothing)" : "\"" + (t.length() > 200 ? t.substring(0, 200) + "..." : t) + "\"";
    }
}
