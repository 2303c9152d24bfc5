package org.closedloop.sim.stim;

import static org.closedloop.protocol.link.LittleEndian.getI16;
import static org.closedloop.protocol.link.LittleEndian.getI64;
import static org.closedloop.protocol.link.LittleEndian.getU16;
import static org.closedloop.protocol.link.LittleEndian.getU32;
import static org.closedloop.protocol.link.LittleEndian.getU8;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;
import org.closedloop.protocol.link.AckResult;
import org.closedloop.protocol.link.ConfigureLayout;
import org.closedloop.protocol.link.DeviceState;
import org.closedloop.protocol.link.EndRunLayout;
import org.closedloop.protocol.link.FaultCode;
import org.closedloop.protocol.link.FrameLayout;
import org.closedloop.protocol.link.HelloLayout;
import org.closedloop.protocol.link.IdentifyLayout;
import org.closedloop.protocol.link.MessageType;
import org.closedloop.protocol.link.ResetFaultLayout;
import org.closedloop.protocol.link.SetpointBlockLayout;
import org.closedloop.protocol.link.StatusLayout;
import org.tinylog.Logger;

/**
 * The stimulator's firmware: the device state machine of {@code hardware-docs/stimulator-protocol.md} (IDLE,
 * RUNNING, FAULT), the command handlers, the independent limit checks ({@link BlockChecks}), the watchdog, the
 * output stage with its measurement, and the replies. Driven by {@link DacLoop}: {@link #apply} for each event in
 * time order, then {@link #tick} once per DAC period.
 *
 * <p>Every fault zeroes the output from the tick it is found in (a fault found by measuring a tick's output takes
 * effect at the next tick: that current has already flowed), drops the queue, latches, and sends one FAULT_REPORT.
 *
 * <p><b>Thread safety:</b> confined to the DAC thread, except the volatile status fields read by
 * {@link SimulatedStimulator}.
 */
final class StimFirmware {
    static final String FIRMWARE_VERSION = "closedloop-sim 1.0.0";
    private static final int MAX = SetpointBlockLayout.MAX_CHANNELS;
    private static final int PERIOD_US = SetpointBlockLayout.SAMPLE_PERIOD_US;
    private static final int HALF_PERIOD_US = PERIOD_US / 2;
    private static final long NONE = -1;

    private final int physicalChannels;
    private final DeviceClock clock;
    private final ElectrodeModel electrodes;
    private final StimGroundTruth truth;
    private final DeliveredCurrentSink deliveredSink;
    private final int[] sinkCurrents;
    private final LongSupplier rxBadFrames;
    private final SplittableRandom random;
    private final FirmwareReplies replies;
    private final long[] measuredOhms = new long[MAX];
    private final SetpointQueue queue = new SetpointQueue(MAX);
    private final BlockChecks checks = new BlockChecks(MAX);
    private final int[] blockSamples = new int[(SetpointBlockLayout.MAX_SAMPLES + 1) * MAX];
    private final int[] densityCap = new int[MAX];
    private final int[] playing = new int[MAX];
    private final int[] delivered = new int[MAX];
    private final int[] millivolts = new int[MAX];
    private final int[] drive = new int[3];
    private final long[] impedanceEstimate = new long[MAX];

    private volatile DeviceState state = DeviceState.IDLE;
    private volatile int configuredChannels;
    private volatile FaultCode firstFault;
    private volatile int faultSet;
    private volatile long bootId;
    private volatile long blocksAccepted;
    private volatile long blocksIgnored;
    private volatile long rxSequenceGaps;
    private volatile int slipsHeld;
    private volatile int slipsDropped;
    private volatile boolean enableLine = true;
    private int faultChannel = IdentifyLayout.NO_CHANNEL;
    private int resetCause;
    private boolean watchdogArmed;
    private long lastFeedUs;
    private long nextBlockSeq;
    private long lastAcceptedSeq = NONE;
    private long endAfterSeq = NONE;
    private int expectedRxSeq = -1;
    private long rxBadAtBoot;
    private boolean impedancePending;
    private long impedanceDueUs;
    private int impedanceAckSeq;
    private boolean rebooted;

