package org.closedloop.protocol.link;

/**
 * Why the stimulator latched a fault. Every fault zeroes the output at once and is latched until the host sends
 * {@link MessageType#RESET_FAULT} naming the first one. The device keeps the first fault's code and a bit set of
 * every fault since the last reset ({@link #bit()} = {@code 1 << (code - 1)}).
 *
 * <p><b>Thread safety:</b> immutable.
 */
public enum FaultCode {
    /** No heartbeat and no setpoint block for the watchdog time while a run was active. */
    WATCHDOG(1),
    /** The setpoint queue ran dry during a run (a block came late or never). */
    UNDERRUN(2),
    /** A setpoint block's sequence number was not the next one: a block was lost. */
    SEQUENCE_GAP(3),
    /** A block started in the past, too far ahead, or not where the previous one ended. */
    BLOCK_TIMING(4),
    /** A block's channel count, sample count or length is wrong. */
    BLOCK_FORMAT(5),
    /** A setpoint above the per-channel peak limit. */
    PEAK_CURRENT(6),
    /** A sample whose positive currents add up to more than the total limit. */
    TOTAL_CURRENT(7),
    /** A sample whose currents do not cancel within the net limit. */
    NET_CURRENT(8),
    /** A setpoint above the density limit times the channel's configured area. */
    CURRENT_DENSITY(9),
    /** A channel's running charge balance shows a DC component above the limit. */
    DC_COMPONENT(10),
    /** A setpoint above the onset ramp allowed so early in the run. */
    ONSET_RAMP(11),
    /** An electrode needed more than the compliance voltage for its setpoint. */
    COMPLIANCE_SATURATION(12),
    /** An electrode's measured impedance went above the limit during a run. */
    IMPEDANCE_HIGH(13),
    /** The measured current exceeded the setpoint (or the peak limit) by more than the tolerance. */
    OVER_CURRENT(14),
    /** The measured current fell short of the setpoint by more than the tolerance (e.g. output relay open). */
    OUTPUT_MISMATCH(15),
    /** The device restarted for any reason but power-on (watchdog reset, brown-out, crash). */
    UNEXPECTED_RESET(16),
    /** A setpoint block arrived before CONFIGURE. */
    NOT_CONFIGURED(17);

    private static final FaultCode[] BY_CODE = new FaultCode[32];

    static {
        for (FaultCode f : values()) {
            BY_CODE[f.code] = f;
        }
    }

    private final int code;

    FaultCode(int code) {
        this.code = code;
    }

    /** The fault code on the wire (1-31; 0 means "no fault"). */
    public int code() {
        return code;
    }

    /** This fault's bit in the fault set. */
    public int bit() {
        return 1 << (code - 1);
    }

    /** The fault with this code, or null (0 and unknown codes); allocation-free. */
    public static FaultCode fromCode(int code) {
        return code > 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    /** The names of the faults in a fault set, e.g. "UNDERRUN|WATCHDOG", or "none". */
    public static String describeSet(long bits) {
        StringBuilder sb = new StringBuilder();
        for (FaultCode f : values()) {
            if ((bits & f.bit()) != 0) {
                if (sb.length() > 0) {
                    sb.append('|');
                }
                sb.append(f.name());
            }
        }
        long unknown = bits & ~knownBits();
        if (unknown != 0) {
            sb.append(sb.length() > 0 ? "|" : "").append("unknown:0x").append(Long.toHexString(unknown));
        }
        return sb.length() == 0 ? "none" : sb.toString();
    }

    private static long knownBits() {
        long b = 0;
        for (FaultCode f : values()) {
            b |= f.bit();
        }
        return b;
    }
}
