package org.closedloop.sim.stim;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.closedloop.protocol.link.AckLayout;
import org.closedloop.protocol.link.AckResult;
import org.closedloop.protocol.link.FaultCode;
import org.closedloop.protocol.link.FaultReportLayout;
import org.closedloop.protocol.link.FrameEncoder;
import org.closedloop.protocol.link.FrameLayout;
import org.closedloop.protocol.link.IdentifyLayout;
import org.closedloop.protocol.link.ImpedanceReportLayout;
import org.closedloop.protocol.link.LittleEndian;
import org.closedloop.protocol.link.MessageType;
import org.closedloop.protocol.link.SetpointBlockLayout;
import org.closedloop.protocol.link.StatusLayout;

/**
 * The firmware's transmit side: encodes ACK, IDENTIFY, STATUS, IMPEDANCE_REPORT and FAULT_REPORT from the firmware's
 * state, numbers them, and hands them to the {@link Outbox}. Reuses one payload and one wire buffer.
 *
 * <p><b>Thread safety:</b> not thread safe; owned by the firmware (DAC) thread.
 */
final class FirmwareReplies {
    private static final byte[] FIRMWARE = StimFirmware.FIRMWARE_VERSION.getBytes(StandardCharsets.US_ASCII);

    private final Outbox outbox;
    private final FrameEncoder encoder = new FrameEncoder();
    private final byte[] wire = new byte[FrameLayout.MAX_WIRE_LENGTH];
    private final byte[] payload = new byte[FrameLayout.MAX_PAYLOAD_LENGTH];
    private int txSeq;

    FirmwareReplies(Outbox outbox) {
        this.outbox = outbox;
    }

    /** Frame numbering starts again (a boot). */
    void restartSequence() {
        txSeq = 0;
    }

    void ack(int ackedType, int seq, AckResult result) {
        Arrays.fill(payload, 0, AckLayout.LENGTH, (byte) 0);
        payload[AckLayout.ACKED_TYPE_OFFSET] = (byte) ackedType;
        payload[AckLayout.RESULT_OFFSET] = (byte) result.code();
        send(MessageType.ACK, FrameLayout.FLAG_REPLY, seq, AckLayout.LENGTH);
    }

