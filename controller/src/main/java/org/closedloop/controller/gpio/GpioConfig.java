package org.closedloop.controller.gpio;

/**
 * The BCM pin numbers of the safety lines and the emergency-stop debounce, validated on construction. Defaults and
 * wiring: {@code hardware-docs/gpio-wiring.md}.
 *
 * <p><b>Thread safety:</b> immutable.
 *
 * @param emergencyStopBcm BCM pin of the emergency-stop input (default 17, header pin 11); active low: low = pressed
 * @param enableRelayBcm   BCM pin driving the stimulator-enable relay (default 27, header pin 13); high = enabled
 * @param statusLedBcm     BCM pin of the status LED (default 22, header pin 15)
 * @param debounceMs       how long the emergency-stop line must read released before a release counts (default 5)
 */
public record GpioConfig(int emergencyStopBcm, int enableRelayBcm, int statusLedBcm, int debounceMs) {

    public GpioConfig {
        checkPin("emergencyStopBcm", emergencyStopBcm);
        checkPin("enableRelayBcm", enableRelayBcm);
        checkPin("statusLedBcm", statusLedBcm);
        if (emergencyStopBcm == enableRelayBcm || emergencyStopBcm == statusLedBcm || enableRelayBcm == statusLedBcm) {
            throw new IllegalArgumentException("emergencyStopBcm=" + emergencyStopBcm + " enableRelayBcm="
                    + enableRelayBcm + " statusLedBcm=" + statusLedBcm + ": the three pins must differ");
        }
        if (debounceMs < 1 || debounceMs > 100) {
            throw new IllegalArgumentException("debounceMs=" + debounceMs + ": must be 1-100");
        }
    }

    private static void checkPin(String name, int bcm) {
        // BCM 0 and 1 are the HAT EEPROM's I2C lines; 2-27 are on the 40-pin header
        if (bcm < 2 || bcm > 27) {
            throw new IllegalArgumentException(name + "=" + bcm + ": must be a BCM GPIO number 2-27 on the 40-pin header");
        }
    }

    /** E-stop BCM 17, relay BCM 27, LED BCM 22, 5 ms debounce. */
    public static GpioConfig defaults() {
        return new GpioConfig(17, 27, 22, 5);
    }
}
