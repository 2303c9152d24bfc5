package org.closedloop.controller.gpio;

import java.util.Objects;
import java.util.function.Consumer;
import org.closedloop.safety.interlock.EmergencyStop;
import org.tinylog.Logger;

/**
 * Safety lines without GPIO, for running against the simulator only: a software emergency stop
 * ({@link #pressEmergencyStop()}, e.g. typed on the console) and a relay that exists only in memory (optionally
 * forwarded to the simulated stimulator's enable input). The stimulation loop refuses to use these lines with a
 * device that does not identify as the simulator.
 *
 * <p><b>Thread safety:</b> thread safe.
 */
public final class SoftwareSafetyLines implements SafetyLines {
    private final EnableLatch latch;
    private volatile EmergencyStop target;
    private volatile Runnable wake = () -> {
    };
    private volatile boolean pressed;
    private volatile boolean led;

    /** @param relay receives the relay's level on every change (e.g. the simulator's enable line), or null */
    public SoftwareSafetyLines(Consumer<Boolean> relay) {
        Consumer<Boolean> sink = relay == null ? high -> {
        } : relay;
        this.latch = new EnableLatch(sink::accept);
    }

    @Override
    public void attach(EmergencyStop emergencyStop, Runnable wakeLoop) {
        this.target = Objects.requireNonNull(emergencyStop, "emergencyStop");
        this.wake = Objects.requireNonNull(wakeLoop, "wakeLoop");
        Logger.warn("no GPIO: using a SOFTWARE emergency stop; allowed with the simulator only");
    }

    /** The software emergency stop: acts exactly as a hardware press. */
    public void pressEmergencyStop() {
        pressed = true;
        EmergencyStop t = target;
        if (t != null) {
            t.press();
        }
        latch.press();
        wake.run();
    }

    /** Releases the software emergency stop. */
    public void releaseEmergencyStop() {
        pressed = false;
        EmergencyStop t = target;
        if (t != null) {
            t.release();
        }
        wake.run();
    }

    @Override
    public void setStimulatorEnable(boolean enable) {
        latch.request(enable && !pressed);
    }

    @Override
    public boolean stimulatorEnabled() {
        return latch.isHigh();
    }

    @Override
    public void setStatusLed(boolean on) {
        led = on;
    }

    /** The LED's state (no LED exists). */
    public boolean statusLed() {
        return led;
    }

    @Override
    public boolean emergencyStopPressedNow() {
        return pressed;
    }

    @Override
    public boolean isHardware() {
        return false;
    }

    @Override
    public String description() {
        return "SOFTWARE safety lines (no GPIO; simulator only)";
    }

    @Override
    public void close() {
        latch.request(false);
    }
}
