package org.closedloop.controller.acquisition;

import java.time.Duration;
import java.util.Arrays;
import org.closedloop.protocol.cyton.CytonPacketLayout;
import org.closedloop.protocol.cyton.CytonScaling;

/**
 * Validated, immutable settings of one acquisition.
 *
 * @param port                  device path, e.g. /dev/ttyUSB0 or the simulator's link
 * @param sampleRateHz          one of 250, 500, 1000, 2000, 4000, 8000, 16000 (the RF dongle carries 250 at most)
 * @param gains                 PGA gain per channel (1, 2, 4, 6, 8, 12 or 24), 8 entries
 * @param handshakeTimeout      how long to wait for each reply ending in {@code $$$}
 * @param stallThreshold        silence after which the stream is reported stalled (250 ms: the closed loop's limit)
 * @param reconnectAfterSilence silence after which the board is treated as gone and reopened
 * @param ringCapacity          samples buffered between the serial reader and the consumer (power of two)
 */
public record AcquisitionConfig(String port, int sampleRateHz, int[] gains, Duration handshakeTimeout,
                                Duration stallThreshold, Duration reconnectAfterSilence, int ringCapacity) {
    /** Sample rates of the {@code ~0..~6} commands. */
    private static final int[] RATE_BY_CODE = {16000, 8000, 4000, 2000, 1000, 500, 250};

    public AcquisitionConfig {
        if (port == null || port.isBlank()) {
            throw new IllegalArgumentException("port=" + port + ": give the board's device path, e.g. --port /dev/ttyUSB0");
        }
        if (sampleRateCode(sampleRateHz) < 0) {
            throw new IllegalArgumentException("sampleRateHz=" + sampleRateHz
                    + ": must be one of 250, 500, 1000, 2000, 4000, 8000, 16000");
        }
        if (gains == null || gains.length != CytonPacketLayout.CHANNELS) {
            throw new IllegalArgumentException("gains: need exactly " + CytonPacketLayout.CHANNELS + " per-channel gains");
        }
        gains = gains.clone();
        for (int ch = 0; ch < gains.length; ch++) {
            if (CytonScaling.codeForGain(gains[ch]) < 0) {
                throw new IllegalArgumentException("gains[" + ch + "]=" + gains[ch] + ": must be 1, 2, 4, 6, 8, 12 or 24");
            }
        }
        requirePositive("handshakeTimeout", handshakeTimeout);
        requirePositive("stallThreshold", stallThreshold);
        requirePositive("reconnectAfterSilence", reconnectAfterSilence);
        if (ringCapacity < 2 || Integer.bitCount(ringCapacity) != 1) {
            throw new IllegalArgumentException("ringCapacity=" + ringCapacity + ": must be a power of two >= 2");
        }
    }

    /** Defaults for a port: 250 Hz, gain 24 on every channel, 2 s handshake, 250 ms stall, 5 s reconnect. */
    public static AcquisitionConfig defaults(String port) {
        int[] g = new int[CytonPacketLayout.CHANNELS];
        Arrays.fill(g, 24);
        return new AcquisitionConfig(port, 250, g, Duration.ofSeconds(2), Duration.ofMillis(250),
                Duration.ofSeconds(5), 1 << 14);
    }

    public AcquisitionConfig withSampleRateHz(int hz) {
        return new AcquisitionConfig(port, hz, gains, handshakeTimeout, stallThreshold, reconnectAfterSilence, ringCapacity);
    }

    public AcquisitionConfig withGains(int[] g) {
        return new AcquisitionConfig(port, sampleRateHz, g, handshakeTimeout, stallThreshold, reconnectAfterSilence, ringCapacity);
    }

    public AcquisitionConfig withReconnectAfterSilence(Duration d) {
        return new AcquisitionConfig(port, sampleRateHz, gains, handshakeTimeout, stallThreshold, d, ringCapacity);
    }

    @Override
    public int[] gains() {
        return gains.clone();
    }

    /** The digit N of the {@code ~N} command for a rate, or -1. */
    public static int sampleRateCode(int hz) {
        for (int i = 0; i < RATE_BY_CODE.length; i++) {
            if (RATE_BY_CODE[i] == hz) {
                return i;
            }
        }
        return -1;
    }

    private static void requirePositive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + "=" + d + ": must be a positive duration");
        }
    }
}
