package org.closedloop.protocol.link;

/**
 * The messages of the stimulator link, with their one-byte codes and the direction they travel. Payload layouts are
 * in the {@code *Layout} classes; {@link #fixedPayloadLength()} is the exact length a receiver requires (the setpoint
 * block's length depends on its counts, see {@link SetpointBlockLayout#length(int, int)}).
 *
 * <p><b>Thread safety:</b> immutable.
 */
public enum MessageType {
    /** Host → device: start a session; answered by {@link #IDENTIFY}. Payload {@link HelloLayout}. */
    HELLO(0x01, true, HelloLayout.LENGTH),
    /** Device → host: who the device is, its limits, clock and latched faults. Payload {@link IdentifyLayout}. */
    IDENTIFY(0x02, false, IdentifyLayout.LENGTH),
    /** Host → device: channel count and electrode areas; answered by {@link #ACK}. Payload {@link ConfigureLayout}. */
    CONFIGURE(0x03, true, ConfigureLayout.LENGTH),
    /** Host → device: setpoints for a stretch of DAC ticks; not answered. Payload {@link SetpointBlockLayout}. */
    SETPOINT_BLOCK(0x04, true, -1),
    /** Host → device: no block follows the named one; answered by {@link #ACK}. Payload {@link EndRunLayout}. */
    END_RUN(0x05, true, EndRunLayout.LENGTH),
    /** Host → device: keeps the watchdog fed; answered by {@link #STATUS}. Empty payload. */
    HEARTBEAT(0x06, true, 0),
    /** Device → host: state, faults, delivered currents, clock. Payload {@link StatusLayout}. */
    STATUS(0x07, false, StatusLayout.LENGTH),
    /** Host → device: measure every configured electrode; answered by {@link #IMPEDANCE_REPORT}. Empty payload. */
    IMPEDANCE_REQUEST(0x08, true, 0),
    /** Device → host: measured impedances. Payload {@link ImpedanceReportLayout}. */
    IMPEDANCE_REPORT(0x09, false, ImpedanceReportLayout.LENGTH),
    /** Host → device: zero the output now and drop the queue; answered by {@link #ACK}. Empty payload. */
    STOP(0x0A, true, 0),
    /** Device → host, unsolicited: a fault latched. Payload {@link FaultReportLayout}. */
    FAULT_REPORT(0x0B, false, FaultReportLayout.LENGTH),
    /** Host → device: clear the latched fault named; answered by {@link #ACK}. Payload {@link ResetFaultLayout}. */
    RESET_FAULT(0x0C, true, ResetFaultLayout.LENGTH),
    /** Device → host: result of a command. Payload {@link AckLayout}. */
    ACK(0x0D, false, AckLayout.LENGTH);

    private static final MessageType[] BY_CODE = new MessageType[256];

    static {
        for (MessageType t : values()) {
            BY_CODE[t.code] = t;
        }
    }

    private final int code;
    private final boolean hostToDevice;
    private final int fixedPayloadLength;

    MessageType(int code, boolean hostToDevice, int fixedPayloadLength) {
        this.code = code;
        this.hostToDevice = hostToDevice;
        this.fixedPayloadLength = fixedPayloadLength;
    }

    /** The type byte on the wire. */
    public int code() {
        return code;
    }

    /** True for commands the host sends, false for what the device sends. */
    public boolean hostToDevice() {
        return hostToDevice;
    }

    /** The exact payload length of this message, or -1 if it varies (setpoint blocks). */
    public int fixedPayloadLength() {
        return fixedPayloadLength;
    }

    /** The type with this code, or null if none; allocation-free. */
    public static MessageType fromCode(int code) {
        return code >= 0 && code < 256 ? BY_CODE[code] : null;
    }
}
