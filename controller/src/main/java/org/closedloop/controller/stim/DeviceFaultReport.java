package org.closedloop.controller.stim;

import static org.closedloop.protocol.link.LittleEndian.getI32;
import static org.closedloop.protocol.link.LittleEndian.getI64;
import static org.closedloop.protocol.link.LittleEndian.getU16;
import static org.closedloop.protocol.link.LittleEndian.getU32;
import static org.closedloop.protocol.link.LittleEndian.getU8;

import org.closedloop.protocol.link.FaultCode;
import org.closedloop.protocol.link.FaultReportLayout;

/**
 * One FAULT_REPORT: a fault the stimulator latched, with the offending value and the limit.
 *
 * <p><b>Thread safety:</b> immutable.
 *
 * @param receivedAtNs host time the report arrived
 * @param code         the fault (null if the code is unknown to this controller: treated as a device fault)
 * @param rawCode      the code on the wire
 * @param channel      channel concerned, or -1
 * @param value        offending value (meaning per code: see the protocol document)
 * @param limit        the limit broken
 * @param blockSeq     block concerned, or -1
 * @param deviceTimeUs device clock when it latched
 */
public record DeviceFaultReport(long receivedAtNs, FaultCode code, int rawCode, int channel, int value, int limit,
                                long blockSeq, long deviceTimeUs) {

    static DeviceFaultReport parse(byte[] b, int p, long receivedAtNs) {
        int raw = getU16(b, p + FaultReportLayout.CODE_OFFSET);
        int ch = getU8(b, p + FaultReportLayout.CHANNEL_OFFSET);
        long seq = getU32(b, p + FaultReportLayout.BLOCK_SEQ_OFFSET);
        return new DeviceFaultReport(receivedAtNs, FaultCode.fromCode(raw), raw, ch == 0xFF ? -1 : ch,
                getI32(b, p + FaultReportLayout.VALUE_OFFSET), getI32(b, p + FaultReportLayout.LIMIT_OFFSET),
                seq == 0xFFFF_FFFFL ? -1 : seq, getI64(b, p + FaultReportLayout.DEVICE_TIME_US_OFFSET));
    }

    @Override
    public String toString() {
        return "stimulator fault " + (code == null ? "code " + rawCode : code) + (channel >= 0 ? " channel=" + channel
                : "") + " value=" + value + " limit=" + limit + (blockSeq >= 0 ? " block=" + blockSeq : "");
    }
}