    /** @param deliveredSink told every tick's delivered current after the ground truth, or null for none */
    StimFirmware(StimSimConfig config, DeviceClock clock, StimGroundTruth truth, DeliveredCurrentSink deliveredSink,
                 Outbox outbox, LongSupplier rxBadFrames, long nowNanos) {
        this.physicalChannels = config.channels();
        this.clock = clock;
        this.electrodes = new ElectrodeModel(config.impedanceOhms(), nowNanos);
        this.truth = truth;
        this.deliveredSink = deliveredSink;
        this.sinkCurrents = new int[physicalChannels];
        this.replies = new FirmwareReplies(outbox);
        this.rxBadFrames = rxBadFrames;
        // boot ids must differ between boots and between runs of the simulator: a real device uses its hardware RNG
        this.random = new SplittableRandom(config.seed() ^ System.nanoTime());
    }

    // ------------------------------------------------------------------ life cycle

    /** First boot: IDLE, no fault, announces itself. */
    void powerOn() {
        boot(IdentifyLayout.RESET_POWER_ON);
    }

    private void boot(int cause) {
        long id;
        do {
            id = random.nextLong() & 0xFFFF_FFFFL;
        } while (id == 0);
        bootId = id;
        resetCause = cause;
        configuredChannels = 0;
        Arrays.fill(densityCap, 0);
        firstFault = null;
        faultSet = 0;
        faultChannel = IdentifyLayout.NO_CHANNEL;
        state = DeviceState.IDLE;
        endRunState();
        replies.restartSequence();
        expectedRxSeq = -1;
        rxSequenceGaps = 0;
        rxBadAtBoot = rxBadFrames.getAsLong();
        slipsHeld = 0;
        slipsDropped = 0;
        impedancePending = false;
        Arrays.fill(impedanceEstimate, StatusLayout.IMPEDANCE_UNKNOWN);
        if (cause == IdentifyLayout.RESET_UNEXPECTED) {
            latch(FaultCode.UNEXPECTED_RESET, -1, 0, 0, NONE, 0, clock.hostNanos(0));
        }
        replies.identify(this, false, 0, 0); // the boot announcement, with the fault already latched
    }

    private void endRunState() {
        queue.clear();
        watchdogArmed = false;
        nextBlockSeq = 0;
        lastAcceptedSeq = NONE;
        endAfterSeq = NONE;
    }

    /** True once after a reset: the DAC loop must restart its tick count on the new clock. */
    boolean consumeReboot() {
        boolean r = rebooted;
        rebooted = false;
        return r;
    }

    // ------------------------------------------------------------------ events

    void apply(DeviceEvent event) {
        if (event instanceof DeviceEvent.FrameArrived f) {
            onFrame(f.frame(), f.atNanos());
        } else if (event instanceof DeviceEvent.EnableLine e) {
            enableLine = e.high();
        } else if (event instanceof DeviceEvent.Reset r) {
            Logger.info("fault injection: device reset");
            clock.reboot(r.atNanos());
            rebooted = true;
            Arrays.fill(delivered, 0);
            boot(IdentifyLayout.RESET_UNEXPECTED);
        } else if (event instanceof DeviceEvent.SetImpedance z) {
            electrodes.setOhms(z.channel(), z.ohms(), z.atNanos());
        } else if (event instanceof DeviceEvent.DriftImpedance d) {
            electrodes.setDrift(d.channel(), d.ohmsPerSecond(), d.atNanos());
        } else if (event instanceof DeviceEvent.StageOffset o) {
            electrodes.setStageOffset(o.channel(), o.microAmps());
        }
    }

