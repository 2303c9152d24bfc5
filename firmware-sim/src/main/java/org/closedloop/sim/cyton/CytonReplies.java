package org.closedloop.sim.cyton;

/**
 * The text the board sends, byte for byte as Cyton firmware v3 sends it (ASCII, every reply ends with {@code $$$}),
 * except the banner's extra line that labels the data as synthetic.
 *
 * <p><b>Thread safety:</b> constants and pure functions.
 */
final class CytonReplies {
    static final String EOT = "$$$";
    static final String BANNER = "OpenBCI V3 8-16 channel\n"
            + "On Board ADS1299 Device ID: 0x3E\n"
            + "LIS3DH Device ID: 0x33\n"
            + "Firmware: v3.1.2\n"
            + "closedloop firmware-sim: SYNTHETIC DATA\n"
            + EOT;
    static final String CHANNEL_DEFAULTS = "updating channel settings to default" + EOT;
    static final String VERSION = "v3.1.2" + EOT;
    static final String TIMEOUT = "Timeout processing multi byte message - please send all commands at once as of v2"
            + EOT;

    private CytonReplies() {
    }

    static String channelSet(int channel) {
        return "Success: Channel set for " + channel + EOT;
    }

    static String leadOffSet(int channel) {
        return "Success: Lead off set for " + channel + EOT;
    }

    static String sampleRate(int hz) {
        return "Success: Sample rate is " + hz + "Hz" + EOT;
    }

    static String failure(String reason) {
        return "Failure: " + reason + EOT;
    }
}
