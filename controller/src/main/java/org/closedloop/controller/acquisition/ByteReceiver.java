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
     * @param data        the bytes read
     * @param length      how many of them are valid
     * @param arrivalNs   System.nanoTime() just after the read returned
     * @param queuedBytes bytes the operating system still held for this link, asked after {@code arrivalNs} was
     *                    taken (0 if unknown, or if asking took longer than about a millisecond). They were sent
     *                    after these bytes, so if the host was held up between the read and the stamp, they show
     *                    that the stamp is late, not that the device was.
     */
    void onBytes(byte[] data, int length, long arrivalNs, int queuedBytes);
}