    private void onFrame(byte[] b, long atNanos) {
        long arrivalUs = clock.deviceMicros(atNanos);
        int typeCode = getU8(b, FrameLayout.TYPE_OFFSET);
        int seq = getU16(b, FrameLayout.SEQ_OFFSET);
        int len = getU16(b, FrameLayout.PAYLOAD_LENGTH_OFFSET);
        int p = FrameLayout.HEADER_LENGTH;
        MessageType type = MessageType.fromCode(typeCode);
        if (type != MessageType.HELLO && expectedRxSeq >= 0) {
            int gap = (seq - expectedRxSeq) & 0xFFFF;
            if (gap != 0 && gap < 0x8000) {
                rxSequenceGaps += gap;
            }
        }
        expectedRxSeq = (seq + 1) & 0xFFFF;
        if (type == null || !type.hostToDevice()) {
            replies.ack(typeCode, seq, AckResult.UNKNOWN_TYPE);
            return;
        }
        if (type != MessageType.SETPOINT_BLOCK && len != type.fixedPayloadLength()) {
            replies.ack(typeCode, seq, AckResult.BAD_LENGTH);
            return;
        }
        switch (type) {
            case HELLO -> replies.identify(this, true, seq, getU32(b, p + HelloLayout.SESSION_NONCE_OFFSET));
            case CONFIGURE -> onConfigure(b, p, seq);
            case SETPOINT_BLOCK -> {
                lastFeedUs = arrivalUs;
                onBlock(b, p, len, arrivalUs, atNanos);
            }
            case END_RUN -> onEndRun(b, p, seq);
            case HEARTBEAT -> {
                lastFeedUs = arrivalUs;
                replies.status(this, seq, arrivalUs);
            }
            case IMPEDANCE_REQUEST -> onImpedanceRequest(seq, arrivalUs);
            case STOP -> onStop(seq);
            case RESET_FAULT -> onResetFault(b, p, seq);
            default -> replies.ack(typeCode, seq, AckResult.UNKNOWN_TYPE);
        }
    }

    private void onConfigure(byte[] b, int p, int seq) {
        if (state != DeviceState.IDLE) {
            replies.ack(MessageType.CONFIGURE.code(), seq, AckResult.REFUSED_STATE);
            return;
        }
        int n = getU8(b, p + ConfigureLayout.CHANNEL_COUNT_OFFSET);
        boolean ok = n >= 1 && n <= physicalChannels && b[p + 1] == 0 && b[p + 2] == 0 && b[p + 3] == 0;
        for (int c = 0; ok && c < MAX; c++) {
            int area = getU16(b, p + ConfigureLayout.areaOffset(c));
            ok = c < n ? area >= 1 : area == 0;
        }
        if (!ok) {
            replies.ack(MessageType.CONFIGURE.code(), seq, AckResult.BAD_VALUE);
            return;
        }
        for (int c = 0; c < MAX; c++) {
            densityCap[c] = DeviceLimits.densityCapMicroAmps(getU16(b, p + ConfigureLayout.areaOffset(c)));
        }
        configuredChannels = n;
        replies.ack(MessageType.CONFIGURE.code(), seq, AckResult.OK);
    }

