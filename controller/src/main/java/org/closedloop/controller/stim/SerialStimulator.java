package org.closedloop.controller.stim;

import static org.closedloop.protocol.link.LittleEndian.getI64;
import static org.closedloop.protocol.link.LittleEndian.getU32;
import static org.closedloop.protocol.link.LittleEndian.getU8;

import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.closedloop.controller.acquisition.AcquisitionException;
import org.closedloop.controller.acquisition.JsscSerialLink;
import org.closedloop.controller.acquisition.SerialLink;
import org.closedloop.protocol.link.AckLayout;
import org.closedloop.protocol.link.AckResult;
import org.closedloop.protocol.link.ConfigureLayout;
import org.closedloop.protocol.link.EndRunLayout;
import org.closedloop.protocol.link.FaultCode;
import org.closedloop.protocol.link.Frame;
import org.closedloop.protocol.link.FrameDecoder;
import org.closedloop.protocol.link.FrameEncoder;
import org.closedloop.protocol.link.FrameLayout;
import org.closedloop.protocol.link.HelloLayout;
import org.closedloop.protocol.link.IdentifyLayout;
import org.closedloop.protocol.link.ImpedanceReportLayout;
import org.closedloop.protocol.link.LittleEndian;
import org.closedloop.protocol.link.MessageType;
import org.closedloop.protocol.link.ResetFaultLayout;
import org.closedloop.protocol.link.SetpointBlockLayout;
import org.closedloop.protocol.link.StatusLayout;
import org.tinylog.Logger;

/**
 * The stimulator over a serial link ({@link JsscSerialLink} at {@value #BAUD_RATE} baud; the rate is ignored by a USB
 * CDC device and by the simulator's pseudo-terminal). Encodes commands with the link's {@link FrameEncoder}, decodes
 * the device's frames on the link's reader thread, matches answers to commands by sequence number, and keeps the
 * clock synchronisation ({@link ClockSync}) from every HEARTBEAT/STATUS exchange.
 *
 * <p>Sessions: {@link #connect()} first writes a lone 0x00 (ending any partial frame a previous controller left in
 * the device's receiver), then HELLO with a random nonce; every frame before the IDENTIFY that echoes the nonce
 * belongs to an earlier session (e.g. unread STATUS frames of a controller that was killed) and is ignored.
 *
 * <p>Streaming writes allocate nothing: frames are encoded into a reused buffer and copied into a byte array kept per
 * encoded length (jssc writes whole arrays only). The reader thread allocates one small record per STATUS (50/s).
 *
 * <p><b>Thread safety:</b> the command and streaming methods are called from one thread (the stimulation loop); the
 * getters are safe from any thread; frames are decoded on the link's reader thread.
 */
public final class SerialStimulator implements Stimulator {
    /** Line rate of the stimulator's UART (8N1). */
    public static final int BAUD_RATE = 921_600;
    /** Deadline of a command's answer. */
    static final int REPLY_TIMEOUT_MS = 300;
    /** Deadline of an impedance measurement's answer (the measurement itself takes about 20 ms). */
    static final int IMPEDANCE_TIMEOUT_MS = 1_000;
    /** Clock exchanges made by {@link #connect()} before it returns. */
    static final int SYNC_EXCHANGES = 8;

    private record Reply(MessageType type, int ackSeq, byte[] payload, long atNs) {
    }

    private final SerialLink link;
    private final FrameEncoder encoder = new FrameEncoder();
    private final FrameDecoder decoder = new FrameDecoder(this::onFrame);
    private final byte[] payload = new byte[FrameLayout.MAX_PAYLOAD_LENGTH];
    private final byte[] wire = new byte[FrameLayout.MAX_WIRE_LENGTH];
    private final byte[][] exactLength = new byte[FrameLayout.MAX_WIRE_LENGTH + 1][];
    private final AtomicLongArray heartbeatSentNs = new AtomicLongArray(256);
    private final ClockSync clock = new ClockSync();
    private final ConcurrentLinkedQueue<DeviceFaultReport> faultReports = new ConcurrentLinkedQueue<>();
    private final Object replyLock = new Object();
    private final ArrayDeque<Reply> replies = new ArrayDeque<>();
    private final SecureRandom random = new SecureRandom();
    private final AtomicLong framesSent = new AtomicLong();
    private final AtomicLong staleFrames = new AtomicLong();
    private final AtomicLong replyTimeouts = new AtomicLong();
    private final AtomicLong sequenceGaps = new AtomicLong();

