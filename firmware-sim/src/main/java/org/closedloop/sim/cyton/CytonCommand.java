package org.closedloop.sim.cyton;

/**
 * A command parsed from the controller's byte stream, handed from the reader thread to the pacing thread.
 *
 * <p><b>Thread safety:</b> immutable.
 */
sealed interface CytonCommand {

    /** Commands without arguments. */
    enum Plain implements CytonCommand {
        /** {@code v}: soft reset. */
        SOFT_RESET,
        /** {@code d}: channel defaults. */
        CHANNEL_DEFAULTS,
        /** {@code b}: start streaming. */
        START_STREAMING,
        /** {@code s}: stop streaming. */
        STOP_STREAMING,
        /** {@code ~~}: report the sample rate. */
        QUERY_SAMPLE_RATE,
        /** {@code V}: report the firmware version. */
        QUERY_VERSION,
        /** A multi-character command did not complete within a second. */
        TIMEOUT
    }

    /** {@code x CH PWR GAIN INPUT BIAS SRB2 SRB1 X}; channel 1-8. */
    record SetChannel(int channel, ChannelSettings settings) implements CytonCommand {
    }

    /** {@code 1}-{@code 8} (off) and {@code !@#$%^&*} (on); channel 1-8. */
    record SetChannelPower(int channel, boolean on) implements CytonCommand {
    }

    /** {@code ~0}-{@code ~6}. */
    record SetSampleRate(int code) implements CytonCommand {
    }

    /** {@code z CH P N Z}: acknowledged; lead-off detection does not change the synthetic data. */
    record SetLeadOff(int channel) implements CytonCommand {
    }

    /** A malformed command; the reply is {@code "Failure: " + reason + "$$$"}. */
    record Failure(String reason) implements CytonCommand {
    }
}
