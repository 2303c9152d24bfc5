package org.closedloop.sim.cyton;

import java.util.Arrays;
import org.closedloop.protocol.cyton.CytonPacketLayout;
import org.closedloop.protocol.cyton.CytonScaling;

/**
 * The board's current channel settings and sample rate, and the conversion of microvolts into the counts it sends.
 *
 * <p>Counts are {@code round(uV / microvoltsPerCount(gain))} clamped to 24 bits; a powered-down channel, a shorted
 * input or a channel beyond the configured EEG channels sends 0. Other input selections (test signal, temperature,
 * ...) are not modelled: they carry the EEG like a normal input.
 *
 * <p><b>Thread safety:</b> not thread safe; owned by the board's pacing thread.
 */
final class BoardSettings {
    static final int CHANNELS = CytonPacketLayout.CHANNELS;
    /** Sample rate code of 250 Hz, the real board's power-up rate. */
    static final int CODE_250_HZ = 6;

    private final ChannelSettings[] channels = new ChannelSettings[CHANNELS];
    private final double[] microvoltsPerCount = new double[CHANNELS];
    private int sampleRateCode;

    BoardSettings(int sampleRateCode) {
        this.sampleRateCode = sampleRateCode;
        resetChannels();
    }

    /** Hz for a {@code ~N} code 0-6: 16000, 8000, 4000, 2000, 1000, 500, 250. */
    static int rateForCode(int code) {
        if (code < 0 || code > CODE_250_HZ) {
            throw new IllegalArgumentException("sample rate code=" + code + ": must be 0-6");
        }
        return 16000 >> code;
    }

    /** The {@code ~N} code of a rate, or -1 if the Cyton has no such rate. */
    static int codeForRate(int hz) {
        for (int code = 0; code <= CODE_250_HZ; code++) {
            if (rateForCode(code) == hz) {
                return code;
            }
        }
        return -1;
    }

    void resetChannels() {
        Arrays.fill(channels, ChannelSettings.DEFAULT);
        for (int c = 0; c < CHANNELS; c++) {
            updateScale(c);
        }
    }

    /** @param channel 1-8 */
    void setChannel(int channel, ChannelSettings settings) {
        channels[channel - 1] = settings;
        updateScale(channel - 1);
    }

    /** @param channel 1-8 */
    void setPower(int channel, boolean on) {
        channels[channel - 1] = channels[channel - 1].withPoweredDown(!on);
    }

    ChannelSettings channel(int channel) {
        return channels[channel - 1];
    }

    int sampleRateCode() {
        return sampleRateCode;
    }

    void setSampleRateCode(int code) {
        rateForCode(code);
        this.sampleRateCode = code;
    }

    int sampleRateHz() {
        return rateForCode(sampleRateCode);
    }

    /** Converts one sample: {@code microvolts[0..eegChannels)} in, 8 counts out. */
    void toCounts(double[] microvolts, int eegChannels, int[] countsOut) {
        for (int c = 0; c < CHANNELS; c++) {
            ChannelSettings s = channels[c];
            if (c >= eegChannels || s.poweredDown() || s.inputType() == ChannelSettings.INPUT_SHORTED) {
                countsOut[c] = 0;
                continue;
            }
            long counts = Math.round(microvolts[c] / microvoltsPerCount[c]);
            countsOut[c] = (int) Math.max(CytonPacketLayout.MIN_COUNT, Math.min(CytonPacketLayout.MAX_COUNT, counts));
        }
    }

    private void updateScale(int c) {
        microvoltsPerCount[c] = CytonScaling.microvoltsPerCount(CytonScaling.gainForCode(channels[c].gainCode()));
    }
}
