package org.closedloop.protocol.link;

/**
 * Payload of {@link MessageType#RESET_FAULT} (host → device), 4 bytes. The host names the fault it is clearing, so a
 * fault it has not seen cannot be cleared by accident.
 *
 * <pre>
 *  offset size field
 *  0      u16  the device's first latched fault code, as last reported
 *  2      u16  reserved, 0
 * </pre>
 *
 * <p><b>Thread safety:</b> constants only.
 */
public final class ResetFaultLayout {
    public static final int FAULT_CODE_OFFSET = 0;
    public static final int LENGTH = 4;

    private ResetFaultLayout() {
    }
}
