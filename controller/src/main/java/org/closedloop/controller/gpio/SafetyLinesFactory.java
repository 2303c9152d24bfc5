package org.closedloop.controller.gpio;

import java.util.function.Consumer;
import org.tinylog.Logger;

/**
 * Chooses the safety lines at start-up, explicitly: real GPIO on a Raspberry Pi; where there is none, the software
 * stand-in only if the stimulator is the simulator, otherwise a refusal with pi4j's reason and what to do. (The
 * stimulation loop checks again: it refuses software lines with a device that does not identify as the simulator.)
 *
 * <p><b>Thread safety:</b> stateless.
 */
public final class SafetyLinesFactory {

    private SafetyLinesFactory() {
    }

    /**
     * @param config          the GPIO pins
     * @param simulatorTarget true when the controller drives the simulated stimulator
     * @param simulatedRelay  receives the software relay's level (e.g. the simulator's enable line), or null
     * @throws GpioUnavailableException if there is no GPIO and the target is not the simulator
     */
    public static SafetyLines open(GpioConfig config, boolean simulatorTarget, Consumer<Boolean> simulatedRelay)
            throws GpioUnavailableException {
        try {
            return Pi4jSafetyLines.openOnRaspberryPi(config);
        } catch (GpioUnavailableException e) {
            if (!simulatorTarget) {
                throw e;
            }
            Logger.warn("{} Running against the simulator: a software emergency stop stands in.", e.getMessage());
            return new SoftwareSafetyLines(simulatedRelay);
        }
    }
}
