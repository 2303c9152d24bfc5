package org.closedloop.protocol.link;

/**
 * Payload of {@link MessageType#FAULT_REPORT} (device → host, unsolicited, once per latched fault), 24 bytes. The
 * meaning of value and limit per fault code is in {@code hardware-docs/stimulator-protocol.md}.
 *
 * <pre>
 *  offset size field
 *  0      u16  fault code ({@link FaultCode#code()})
 *  2      u8   channel (0xFF none)
 *  3      u8   reserved, 0
 *  4      i32  the offending value (e.g. the setpoint in µA, the silent time in ms)
 *  8      i32  the limit it broke
 *  12     u32  sequence number of the block concerned (0xFFFFFFFF none)
 *  16     i64  device clock when the fault latched, µs
 * </pre>
 *
 * <p><b>Thread safety:</b> constants only.
 */
public final class FaultReportLayout {
    public static final int CODE_OFFSET = 0;
    public static final int CHANNEL_OFFSET = 2;
    public static final int VALUE_OFFSET = 4;
    public static final int LIMIT_OFFSET = 8;
    public static final int BLOCK_SEQ_OFFSET = 12;
    public static final int DEVICE_TIME_US_OFFSET = 16;
    public static final int LENGTH = 24;

    private FaultReportLayout() {
    }
}
