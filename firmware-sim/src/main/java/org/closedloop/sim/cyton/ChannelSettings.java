package org.closedloop.sim.cyton;

import org.closedloop.protocol.cyton.CytonScaling;

/**
 * One channel's ADS1299 settings as set by {@code x CH PWR GAIN INPUT BIAS SRB2 SRB1 X}.
 *
 * <p><b>Thread safety:</b> immutable.
 *
 * @param poweredDown true if powered down (power char '1'; '0' is on, as on the real board)
 * @param gainCode    0-6 for x1, x2, x4, x6, x8, x12, x24
 * @param inputType   0 normal, 1 shorted, 2 bias meas, 3 MVDD, 4 temperature, 5 test signal, 6 BIAS_DRP, 7 BIAS_DRN
 * @param bias        included in the bias derivation
 * @param srb2        connected to SRB2
 * @param srb1        connected to SRB1
 */
record ChannelSettings(boolean poweredDown, int gainCode, int inputType, boolean bias, boolean srb2, boolean srb1) {
    static final int INPUT_NORMAL = 0;
    static final int INPUT_SHORTED = 1;
    /** Power-up and {@code d} defaults: on, x24, normal input, in bias, SRB2 connected, SRB1 open. */
    static final ChannelSettings DEFAULT =
            new ChannelSettings(false, CytonScaling.DEFAULT_GAIN_CODE, INPUT_NORMAL, true, true, false);

    ChannelSettings withPoweredDown(boolean down) {
        return new ChannelSettings(down, gainCode, inputType, bias, srb2, srb1);
    }
}