    private boolean open;
    private int txSeq;
    private volatile long sessionNonce;
    private volatile boolean inSession;
    private volatile DeviceIdentity identity;
    private volatile DeviceStatus status;
    private volatile long lastBootId;
    // reader thread only
    private long arrivalNs;
    private int expectedDeviceSeq = -1;

    /** A stimulator on serial port {@code portName} (e.g. {@code /dev/ttyACM0} or the simulator's pty). */
    public SerialStimulator(String portName) {
        this(new JsscSerialLink(portName, BAUD_RATE));
    }

    /** A stimulator over {@code link}. */
    public SerialStimulator(SerialLink link) {
        this.link = link;
    }

    // ------------------------------------------------------------------ session

    @Override
    public DeviceIdentity connect() throws StimulatorException {
        if (!open) {
            try {
                link.open((data, length, atNs, queued) -> {
                    arrivalNs = atNs;
                    decoder.feed(data, 0, length);
                });
            } catch (AcquisitionException e) {
                throw new StimulatorException("stimulator " + e.getMessage(), e);
            }
            open = true;
        }
        inSession = false;
        identity = null;
        status = null;
        faultReports.clear();
        clock.reset();
        long nonce;
        do {
            nonce = random.nextInt() & 0xFFFF_FFFFL;
        } while (nonce == 0);
        sessionNonce = nonce;
        write(new byte[] {FrameLayout.DELIMITER});
        DeviceIdentity id = null;
        for (int attempt = 0; attempt < 3 && id == null; attempt++) {
            LittleEndian.putU32(payload, HelloLayout.SESSION_NONCE_OFFSET, nonce);
            int seq = send(MessageType.HELLO, HelloLayout.LENGTH);
            Reply r = awaitReply(MessageType.IDENTIFY, seq, REPLY_TIMEOUT_MS, false);
            if (r != null) {
                id = DeviceIdentity.parse(r.payload(), 0);
            }
        }
        if (id == null) {
            throw new StimulatorException("stimulator port=" + link.portName() + ": no answer to HELLO in 3 tries of "
                    + REPLY_TIMEOUT_MS + " ms. Is the stimulator powered and connected, and is this its port?");
        }
        identity = id;
        lastBootId = id.bootId();
        long deadline = System.nanoTime() + 2_000_000_000L;
        for (int i = 0; i < SYNC_EXCHANGES && System.nanoTime() < deadline; i++) {
            heartbeat();
            sleepMs(3);
        }
        while (clock.exchanges() < SYNC_EXCHANGES / 2 && System.nanoTime() < deadline) {
            heartbeat();
            sleepMs(10);
        }
        if (!clock.isSynchronised()) {
            throw new StimulatorException("stimulator port=" + link.portName()
                    + ": no STATUS answered the heartbeats, the clock cannot be synchronised");
        }
        Logger.info("connected to {} on {} (clock delay {} µs)", id, link.portName(), clock.bestDelayNs() / 1000);
        return id;
    }

    @Override
    public DeviceIdentity identity() {
        return identity;
    }

    // ------------------------------------------------------------------ commands

    @Override
    public void configure(int channelCount, int[] areaCentiCm2) throws StimulatorException {
        java.util.Arrays.fill(payload, 0, ConfigureLayout.LENGTH, (byte) 0);
        payload[ConfigureLayout.CHANNEL_COUNT_OFFSET] = (byte) channelCount;
        for (int c = 0; c < channelCount; c++) {
            LittleEndian.putU16(payload, ConfigureLayout.areaOffset(c), areaCentiCm2[c]);
        }
        AckResult r = command(MessageType.CONFIGURE, ConfigureLayout.LENGTH);
        if (r != AckResult.OK) {
            throw new StimulatorException("stimulator refused CONFIGURE channels=" + channelCount + ": " + r);
        }
    }

    @Override
    public ImpedanceReport measureImpedance() throws StimulatorException {
        int seq = send(MessageType.IMPEDANCE_REQUEST, 0);
        Reply r = awaitReply(MessageType.IMPEDANCE_REPORT, seq, IMPEDANCE_TIMEOUT_MS, true);
        byte[] b = r.payload();
        AckResult result = AckResult.fromCode(getU8(b, ImpedanceReportLayout.RESULT_OFFSET));
        if (result != AckResult.OK) {
            throw new StimulatorException("stimulator refused the impedance measurement: " + result);
        }
        int n = getU8(b, ImpedanceReportLayout.CHANNELS_OFFSET);
        long[] ohms = new long[n];
        for (int c = 0; c < n; c++) {
            long v = getU32(b, ImpedanceReportLayout.ohmsOffset(c));
            ohms[c] = v == StatusLayout.IMPEDANCE_UNKNOWN ? ImpedanceReport.OPEN : v;
        }
        return new ImpedanceReport(r.atNs(), ohms);
    }

