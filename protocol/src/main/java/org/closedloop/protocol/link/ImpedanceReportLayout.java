package org.closedloop.protocol.link;

/**
 * Payload of {@link MessageType#IMPEDANCE_REPORT} (device → host, the answer to IMPEDANCE_REQUEST), 36 bytes.
 *
 * <pre>
 *  offset size    field
 *  0      u8      result ({@link AckResult#code()}): OK, REFUSED_STATE (not IDLE) or NOT_CONFIGURED
 *  1      u8      channels measured (the configured count; 0 unless OK)
 *  2      u16     test current used, µA peak
 *  4      u32[8]  impedance of channel c, Ω (0xFFFFFFFF: open circuit beyond the measuring range)
 * </pre>
 *
 * <p><b>Thread safety:</b> constants only.
 */
public final class ImpedanceReportLayout {
    public static final int RESULT_OFFSET = 0;
    public static final int CHANNELS_OFFSET = 1;
    public static final int TEST_CURRENT_MICROAMPS_OFFSET = 2;
    public static final int OHMS_OFFSET = 4;
    public static final int LENGTH = 36;

    private ImpedanceReportLayout() {
    }

    /** Offset of channel {@code channel}'s impedance. */
    public static int ohmsOffset(int channel) {
        return OHMS_OFFSET + 4 * channel;
    }
}