    private void onBlock(byte[] b, int p, int len, long arrivalUs, long atNanos) {
        if (state == DeviceState.FAULT) {
            blocksIgnored++;
            return;
        }
        if (impedancePending) {
            impedancePending = false;
            impedanceReport(AckResult.REFUSED_STATE, atNanos);
        }
        long blockSeq = len >= SetpointBlockLayout.SAMPLES_OFFSET ? getU32(b, p + SetpointBlockLayout.BLOCK_SEQ_OFFSET)
                : NONE;
        if (configuredChannels == 0) {
            latch(FaultCode.NOT_CONFIGURED, -1, 0, 0, blockSeq, arrivalUs, atNanos);
            return;
        }
        int ch = len >= SetpointBlockLayout.SAMPLES_OFFSET ? getU8(b, p + SetpointBlockLayout.CHANNEL_COUNT_OFFSET) : 0;
        int n = len >= SetpointBlockLayout.SAMPLES_OFFSET ? getU8(b, p + SetpointBlockLayout.SAMPLE_COUNT_OFFSET) : 0;
        if (len < SetpointBlockLayout.SAMPLES_OFFSET || ch != configuredChannels || n < 1
                || n > SetpointBlockLayout.MAX_SAMPLES || len != SetpointBlockLayout.length(ch, n)
                || b[p + SetpointBlockLayout.FLAGS_OFFSET] != 0 || b[p + SetpointBlockLayout.RESERVED_OFFSET] != 0) {
            latch(FaultCode.BLOCK_FORMAT, -1, len, SetpointBlockLayout.length(configuredChannels, Math.max(1, n)),
                    blockSeq, arrivalUs, atNanos);
            return;
        }
        long startUs = getI64(b, p + SetpointBlockLayout.START_DEVICE_US_OFFSET);
        // the host keeps blocks within 100 ms on its own clock; one clock slip and the mapping's error may add a
        // little on the device's clock, hence the allowance of two periods
        long horizonUs = arrivalUs + DeviceLimits.MAX_HORIZON_MS * 1000L + 2L * PERIOD_US;
        int first = 0;
        boolean hold = false;
        if (state == DeviceState.IDLE) {
            if (blockSeq != 0) {
                latch(FaultCode.SEQUENCE_GAP, -1, blockSeq, 0, blockSeq, arrivalUs, atNanos);
                return;
            }
            if (startUs < arrivalUs + PERIOD_US || startUs + (long) n * PERIOD_US > horizonUs) {
                latch(FaultCode.BLOCK_TIMING, -1, startUs - arrivalUs, PERIOD_US, blockSeq, arrivalUs, atNanos);
                return;
            }
            checks.beginRun(ch, densityCap);
        } else {
            if (endAfterSeq != NONE || blockSeq != nextBlockSeq) {
                latch(FaultCode.SEQUENCE_GAP, -1, blockSeq, nextBlockSeq, blockSeq, arrivalUs, atNanos);
                return;
            }
            long d = startUs - queue.endUs();
            if (d > HALF_PERIOD_US && d <= PERIOD_US + HALF_PERIOD_US) {
                hold = true;
            } else if (d < -HALF_PERIOD_US && d >= -PERIOD_US - HALF_PERIOD_US) {
                first = 1;
            } else if (Math.abs(d) > HALF_PERIOD_US) {
                latch(FaultCode.BLOCK_TIMING, -1, d, HALF_PERIOD_US, blockSeq, arrivalUs, atNanos);
                return;
            }
            long endUs = queue.endUs() + (long) ((hold ? 1 : 0) + n - first) * PERIOD_US;
            if (endUs > horizonUs || queue.free() < n + 1) {
                latch(FaultCode.BLOCK_TIMING, -1, endUs - arrivalUs, DeviceLimits.MAX_HORIZON_MS * 1000L, blockSeq,
                        arrivalUs, atNanos);
                return;
            }
        }
        // refuse, do not clip: every sample is checked before any of them is queued
        int k = 0;
        if (hold) {
            for (int c = 0; c < ch; c++) {
                blockSamples[c] = queue.last(c);
            }
            k = 1;
        }
        for (int s = first; s < n; s++, k++) {
            for (int c = 0; c < ch; c++) {
                blockSamples[k * ch + c] = getI16(b, p + SetpointBlockLayout.sampleOffset(s, c, ch));
            }
        }
        for (int i = 0; i < k; i++) {
            if (!checks.check(blockSamples, i * ch)) {
                latch(checks.failedRule(), checks.failedChannel(), checks.failedValue(), checks.failedLimit(), blockSeq,
                        arrivalUs, atNanos);
                return;
            }
        }
        if (state == DeviceState.IDLE) {
            queue.reset(startUs);
            state = DeviceState.RUNNING;
            watchdogArmed = true;
            slipsHeld = 0;
            slipsDropped = 0;
        }
        for (int i = 0; i < k; i++) {
            queue.append(blockSamples, i * ch, ch);
        }
        if (hold) {
            slipsHeld++;
        }
        if (first == 1) {
            slipsDropped++;
        }
        lastAcceptedSeq = blockSeq;
        nextBlockSeq = blockSeq + 1;
        blocksAccepted++;
    }

    private void onEndRun(byte[] b, int p, int seq) {
        if (state != DeviceState.RUNNING) {
            replies.ack(MessageType.END_RUN.code(), seq, AckResult.REFUSED_STATE);
            return;
        }
        long last = getU32(b, p + EndRunLayout.LAST_BLOCK_SEQ_OFFSET);
        if (last != lastAcceptedSeq) {
            replies.ack(MessageType.END_RUN.code(), seq, AckResult.BAD_VALUE);
            return;
        }
        endAfterSeq = last;
        replies.ack(MessageType.END_RUN.code(), seq, AckResult.OK);
    }

    private void onImpedanceRequest(int seq, long arrivalUs) {
        impedanceAckSeq = seq;
        if (state != DeviceState.IDLE) {
            impedanceReport(AckResult.REFUSED_STATE, 0);
        } else if (configuredChannels == 0) {
            impedanceReport(AckResult.NOT_CONFIGURED, 0);
        } else {
            impedancePending = true;
            impedanceDueUs = arrivalUs + DeviceLimits.IMPEDANCE_MEASUREMENT_MS * 1000L;
        }
    }

    private void onStop(int seq) {
        if (state == DeviceState.RUNNING) {
            state = DeviceState.IDLE;
        }
        endRunState();
        replies.ack(MessageType.STOP.code(), seq, AckResult.OK);
    }