    /** IDENTIFY: answering HELLO {@code seq} with its {@code nonce}, or unsolicited after a boot. */
    void identify(StimFirmware fw, boolean reply, int seq, long nonce) {
        byte[] b = payload;
        Arrays.fill(b, 0, IdentifyLayout.LENGTH, (byte) 0);
        LittleEndian.putU8(b, IdentifyLayout.PROTOCOL_VERSION_OFFSET, FrameLayout.VERSION);
        LittleEndian.putU8(b, IdentifyLayout.DEVICE_KIND_OFFSET, IdentifyLayout.KIND_SIMULATOR);
        LittleEndian.putU8(b, IdentifyLayout.CHANNELS_OFFSET, fw.physicalChannels());
        LittleEndian.putU8(b, IdentifyLayout.MAX_BLOCK_SAMPLES_OFFSET, SetpointBlockLayout.MAX_SAMPLES);
        LittleEndian.putU16(b, IdentifyLayout.DAC_RATE_HZ_OFFSET, SetpointBlockLayout.DAC_RATE_HZ);
        LittleEndian.putU8(b, IdentifyLayout.RESET_CAUSE_OFFSET, fw.resetCause());
        LittleEndian.putU8(b, IdentifyLayout.STATE_OFFSET, fw.state().code());
        LittleEndian.putU32(b, IdentifyLayout.SESSION_NONCE_OFFSET, nonce);
        LittleEndian.putU32(b, IdentifyLayout.BOOT_ID_OFFSET, fw.bootId());
        LittleEndian.putI64(b, IdentifyLayout.DEVICE_TIME_US_OFFSET, fw.deviceNowUs());
        LittleEndian.putU16(b, IdentifyLayout.FIRST_FAULT_OFFSET, code(fw.firstFault()));
        LittleEndian.putU8(b, IdentifyLayout.FAULT_CHANNEL_OFFSET, fw.faultChannel());
        LittleEndian.putU8(b, IdentifyLayout.CONFIGURED_CHANNELS_OFFSET, fw.configuredChannels());
        LittleEndian.putU32(b, IdentifyLayout.FAULT_SET_OFFSET, fw.faultSet());
        LittleEndian.putU16(b, IdentifyLayout.PEAK_MICROAMPS_OFFSET, DeviceLimits.PEAK_MICROAMPS);
        LittleEndian.putU16(b, IdentifyLayout.TOTAL_MICROAMPS_OFFSET, DeviceLimits.TOTAL_MICROAMPS);
        LittleEndian.putU16(b, IdentifyLayout.NET_MICROAMPS_OFFSET, DeviceLimits.NET_MICROAMPS);
        LittleEndian.putU16(b, IdentifyLayout.DC_MICROAMPS_OFFSET, DeviceLimits.DC_MICROAMPS);
        LittleEndian.putU16(b, IdentifyLayout.DENSITY_MICROAMPS_PER_CM2_OFFSET, DeviceLimits.DENSITY_MICROAMPS_PER_CM2);
        LittleEndian.putU16(b, IdentifyLayout.RAMP_MICROAMPS_PER_SECOND_OFFSET,
                DeviceLimits.ONSET_RAMP_MICROAMPS_PER_SECOND);
        LittleEndian.putU16(b, IdentifyLayout.COMPLIANCE_MILLIVOLTS_OFFSET, DeviceLimits.COMPLIANCE_MILLIVOLTS);
        LittleEndian.putU16(b, IdentifyLayout.WATCHDOG_MS_OFFSET, DeviceLimits.WATCHDOG_MS);
        LittleEndian.putU16(b, IdentifyLayout.MAX_HORIZON_MS_OFFSET, DeviceLimits.MAX_HORIZON_MS);
        LittleEndian.putU16(b, IdentifyLayout.CURRENT_TOLERANCE_MICROAMPS_OFFSET,
                DeviceLimits.CURRENT_TOLERANCE_MICROAMPS);
        LittleEndian.putU32(b, IdentifyLayout.MAX_IMPEDANCE_OHMS_OFFSET, DeviceLimits.MAX_IMPEDANCE_OHMS);
        System.arraycopy(FIRMWARE, 0, b, IdentifyLayout.FIRMWARE_OFFSET,
                Math.min(FIRMWARE.length, IdentifyLayout.FIRMWARE_LENGTH));
        send(MessageType.IDENTIFY, reply ? FrameLayout.FLAG_REPLY : 0, seq, IdentifyLayout.LENGTH);
    }

