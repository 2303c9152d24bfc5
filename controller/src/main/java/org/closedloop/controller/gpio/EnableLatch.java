package org.closedloop.controller.gpio;

/**
 * The relay rule shared by every {@link SafetyLines}: output high only if the loop requests it and no emergency-stop
 * press has been seen since the loop's last request for low. The latch clears when the loop requests low (which it
 * does once it has seen the press: the interlock is then in FAULT).
 *
 * <p><b>Thread safety:</b> thread safe (synchronized): requests come from the loop thread, presses from the GPIO
 * thread.
 */
final class EnableLatch {
    /** Drives the physical output. */
    interface Output {
        void drive(boolean high);
    }

    private final Output output;
    private boolean requested;
    private boolean latchedByPress;
    private boolean high;

    EnableLatch(Output output) {
        this.output = output;
        output.drive(false);
    }

    /** The loop's request. */
    synchronized void request(boolean enable) {
        requested = enable;
        if (!enable) {
            latchedByPress = false;
        }
        apply();
    }

    /** An emergency-stop press: low now, and kept low until the loop has requested low once. */
    synchronized void press() {
        latchedByPress = true;
        apply();
    }

    synchronized boolean isHigh() {
        return high;
    }

    private void apply() {
        boolean next = requested && !latchedByPress;
        if (next != high) {
            output.drive(next);
            high = next;
        } else if (!next) {
            output.drive(false); // low is re-asserted on every press or request: cheap and idempotent
        }
    }
}
