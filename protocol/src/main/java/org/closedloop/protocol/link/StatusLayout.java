package org.closedloop.protocol.link;

/**
 * Payload of {@link MessageType#STATUS} (device → host, the answer to every HEARTBEAT), 112 bytes. The two clock
 * fields give the host an NTP-style exchange: host send time, device receive time, device send time, host receive
 * time.
 *
 * <pre>
 *  offset size  field
 *  0      u8    device state ({@link DeviceState#code()})
 *  1      u8    configured channels (0 = not configured)
 *  2      u16   first latched fault code (0 none)
 *  4      u32   fault set: bit (code - 1) for every fault latched since the last reset
 *  8      u8    channel of the first fault (0xFF none)
 *  9      u8    hardware enable line: 1 high (output stage connected), 0 low
 *  10     u16   samples queued, not yet output
 *  12     u32   sequence number of the last block accepted in this run (0xFFFFFFFF none)
 *  16     i64   device clock when the HEARTBEAT answered was received, µs
 *  24     i64   device clock when this STATUS was built, µs
 *  32     u32   boot id
 *  36     u32   frames received with a bad CRC or encoding since boot
 *  40     u32   frames missing by the host's frame sequence numbers since boot
 *  44     u16   clock slips: samples held once because a block started one period late
 *  46     u16   clock slips: samples dropped because a block started one period early
 *  48     8 × { i16 delivered current µA, i16 electrode voltage mV, u32 impedance Ω (0xFFFFFFFF unknown) }
 * </pre>
 *
 * <p><b>Thread safety:</b> constants only.
 */
public final class StatusLayout {
    public static final int STATE_OFFSET = 0;
    public static final int CONFIGURED_CHANNELS_OFFSET = 1;
    public static final int FIRST_FAULT_OFFSET = 2;
    public static final int FAULT_SET_OFFSET = 4;
    public static final int FAULT_CHANNEL_OFFSET = 8;
    public static final int ENABLE_LINE_OFFSET = 9;
    public static final int QUEUED_SAMPLES_OFFSET = 10;
    public static final int LAST_BLOCK_SEQ_OFFSET = 12;
    public static final int RX_DEVICE_US_OFFSET = 16;
    public static final int TX_DEVICE_US_OFFSET = 24;
    public static final int BOOT_ID_OFFSET = 32;
    public static final int RX_CORRUPT_FRAMES_OFFSET = 36;
    public static final int RX_SEQUENCE_GAPS_OFFSET = 40;
    public static final int SLIPS_HELD_OFFSET = 44;
    public static final int SLIPS_DROPPED_OFFSET = 46;
    public static final int CHANNELS_OFFSET = 48;
    public static final int CHANNEL_STRIDE = 8;
    public static final int DELIVERED_MICROAMPS_IN_CHANNEL = 0;
    public static final int ELECTRODE_MILLIVOLTS_IN_CHANNEL = 2;
    public static final int IMPEDANCE_OHMS_IN_CHANNEL = 4;
    public static final int LENGTH = CHANNELS_OFFSET + CHANNEL_STRIDE * SetpointBlockLayout.MAX_CHANNELS;

    /** Impedance field value meaning "not known" (too little current to estimate it). */
    public static final long IMPEDANCE_UNKNOWN = 0xFFFF_FFFFL;
    /** Last-block field value meaning "no block in this run". */
    public static final long NO_BLOCK = 0xFFFF_FFFFL;

    private StatusLayout() {
    }

    /** Offset of channel {@code channel}'s delivered current. */
    public static int deliveredOffset(int channel) {
        return CHANNELS_OFFSET + CHANNEL_STRIDE * channel + DELIVERED_MICROAMPS_IN_CHANNEL;
    }

    /** Offset of channel {@code channel}'s electrode voltage. */
    public static int voltageOffset(int channel) {
        return CHANNELS_OFFSET + CHANNEL_STRIDE * channel + ELECTRODE_MILLIVOLTS_IN_CHANNEL;
    }

    /** Offset of channel {@code channel}'s impedance estimate. */
    public static int impedanceOffset(int channel) {
        return CHANNELS_OFFSET + CHANNEL_STRIDE * channel + IMPEDANCE_OHMS_IN_CHANNEL;
    }
}