    @Override
    public boolean resetFault(FaultCode code) throws StimulatorException {
        LittleEndian.putU16(payload, ResetFaultLayout.FAULT_CODE_OFFSET, code.code());
        LittleEndian.putU16(payload, ResetFaultLayout.FAULT_CODE_OFFSET + 2, 0);
        AckResult r = command(MessageType.RESET_FAULT, ResetFaultLayout.LENGTH);
        if (r != AckResult.OK) {
            Logger.warn("stimulator refused RESET_FAULT {}: {}", code, r);
        }
        return r == AckResult.OK;
    }

    private AckResult command(MessageType type, int payloadLength) throws StimulatorException {
        int seq = send(type, payloadLength);
        Reply r = awaitReply(MessageType.ACK, seq, REPLY_TIMEOUT_MS, true);
        return AckResult.fromCode(getU8(r.payload(), AckLayout.RESULT_OFFSET));
    }

    // ------------------------------------------------------------------ streaming (allocation-free)

    @Override
    public void sendBlock(long blockSeq, long startNs, int channelCount, int sampleCount, int[] microAmps)
            throws StimulatorException {
        if (!clock.isSynchronised()) {
            throw new StimulatorException("stimulator clock not synchronised (the device restarted?): block " + blockSeq
                    + " not sent");
        }
        byte[] p = payload;
        LittleEndian.putU32(p, SetpointBlockLayout.BLOCK_SEQ_OFFSET, blockSeq);
        LittleEndian.putU8(p, SetpointBlockLayout.CHANNEL_COUNT_OFFSET, channelCount);
        LittleEndian.putU8(p, SetpointBlockLayout.SAMPLE_COUNT_OFFSET, sampleCount);
        LittleEndian.putU8(p, SetpointBlockLayout.FLAGS_OFFSET, 0);
        LittleEndian.putU8(p, SetpointBlockLayout.RESERVED_OFFSET, 0);
        LittleEndian.putI64(p, SetpointBlockLayout.START_DEVICE_US_OFFSET, clock.toDeviceMicros(startNs));
        int values = channelCount * sampleCount;
        for (int i = 0; i < values; i++) {
            int v = microAmps[i];
            if (v < Short.MIN_VALUE || v > Short.MAX_VALUE) {
                throw new IllegalArgumentException("setpoint " + v + " µA at index " + i + " does not fit 16 bits");
            }
            LittleEndian.putU16(p, SetpointBlockLayout.SAMPLES_OFFSET + 2 * i, v);
        }
        send(MessageType.SETPOINT_BLOCK, SetpointBlockLayout.length(channelCount, sampleCount));
    }

    @Override
    public void endRun(long lastBlockSeq) throws StimulatorException {
        LittleEndian.putU32(payload, EndRunLayout.LAST_BLOCK_SEQ_OFFSET, lastBlockSeq);
        send(MessageType.END_RUN, EndRunLayout.LENGTH);
    }

    @Override
    public void heartbeat() throws StimulatorException {
        int seq = txSeq;
        heartbeatSentNs.set(seq & 0xFF, System.nanoTime());
        send(MessageType.HEARTBEAT, 0);
    }

    @Override
    public boolean stopNow() {
        try {
            send(MessageType.STOP, 0);
            return true;
        } catch (StimulatorException | RuntimeException e) {
            Logger.error("STOP could not be written to {}: {}", link.portName(), e.getMessage());
            return false;
        }
    }

    private int send(MessageType type, int payloadLength) throws StimulatorException {
        int seq = txSeq;
        txSeq = (txSeq + 1) & 0xFFFF;
        int n = encoder.encode(type, 0, seq, 0, payload, 0, payloadLength, wire, 0);
        byte[] exact = exactLength[n];
        if (exact == null) {
            exact = new byte[n];
            exactLength[n] = exact;
        }
        System.arraycopy(wire, 0, exact, 0, n);
        write(exact);
        framesSent.incrementAndGet();
        return seq;
    }

