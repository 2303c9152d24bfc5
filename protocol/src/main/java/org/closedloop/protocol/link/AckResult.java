package org.closedloop.protocol.link;

/**
 * The result byte of an {@link MessageType#ACK} (and of an {@link MessageType#IMPEDANCE_REPORT}).
 *
 * <p><b>Thread safety:</b> immutable.
 */
public enum AckResult {
    /** Done. */
    OK(0),
    /** Not allowed in the device's current state (e.g. configure while RUNNING). */
    REFUSED_STATE(1),
    /** The payload length is wrong for the message type. */
    BAD_LENGTH(2),
    /** The type byte names no message the device accepts. */
    UNKNOWN_TYPE(3),
    /** A field is out of range (e.g. channel count 0, an area of 0 on a used channel). */
    BAD_VALUE(4),
    /** RESET_FAULT named a fault other than the one latched. */
    FAULT_MISMATCH(5),
    /** The device has not been configured yet. */
    NOT_CONFIGURED(6);

    private static final AckResult[] VALUES = values();

    private final int code;

    AckResult(int code) {
        this.code = code;
    }

    /** The result byte on the wire. */
    public int code() {
        return code;
    }

    /** The result with this code, or null; allocation-free. */
    public static AckResult fromCode(int code) {
        for (AckResult r : VALUES) {
            if (r.code == code) {
                return r;
            }
        }
        return null;
    }
}
