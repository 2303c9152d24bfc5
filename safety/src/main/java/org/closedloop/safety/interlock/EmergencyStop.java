package org.closedloop.safety.interlock;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The software side of the emergency stop button: two lock-free flags that any thread (a GPIO callback) may set.
 * The interlock's owner thread observes them at its next call (every gate check, poll and action) and latches FAULT.
 * A press shorter than the time between two calls is not lost: {@link #press()} also sets a "tripped" flag that
 * only the interlock clears.
 *
 * <p>This is not the only barrier: the physical button must also break the stimulator's output in hardware (see the
 * safety case).
 *
 * <p>Thread safety: thread safe and lock-free; {@link #press()} and {@link #release()} may be called from any thread.
 */
public final class EmergencyStop {

    private final AtomicBoolean pressed = new AtomicBoolean();
    private final AtomicBoolean tripped = new AtomicBoolean();

    EmergencyStop() {
    }

    /** The button was pressed (or is held at start-up). */
    public void press() {
        tripped.set(true);
        pressed.set(true);
    }

    /** The button was released. A reset is refused while it is pressed. */
    public void release() {
        pressed.set(false);
    }

    /** Whether the button is pressed now. */
    public boolean isPressed() {
        return pressed.get();
    }

    /** Returns and clears the "pressed since last observed" flag; interlock owner thread only. */
    boolean consumeTrip() {
        return tripped.getAndSet(false);
    }
}
