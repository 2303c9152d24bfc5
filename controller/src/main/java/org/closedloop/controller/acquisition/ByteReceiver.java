package org.closedloop.controller.acquisition;

/**
 * Receives bytes from a serial link.
 *
 * <p><b>Thread safety:</b> called on the link's reader thread, one call at a time; the array is only valid during
 * the call.
 */
@FunctionalInterface
public interface ByteReceiver {
    /**
     * @param data      the bytes read
     * @param length    how many of them are valid
     * @param arrivalNs System.nanoTime() just after the read returned
     */
    void onBytes(byte[] data, int length, long arrivalNs);
}