    /** STATUS answering HEARTBEAT {@code seq}, which arrived at device time {@code rxUs}. */
    void status(StimFirmware fw, int seq, long rxUs) {
        byte[] b = payload;
        Arrays.fill(b, 0, StatusLayout.LENGTH, (byte) 0);
        LittleEndian.putU8(b, StatusLayout.STATE_OFFSET, fw.state().code());
        LittleEndian.putU8(b, StatusLayout.CONFIGURED_CHANNELS_OFFSET, fw.configuredChannels());
        LittleEndian.putU16(b, StatusLayout.FIRST_FAULT_OFFSET, code(fw.firstFault()));
        LittleEndian.putU32(b, StatusLayout.FAULT_SET_OFFSET, fw.faultSet());
        LittleEndian.putU8(b, StatusLayout.FAULT_CHANNEL_OFFSET, fw.faultChannel());
        LittleEndian.putU8(b, StatusLayout.ENABLE_LINE_OFFSET, fw.enableLine() ? 1 : 0);
        LittleEndian.putU16(b, StatusLayout.QUEUED_SAMPLES_OFFSET, fw.queuedSamples());
        LittleEndian.putU32(b, StatusLayout.LAST_BLOCK_SEQ_OFFSET, fw.lastAcceptedSeqOrNone());
        LittleEndian.putI64(b, StatusLayout.RX_DEVICE_US_OFFSET, rxUs);
        LittleEndian.putU32(b, StatusLayout.BOOT_ID_OFFSET, fw.bootId());
        LittleEndian.putU32(b, StatusLayout.RX_CORRUPT_FRAMES_OFFSET, fw.rxBadFramesSinceBoot());
        LittleEndian.putU32(b, StatusLayout.RX_SEQUENCE_GAPS_OFFSET, fw.rxSequenceGaps());
        LittleEndian.putU16(b, StatusLayout.SLIPS_HELD_OFFSET, fw.slipsHeld());
        LittleEndian.putU16(b, StatusLayout.SLIPS_DROPPED_OFFSET, fw.slipsDropped());
        for (int c = 0; c < SetpointBlockLayout.MAX_CHANNELS; c++) {
            LittleEndian.putU16(b, StatusLayout.deliveredOffset(c), fw.delivered(c));
            LittleEndian.putU16(b, StatusLayout.voltageOffset(c), fw.millivolts(c));
            LittleEndian.putU32(b, StatusLayout.impedanceOffset(c), fw.impedanceEstimate(c));
        }
        // the transmit time last, as close to the write as the firmware gets
        LittleEndian.putI64(b, StatusLayout.TX_DEVICE_US_OFFSET, fw.deviceNowUs());
        send(MessageType.STATUS, FrameLayout.FLAG_REPLY, seq, StatusLayout.LENGTH);
    }

    /** IMPEDANCE_REPORT answering {@code ackSeq}: {@code ohms[0, channels)}. */
    void impedanceReport(int ackSeq, AckResult result, int channels, long[] ohms) {
        byte[] b = payload;
        Arrays.fill(b, 0, ImpedanceReportLayout.LENGTH, (byte) 0);
        b[ImpedanceReportLayout.RESULT_OFFSET] = (byte) result.code();
        b[ImpedanceReportLayout.CHANNELS_OFFSET] = (byte) channels;
        LittleEndian.putU16(b, ImpedanceReportLayout.TEST_CURRENT_MICROAMPS_OFFSET,
                DeviceLimits.IMPEDANCE_TEST_MICROAMPS);
        for (int c = 0; c < channels; c++) {
            LittleEndian.putU32(b, ImpedanceReportLayout.ohmsOffset(c), ohms[c]);
        }
        send(MessageType.IMPEDANCE_REPORT, FrameLayout.FLAG_REPLY, ackSeq, ImpedanceReportLayout.LENGTH);
    }

    /** FAULT_REPORT, unsolicited. */
    void faultReport(FaultCode code, int channel, long value, long limit, long blockSeq, long deviceUs) {
        byte[] b = payload;
        Arrays.fill(b, 0, FaultReportLayout.LENGTH, (byte) 0);
        LittleEndian.putU16(b, FaultReportLayout.CODE_OFFSET, code.code());
        LittleEndian.putU8(b, FaultReportLayout.CHANNEL_OFFSET, channel < 0 ? IdentifyLayout.NO_CHANNEL : channel);
        LittleEndian.putI32(b, FaultReportLayout.VALUE_OFFSET, clampToInt(value));
        LittleEndian.putI32(b, FaultReportLayout.LIMIT_OFFSET, clampToInt(limit));
        LittleEndian.putU32(b, FaultReportLayout.BLOCK_SEQ_OFFSET, blockSeq);
        LittleEndian.putI64(b, FaultReportLayout.DEVICE_TIME_US_OFFSET, deviceUs);
        send(MessageType.FAULT_REPORT, 0, 0, FaultReportLayout.LENGTH);
    }

    private static int code(FaultCode f) {
        return f == null ? 0 : f.code();
    }

    private static int clampToInt(long v) {
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
    }

    private void send(MessageType type, int flags, int ackSeq, int payloadLength) {
        int n = encoder.encode(type, flags, txSeq, ackSeq, payload, 0, payloadLength, wire, 0);
        txSeq = (txSeq + 1) & 0xFFFF;
        outbox.send(type, wire, n);
    }
}
