package org.closedloop.protocol.cyton;

/**
 * Receives each packet the decoder accepts.
 *
 * <p><b>Thread safety:</b> called on the thread that feeds the decoder; the packet is reused after the call returns.
 */
@FunctionalInterface
public interface CytonPacketSink {
    /** Called once per accepted packet; copy what you keep, the instance is reused. */
    void onPacket(CytonPacket packet);
}