    private void onResetFault(byte[] b, int p, int seq) {
        if (state != DeviceState.FAULT) {
            replies.ack(MessageType.RESET_FAULT.code(), seq, AckResult.REFUSED_STATE);
            return;
        }
        int code = getU16(b, p + ResetFaultLayout.FAULT_CODE_OFFSET);
        if (getU16(b, p + 2) != 0) {
            replies.ack(MessageType.RESET_FAULT.code(), seq, AckResult.BAD_VALUE);
            return;
        }
        if (firstFault == null || code != firstFault.code()) {
            replies.ack(MessageType.RESET_FAULT.code(), seq, AckResult.FAULT_MISMATCH);
            return;
        }
        Logger.info("fault {} ({}) reset by the host", firstFault, FaultCode.describeSet(faultSet));
        firstFault = null;
        faultSet = 0;
        faultChannel = IdentifyLayout.NO_CHANNEL;
        endRunState();
        state = DeviceState.IDLE;
        replies.ack(MessageType.RESET_FAULT.code(), seq, AckResult.OK);
    }

    // ------------------------------------------------------------------ DAC tick

    /** Outputs one DAC period starting at device time {@code tickUs} (host time {@code tickNanos}). */
    void tick(long tickUs, long tickNanos) {
        if (impedancePending && tickUs >= impedanceDueUs) {
            impedancePending = false;
            impedanceReport(AckResult.OK, tickNanos);
        }
        if (watchdogArmed && (faultSet & FaultCode.WATCHDOG.bit()) == 0
                && tickUs - lastFeedUs > DeviceLimits.WATCHDOG_MS * 1000L) {
            latch(FaultCode.WATCHDOG, -1, (tickUs - lastFeedUs) / 1000, DeviceLimits.WATCHDOG_MS, NONE, tickUs,
                    tickNanos);
        }
        Arrays.fill(playing, 0);
        Arrays.fill(delivered, 0);
        Arrays.fill(millivolts, 0);
        int ch = configuredChannels;
        if (state == DeviceState.RUNNING && tickUs >= queue.headUs()) {
            if (queue.isEmpty()) {
                if (endAfterSeq != NONE && endAfterSeq == lastAcceptedSeq) {
                    state = DeviceState.IDLE; // the run's last block has played: a normal end
                    endRunState();
                } else {
                    latch(FaultCode.UNDERRUN, -1, lastAcceptedSeq, 0, lastAcceptedSeq, tickUs, tickNanos);
                }
            } else {
                queue.pop(playing, ch);
                output(ch, tickUs, tickNanos);
            }
        }
        truth.append(tickUs, tickNanos, state, playing, delivered, millivolts);
        if (deliveredSink != null) {
            // a copy: a sink cannot alter the output stage's state
            System.arraycopy(delivered, 0, sinkCurrents, 0, physicalChannels);
            deliveredSink.onDelivered(tickNanos, sinkCurrents);
        }
    }

    /** Drives the output stage with {@code playing}, measures, and latches the first measurement fault. */
    private void output(int ch, long tickUs, long tickNanos) {
        boolean connected = enableLine;
        for (int c = 0; c < ch; c++) {
            if (connected) {
                electrodes.drive(c, playing[c], tickNanos, DeviceLimits.COMPLIANCE_MILLIVOLTS, drive);
                delivered[c] = drive[0];
                millivolts[c] = drive[1];
            }
        }
        for (int c = 0; c < ch; c++) {
            int set = playing[c];
            int got = delivered[c];
            int tol = DeviceLimits.CURRENT_TOLERANCE_MICROAMPS;
            if (connected && Math.abs(millivolts[c]) >= DeviceLimits.COMPLIANCE_MILLIVOLTS && Math.abs(set) > 0
                    && Math.abs(got) < Math.abs(set)) {
                latch(FaultCode.COMPLIANCE_SATURATION, c, Math.round(set * electrodes.ohms(c, tickNanos) / 1000),
                        DeviceLimits.COMPLIANCE_MILLIVOLTS, lastAcceptedSeq, tickUs, tickNanos);
                return;
            }
            if (Math.abs(got) > DeviceLimits.PEAK_MICROAMPS + tol || Math.abs(got) > Math.abs(set) + tol) {
                latch(FaultCode.OVER_CURRENT, c, got, set, lastAcceptedSeq, tickUs, tickNanos);
                return;
            }
            if (Math.abs(got - set) > tol) {
                latch(FaultCode.OUTPUT_MISMATCH, c, got, set, lastAcceptedSeq, tickUs, tickNanos);
                return;
            }
            if (Math.abs(got) >= DeviceLimits.IMPEDANCE_ESTIMATE_MIN_MICROAMPS) {
                long ohms = Math.round(Math.abs(millivolts[c] * 1000.0 / got));
                impedanceEstimate[c] = ohms;
                if (ohms > DeviceLimits.MAX_IMPEDANCE_OHMS) {
                    latch(FaultCode.IMPEDANCE_HIGH, c, ohms, DeviceLimits.MAX_IMPEDANCE_OHMS, lastAcceptedSeq, tickUs,
                            tickNanos);
                    return;
                }
            }
        }
    }

