package org.closedloop.protocol.link;

/**
 * Payload of {@link MessageType#IDENTIFY} (device → host), 80 bytes: sent in answer to HELLO and, unsolicited (flag
 * REPLY clear, nonce 0), once after every boot.
 *
 * <pre>
 *  offset size   field
 *  0      u8     protocol version the firmware implements (1)
 *  1      u8     device kind: 0 hardware, 1 simulator
 *  2      u8     physical channels (1-8)
 *  3      u8     largest samples per setpoint block (20)
 *  4      u16    DAC rate, Hz (1000)
 *  6      u8     reset cause of this boot: 0 power-on, 1 unexpected (watchdog reset, brown-out, crash)
 *  7      u8     device state ({@link DeviceState#code()})
 *  8      u32    session nonce from the HELLO answered (0 when unsolicited)
 *  12     u32    boot id: random per boot; a change means the device restarted
 *  16     i64    device clock, µs since boot, when this frame was built
 *  24     u16    first latched fault code (0 none)
 *  26     u8     channel of the first fault (0xFF none)
 *  27     u8     configured channels (0 = not configured)
 *  28     u32    fault set: bit (code - 1) for every fault latched since the last reset
 *  32     u16    limit: peak current per channel, µA
 *  34     u16    limit: total injected current, µA
 *  36     u16    limit: net current, µA
 *  38     u16    limit: DC component, µA
 *  40     u16    limit: current density, µA/cm²
 *  42     u16    limit: onset ramp rate, µA/s
 *  44     u16    compliance voltage, mV
 *  46     u16    watchdog, ms
 *  48     u16    largest lead of a block's end over the device clock, ms
 *  50     u16    over-current / output-mismatch tolerance, µA
 *  52     u32    limit: impedance during a run, Ω
 *  56     u8[24] firmware version, ASCII, NUL-padded
 * </pre>
 *
 * <p><b>Thread safety:</b> constants only.
 */
public final class IdentifyLayout {
    public static final int PROTOCOL_VERSION_OFFSET = 0;
    public static final int DEVICE_KIND_OFFSET = 1;
    public static final int CHANNELS_OFFSET = 2;
    public static final int MAX_BLOCK_SAMPLES_OFFSET = 3;
    public static final int DAC_RATE_HZ_OFFSET = 4;
    public static final int RESET_CAUSE_OFFSET = 6;
    public static final int STATE_OFFSET = 7;
    public static final int SESSION_NONCE_OFFSET = 8;
    public static final int BOOT_ID_OFFSET = 12;
    public static final int DEVICE_TIME_US_OFFSET = 16;
    public static final int FIRST_FAULT_OFFSET = 24;
    public static final int FAULT_CHANNEL_OFFSET = 26;
    public static final int CONFIGURED_CHANNELS_OFFSET = 27;
    public static final int FAULT_SET_OFFSET = 28;
    public static final int PEAK_MICROAMPS_OFFSET = 32;
    public static final int TOTAL_MICROAMPS_OFFSET = 34;
    public static final int NET_MICROAMPS_OFFSET = 36;
    public static final int DC_MICROAMPS_OFFSET = 38;
    public static final int DENSITY_MICROAMPS_PER_CM2_OFFSET = 40;
    public static final int RAMP_MICROAMPS_PER_SECOND_OFFSET = 42;
    public static final int COMPLIANCE_MILLIVOLTS_OFFSET = 44;
    public static final int WATCHDOG_MS_OFFSET = 46;
    public static final int MAX_HORIZON_MS_OFFSET = 48;
    public static final int CURRENT_TOLERANCE_MICROAMPS_OFFSET = 50;
    public static final int MAX_IMPEDANCE_OHMS_OFFSET = 52;
    public static final int FIRMWARE_OFFSET = 56;
    public static final int FIRMWARE_LENGTH = 24;
    public static final int LENGTH = 80;

    /** Device kind: a real stimulator. */
    public static final int KIND_HARDWARE = 0;
    /** Device kind: the simulator in {@code firmware-sim}. */
    public static final int KIND_SIMULATOR = 1;
    /** Reset cause: power-on (no fault). */
    public static final int RESET_POWER_ON = 0;
    /** Reset cause: anything else; the device boots into FAULT with {@link FaultCode#UNEXPECTED_RESET}. */
    public static final int RESET_UNEXPECTED = 1;
    /** "No channel" in channel fields. */
    public static final int NO_CHANNEL = 0xFF;

    private IdentifyLayout() {
    }
}
