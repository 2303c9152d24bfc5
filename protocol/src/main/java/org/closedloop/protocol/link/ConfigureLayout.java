package org.closedloop.protocol.link;

/**
 * Payload of {@link MessageType#CONFIGURE} (host → device), 20 bytes. Accepted in IDLE only.
 *
 * <pre>
 *  offset size    field
 *  0      u8      channel count used by this session (1 to the device's channels); every block must carry it
 *  1      u8[3]   reserved, 0
 *  4      u16[8]  contact area of channel c's electrode in 0.01 cm² (1-65535 for used channels, 0 for the rest);
 *                 the device caps channel c at 20 µA per unit (2000 µA/cm²), rounded down by the host
 * </pre>
 *
 * <p><b>Thread safety:</b> constants only.
 */
public final class ConfigureLayout {
    public static final int CHANNEL_COUNT_OFFSET = 0;
    public static final int AREAS_OFFSET = 4;
    public static final int LENGTH = 20;

    private ConfigureLayout() {
    }

    /** Offset of channel {@code channel}'s area. */
    public static int areaOffset(int channel) {
        return AREAS_OFFSET + 2 * channel;
    }
}