    /** The device time of the tick after {@code tickUs}: one period on, or the first sample of a starting run. */
    long nextTickAfter(long tickUs) {
        long next = tickUs + PERIOD_US;
        if (state == DeviceState.RUNNING && queue.headUs() > tickUs) {
            return Math.min(next, queue.headUs());
        }
        return next;
    }

    // ------------------------------------------------------------------ faults

    private void latch(FaultCode code, int channel, long value, long limit, long blockSeq, long deviceUs,
                       long hostNanos) {
        boolean first = faultSet == 0;
        boolean again = (faultSet & code.bit()) != 0;
        faultSet |= code.bit();
        if (first) {
            firstFault = code;
            faultChannel = channel < 0 ? IdentifyLayout.NO_CHANNEL : channel;
        }
        state = DeviceState.FAULT;
        queue.clear();
        impedancePending = false;
        if (again) {
            return;
        }
        truth.addFault(new StimGroundTruth.FaultEvent(code, channel, value, limit, blockSeq, deviceUs, hostNanos,
                first));
        Logger.info("stimulator fault {} channel={} value={} limit={} block={} (set {})", code, channel, value, limit,
                blockSeq, FaultCode.describeSet(faultSet));
        replies.faultReport(code, channel, value, limit, blockSeq, deviceUs);
    }

    /** Measures every configured channel (at host time {@code nanos}) and sends the report. */
    private void impedanceReport(AckResult result, long nanos) {
        int n = result == AckResult.OK ? configuredChannels : 0;
        for (int c = 0; c < n; c++) {
            double z = electrodes.ohms(c, nanos);
            measuredOhms[c] = z > DeviceLimits.IMPEDANCE_RANGE_OHMS ? StatusLayout.IMPEDANCE_UNKNOWN : Math.round(z);
        }
        replies.impedanceReport(impedanceAckSeq, result, n, measuredOhms);
    }

    // ------------------------------------------------------------------ views for the replies and the facade

    int physicalChannels() {
        return physicalChannels;
    }

    int resetCause() {
        return resetCause;
    }

    int faultChannel() {
        return faultChannel;
    }

    int queuedSamples() {
        return queue.size();
    }

    /** The last block accepted in this run, or {@link StatusLayout#NO_BLOCK}. */
    long lastAcceptedSeqOrNone() {
        return lastAcceptedSeq == NONE ? StatusLayout.NO_BLOCK : lastAcceptedSeq;
    }

    long rxBadFramesSinceBoot() {
        return rxBadFrames.getAsLong() - rxBadAtBoot;
    }

    int delivered(int c) {
        return delivered[c];
    }

    int millivolts(int c) {
        return millivolts[c];
    }

    long impedanceEstimate(int c) {
        return impedanceEstimate[c];
    }

    /** The device clock now. */
    long deviceNowUs() {
        return clock.deviceMicros(System.nanoTime());
    }


    DeviceState state() {
        return state;
    }

    FaultCode firstFault() {
        return firstFault;
    }

    int faultSet() {
        return faultSet;
    }

    long bootId() {
        return bootId;
    }

    int configuredChannels() {
        return configuredChannels;
    }

    long blocksAccepted() {
        return blocksAccepted;
    }

    long blocksIgnored() {
        return blocksIgnored;
    }

    long rxSequenceGaps() {
        return rxSequenceGaps;
    }

    int slipsHeld() {
        return slipsHeld;
    }

    int slipsDropped() {
        return slipsDropped;
    }

    boolean enableLine() {
        return enableLine;
    }
}
