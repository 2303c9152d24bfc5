package org.closedloop.controller.acquisition;

/**
 * Link events, for logs, the live status line and (later) recording annotations. Never called per sample.
 *
 * <p><b>Thread safety:</b> called on the acquisition's supervisor thread (or the thread calling start()).
 */
public interface AcquisitionListener {
    /** The board answered the handshake and streams; {@code banner} is its {@code v} reply. */
    default void onConnected(String port, String banner) {
    }

    /** The link lost {@code samples} since the last report (counter gaps, long gaps found by the clock). */
    default void onLoss(long samples, long totalLost) {
    }

    /** Nothing arrived for {@code silentMs} although the port is open. */
    default void onStall(long silentMs) {
    }

    /** Data flows again after a stall that lasted {@code silentMs}. */
    default void onStallEnded(long silentMs) {
    }

    /** The device went away (hang-up, removed, or silent too long). */
    default void onDisconnected(String port, String reason) {
    }

    /** A reconnect attempt failed; another follows after {@code retryInMs}. */
    default void onReconnectFailed(String port, AcquisitionException error, long retryInMs) {
    }

    /** Streaming resumed after a disconnect; {@code gapSamples} were never acquired (estimated from the clock). */
    default void onReconnected(String port, long gapMs, long gapSamples) {
    }
}
