package org.closedloop.protocol.cyton;

/**
 * Physical units of Cyton counts: ADS1299 gain codes, microvolts per count and accelerometer g per count.
 *
 * <p><b>Thread safety:</b> stateless.
 */
public final class CytonScaling {
    /** ADS1299 reference voltage, volts. */
    public static final double VREF_VOLTS = 4.5;
    /** PGA gain for each gain code 0..6 of the {@code x...X} channel-settings command. */
    private static final int[] GAIN_BY_CODE = {1, 2, 4, 6, 8, 12, 24};
    /** Default gain code after power-up or the {@code d} command: x24. */
    public static final int DEFAULT_GAIN_CODE = 6;
    /** LIS3DH at +-4 g: 0.002 g per 16 counts. */
    public static final double ACCEL_G_PER_COUNT = 0.002 / 16.0;

    private CytonScaling() {
    }

    /** The PGA gain for a gain code 0..6; throws for any other code. */
    public static int gainForCode(int gainCode) {
        if (gainCode < 0 || gainCode >= GAIN_BY_CODE.length) {
            throw new IllegalArgumentException("gainCode=" + gainCode + ": must be 0..6 (x1, x2, x4, x6, x8, x12, x24)");
        }
        return GAIN_BY_CODE[gainCode];
    }

    /** Gain code for a PGA gain (1, 2, 4, 6, 8, 12 or 24), or -1 if there is none. */
    public static int codeForGain(int gain) {
        for (int i = 0; i < GAIN_BY_CODE.length; i++) {
            if (GAIN_BY_CODE[i] == gain) {
                return i;
            }
        }
        return -1;
    }

    /** Microvolts per count at a PGA gain: 4.5 V / gain / (2^23 - 1) * 10^6. */
    public static double microvoltsPerCount(int gain) {
        if (gain <= 0) {
            throw new IllegalArgumentException("gain=" + gain + ": must be positive");
        }
        return VREF_VOLTS / gain / CytonPacketLayout.MAX_COUNT * 1e6;
    }
}
