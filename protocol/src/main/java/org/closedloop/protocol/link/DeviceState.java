package org.closedloop.protocol.link;

/**
 * The stimulator's own state machine (diagram in {@code hardware-docs/stimulator-protocol.md}). Output is non-zero
 * only in {@link #RUNNING}.
 *
 * <p><b>Thread safety:</b> immutable.
 */
public enum DeviceState {
    /** Output zero; accepts configure, impedance and the first block of a run. The state after power-on. */
    IDLE(1),
    /** A run is playing its queue of setpoints; the watchdog is armed. */
    RUNNING(2),
    /** Output zero; a fault is latched until {@link MessageType#RESET_FAULT} names it. */
    FAULT(3);

    private final int code;

    DeviceState(int code) {
        this.code = code;
    }

    /** The state byte on the wire. */
    public int code() {
        return code;
    }

    /** The state with this code, or null; allocation-free. */
    public static DeviceState fromCode(int code) {
        switch (code) {
            case 1:
                return IDLE;
            case 2:
                return RUNNING;
            case 3:
                return FAULT;
            default:
                return null;
        }
    }
}
