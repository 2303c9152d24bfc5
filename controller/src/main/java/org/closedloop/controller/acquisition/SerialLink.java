package org.closedloop.controller.acquisition;

/**
 * A byte link to a device: the role the acquisition code needs from a serial port.
 *
 * <p><b>Thread safety:</b> open, write and close are called from one controlling thread; received bytes are
 * delivered on the link's own reader thread.
 */
public interface SerialLink extends AutoCloseable {
    /** Opens the device and starts delivering bytes to {@code receiver}. */
    void open(ByteReceiver receiver) throws AcquisitionException;

    /** Writes all bytes. */
    void write(byte[] bytes) throws AcquisitionException;

    /**
     * False once the device is known to be gone (hung up, unplugged, file removed). Cheap; called by the supervisor
     * a few times a second.
     */
    boolean isHealthy();

    /** The device path, for messages. */
    String portName();

    /** Stops delivery and closes the device; safe to call twice. */
    @Override
    void close();
}
