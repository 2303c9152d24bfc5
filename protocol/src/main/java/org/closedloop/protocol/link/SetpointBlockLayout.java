package org.closedloop.protocol.link;

/**
 * Payload of {@link MessageType#SETPOINT_BLOCK} (host → device): {@code 16 + 2·channels·samples} bytes, at most
 * {@value #MAX_LENGTH}.
 *
 * <pre>
 *  offset size  field
 *  0      u32   block sequence number: 0 for the first block of a run, then +1 per block
 *  4      u8    channel count (must equal the configured count)
 *  5      u8    sample count (1-20)
 *  6      u8    flags, 0
 *  7      u8    reserved, 0
 *  8      i64   device time of sample 0, µs (the host's clock mapped to the device's, see ClockSync)
 *  16     i16[] setpoints in µA, sample-major: [s·channels + c]; sample s is output at start + s·1000 µs
 * </pre>
 *
 * <p><b>Thread safety:</b> constants only.
 */
public final class SetpointBlockLayout {
    public static final int BLOCK_SEQ_OFFSET = 0;
    public static final int CHANNEL_COUNT_OFFSET = 4;
    public static final int SAMPLE_COUNT_OFFSET = 5;
    public static final int FLAGS_OFFSET = 6;
    public static final int RESERVED_OFFSET = 7;
    public static final int START_DEVICE_US_OFFSET = 8;
    public static final int SAMPLES_OFFSET = 16;

    /** Most channels of any device speaking this protocol. */
    public static final int MAX_CHANNELS = 8;
    /** Most samples per block (20 ms at the DAC rate). */
    public static final int MAX_SAMPLES = 20;
    /** The DAC rate of protocol version 1: one setpoint per channel per millisecond. */
    public static final int DAC_RATE_HZ = 1000;
    /** One DAC period in device microseconds. */
    public static final int SAMPLE_PERIOD_US = 1_000_000 / DAC_RATE_HZ;
    /** Length of the largest block. */
    public static final int MAX_LENGTH = SAMPLES_OFFSET + 2 * MAX_CHANNELS * MAX_SAMPLES;

    private SetpointBlockLayout() {
    }

    /** Payload length of a block of {@code channels} × {@code samples}. */
    public static int length(int channels, int samples) {
        return SAMPLES_OFFSET + 2 * channels * samples;
    }

    /** Offset of the setpoint of {@code channel} in {@code sample}. */
    public static int sampleOffset(int sample, int channel, int channels) {
        return SAMPLES_OFFSET + 2 * (sample * channels + channel);
    }
}