    private void write(byte[] bytes) throws StimulatorException {
        try {
            link.write(bytes);
        } catch (AcquisitionException e) {
            throw new StimulatorException("stimulator " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ receiving (the link's reader thread)

    private void onFrame(Frame f) {
        long now = arrivalNs;
        MessageType type = MessageType.fromCode(f.typeCode());
        byte[] b = f.buffer();
        int p = f.payloadOffset();
        if (type == null || type.hostToDevice() || f.payloadLength() != type.fixedPayloadLength()) {
            staleFrames.incrementAndGet();
            return;
        }
        if (!inSession) {
            if (type == MessageType.IDENTIFY && f.isReply()
                    && getU32(b, p + IdentifyLayout.SESSION_NONCE_OFFSET) == sessionNonce) {
                inSession = true;
                expectedDeviceSeq = (f.seq() + 1) & 0xFFFF;
                deliver(type, f, now);
            } else {
                staleFrames.incrementAndGet();
            }
            return;
        }
        if (type == MessageType.IDENTIFY && !f.isReply()) {
            // an unsolicited boot announcement: the device restarted, its clock and frame numbers begin again
            lastBootId = getU32(b, p + IdentifyLayout.BOOT_ID_OFFSET);
            clock.reset();
            expectedDeviceSeq = (f.seq() + 1) & 0xFFFF;
            Logger.warn("stimulator restarted: {}", DeviceIdentity.parse(b, p));
            return;
        }
        if (expectedDeviceSeq >= 0) {
            int gap = (f.seq() - expectedDeviceSeq) & 0xFFFF;
            if (gap != 0 && gap < 0x8000) {
                sequenceGaps.addAndGet(gap);
            }
        }
        expectedDeviceSeq = (f.seq() + 1) & 0xFFFF;
        switch (type) {
            case STATUS -> {
                if (f.isReply()) {
                    long t1 = heartbeatSentNs.get(f.ackSeq() & 0xFF);
                    if (t1 != 0) {
                        clock.addExchange(t1, getI64(b, p + StatusLayout.RX_DEVICE_US_OFFSET),
                                getI64(b, p + StatusLayout.TX_DEVICE_US_OFFSET), now);
                    }
                }
                DeviceStatus s = DeviceStatus.parse(b, p, now);
                lastBootId = s.bootId();
                status = s;
            }
            case FAULT_REPORT -> {
                DeviceFaultReport r = DeviceFaultReport.parse(b, p, now);
                faultReports.add(r);
                Logger.warn("{} (received from the device)", r);
            }
            case ACK, IMPEDANCE_REPORT, IDENTIFY -> deliver(type, f, now);
            default -> staleFrames.incrementAndGet();
        }
    }

    private void deliver(MessageType type, Frame f, long now) {
        synchronized (replyLock) {
            if (replies.size() >= 16) {
                replies.poll();
            }
            replies.add(new Reply(type, f.ackSeq(), f.copyPayload(), now));
            replyLock.notifyAll();
        }
    }

    /** Waits for the answer of type {@code type} to frame {@code seq}; null (or a throw) after the deadline. */
    private Reply awaitReply(MessageType type, int seq, int timeoutMs, boolean required) throws StimulatorException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        synchronized (replyLock) {
            while (true) {
                for (Iterator<Reply> it = replies.iterator(); it.hasNext(); ) {
                    Reply r = it.next();
                    if (r.type() == type && r.ackSeq() == seq) {
                        it.remove();
                        return r;
                    }
                }
                long leftNs = deadline - System.nanoTime();
                if (leftNs <= 0) {
                    break;
                }
                try {
                    replyLock.wait(Math.max(1, leftNs / 1_000_000L));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StimulatorException("interrupted waiting for " + type, e);
                }
            }
        }
        replyTimeouts.incrementAndGet();
        if (required) {
            throw new StimulatorException("stimulator port=" + link.portName() + ": no " + type + " answered frame "
                    + seq + " within " + timeoutMs + " ms");
        }
        return null;
    }

    // ------------------------------------------------------------------ views

    @Override
    public DeviceStatus latestStatus() {
        return status;
    }

    @Override
    public DeviceFaultReport pollFaultReport() {
        return faultReports.poll();
    }

    @Override
    public long lastBootId() {
        return lastBootId;
    }

    @Override
    public long toDeviceMicros(long hostNs) {
        return clock.toDeviceMicros(hostNs);
    }

    @Override
    public boolean isHealthy() {
        return open && link.isHealthy();
    }

    @Override
    public LinkStats stats() {
        return new LinkStats(framesSent.get(), decoder.framesAccepted(), decoder.framesDropped(), sequenceGaps.get(),
                staleFrames.get(), replyTimeouts.get(), clock.bestDelayNs(), clock.driftPpm());
    }

    @Override
    public void close() {
        open = false;
        link.close();
    }

    private static void sleepMs(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
