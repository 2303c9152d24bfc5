package org.closedloop.controller.gpio;

import org.closedloop.safety.interlock.EmergencyStop;

/**
 * The safety lines between the controller and the bench: the emergency-stop input, the stimulator-enable relay output
 * and a status LED. The hardware adapter is {@link Pi4jSafetyLines}; {@link SoftwareSafetyLines} stands in only when
 * the stimulator is the simulator.
 *
 * <p>Contract of every implementation:
 * <ul>
 *   <li>Emergency stop: the first sign of a press calls {@link EmergencyStop#press()} and drops the relay at once,
 *       from whatever thread saw it, then wakes the loop; a release is accepted only after the line has been
 *       released continuously for the debounce time.</li>
 *   <li>Relay: high only while the loop requests it ({@link #setStimulatorEnable(boolean)}, which it does only in
 *       STIMULATING and RAMPING_DOWN) and no press has been seen since the loop last requested it low. So a press
 *       keeps the relay low even if the loop, not yet aware of it, asks for high.</li>
 *   <li>A held button at start-up counts as a press.</li>
 * </ul>
 *
 * <p><b>Thread safety:</b> thread safe: the relay and LED are set from the loop thread, the press arrives on the GPIO
 * provider's thread (or the caller's, for the mock provider and the software E-stop).
 */
public interface SafetyLines extends AutoCloseable {

    /**
     * Connects the emergency stop to the interlock's flags and to a wake-up of the stimulation loop, then reads the
     * line (a button already pressed presses at once). Call once, before stimulating.
     */
    void attach(EmergencyStop emergencyStop, Runnable wakeLoop);

    /** Requests the stimulator-enable relay high or low (see the class contract: a press keeps it low). */
    void setStimulatorEnable(boolean enable);

    /** Whether the relay output is high now. */
    boolean stimulatorEnabled();

    /** Sets the status LED. */
    void setStatusLed(boolean on);

    /** Whether the emergency-stop line reads "pressed" now (undebounced). */
    boolean emergencyStopPressedNow();

    /** True for real GPIO lines; false for the software stand-in. */
    boolean isHardware();

    /** What these lines are, for logs and refusals (pins, provider). */
    String description();

    /** Drives the relay and LED low and releases the lines. */
    @Override
    void close();
}
