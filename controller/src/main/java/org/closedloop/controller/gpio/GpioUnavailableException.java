package org.closedloop.controller.gpio;

/**
 * The GPIO lines could not be opened (not a Raspberry Pi, no {@code /dev/gpiochip*}, no permission). The message says
 * so plainly and what to do; the controller then refuses to stimulate a real device.
 *
 * <p><b>Thread safety:</b> immutable.
 */
public final class GpioUnavailableException extends Exception {

    public GpioUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
