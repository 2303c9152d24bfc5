package org.closedloop.controller.stim;

import static org.closedloop.protocol.link.LittleEndian.getI16;
import static org.closedloop.protocol.link.LittleEndian.getU16;
import static org.closedloop.protocol.link.LittleEndian.getU32;
import static org.closedloop.protocol.link.LittleEndian.getU8;

import org.closedloop.protocol.link.DeviceState;
import org.closedloop.protocol.link.FaultCode;
import org.closedloop.protocol.link.SetpointBlockLayout;
import org.closedloop.protocol.link.StatusLayout;

/**
 * One STATUS from the stimulator, as received.
 *
 * <p><b>Thread safety:</b> immutable (arrays are copied out).
 *
 * @param receivedAtNs    host time the frame arrived
 * @param state           device state
 * @param configuredChannels configured channels
 * @param firstFault      first latched fault, or null
 * @param faultSet        every latched fault (bits)
 * @param faultChannel    channel of the first fault, or -1
 * @param enableLine      the hardware enable line as the device sees it
 * @param queuedSamples   samples queued, not yet output
 * @param bootId          the device's boot id
 * @param rxCorruptFrames frames the device received damaged since boot
 * @param rxSequenceGaps  frames the device missed by sequence number since boot
 * @param slipsHeld       clock slips of the run (held samples)
 * @param slipsDropped    clock slips of the run (dropped samples)
 */
public record DeviceStatus(long receivedAtNs, DeviceState state, int configuredChannels, FaultCode firstFault,
                           long faultSet, int faultChannel, boolean enableLine, int queuedSamples, long bootId,
                           long rxCorruptFrames, long rxSequenceGaps, int slipsHeld, int slipsDropped,
                           int[] deliveredMicroAmps, int[] electrodeMilliVolts, long[] impedanceOhms) {

    /** Parses a STATUS payload at {@code b[p..]}. */
    static DeviceStatus parse(byte[] b, int p, long receivedAtNs) {
        int n = SetpointBlockLayout.MAX_CHANNELS;
        int[] cur = new int[n];
        int[] mv = new int[n];
        long[] z = new long[n];
        for (int c = 0; c < n; c++) {
            cur[c] = getI16(b, p + StatusLayout.deliveredOffset(c));
            mv[c] = getI16(b, p + StatusLayout.voltageOffset(c));
            long ohms = getU32(b, p + StatusLayout.impedanceOffset(c));
            z[c] = ohms == StatusLayout.IMPEDANCE_UNKNOWN ? -1 : ohms;
        }
        int ch = getU8(b, p + StatusLayout.FAULT_CHANNEL_OFFSET);
        return new DeviceStatus(receivedAtNs, DeviceState.fromCode(getU8(b, p + StatusLayout.STATE_OFFSET)),
                getU8(b, p + StatusLayout.CONFIGURED_CHANNELS_OFFSET),
                FaultCode.fromCode(getU16(b, p + StatusLayout.FIRST_FAULT_OFFSET)),
                getU32(b, p + StatusLayout.FAULT_SET_OFFSET), ch == 0xFF ? -1 : ch,
                getU8(b, p + StatusLayout.ENABLE_LINE_OFFSET) != 0, getU16(b, p + StatusLayout.QUEUED_SAMPLES_OFFSET),
                getU32(b, p + StatusLayout.BOOT_ID_OFFSET), getU32(b, p + StatusLayout.RX_CORRUPT_FRAMES_OFFSET),
                getU32(b, p + StatusLayout.RX_SEQUENCE_GAPS_OFFSET), getU16(b, p + StatusLayout.SLIPS_HELD_OFFSET),
                getU16(b, p + StatusLayout.SLIPS_DROPPED_OFFSET), cur, mv, z);
    }

    /** Delivered current of channel {@code c} at the tick before this status, µA. */
    public int deliveredMicroAmps(int c) {
        return deliveredMicroAmps[c];
    }

    /** Impedance estimate of channel {@code c}, Ω, or -1 if unknown. */
    public long impedanceOhms(int c) {
        return impedanceOhms[c];
    }

    @Override
    public int[] deliveredMicroAmps() {
        return deliveredMicroAmps.clone();
    }

    @Override
    public int[] electrodeMilliVolts() {
        return electrodeMilliVolts.clone();
    }

    @Override
    public long[] impedanceOhms() {
        return impedanceOhms.clone();
    }
}
