package org.closedloop.controller.stim;

import static org.closedloop.protocol.link.LittleEndian.getI64;
import static org.closedloop.protocol.link.LittleEndian.getU16;
import static org.closedloop.protocol.link.LittleEndian.getU32;
import static org.closedloop.protocol.link.LittleEndian.getU8;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.closedloop.protocol.link.DeviceState;
import org.closedloop.protocol.link.FaultCode;
import org.closedloop.protocol.link.FrameLayout;
import org.closedloop.protocol.link.IdentifyLayout;
import org.closedloop.protocol.link.SetpointBlockLayout;
import org.closedloop.safety.SafetyLimits;

/**
 * Who the stimulator says it is (an IDENTIFY payload): protocol, kind, channels, DAC rate, its latched faults and the
 * limits it enforces on its own.
 *
 * <p><b>Thread safety:</b> immutable.
 *
 * @param protocolVersion  protocol version the firmware implements
 * @param simulator        true if the device is the simulator in {@code firmware-sim}
 * @param channels         physical channels
 * @param maxBlockSamples  largest block the device accepts
 * @param dacRateHz        DAC rate
 * @param unexpectedReset  true if this boot was not a power-on
 * @param state            device state
 * @param bootId           random per boot
 * @param deviceTimeUs     device clock when the frame was built
 * @param firstFault       first latched fault, or null
 * @param faultSet         every latched fault (bits)
 * @param configuredChannels configured channels (0 = not configured)
 * @param peakMicroAmps    the device's peak limit, µA
 * @param totalMicroAmps   its total limit, µA
 * @param netMicroAmps     its net limit, µA
 * @param dcMicroAmps      its DC limit, µA
 * @param densityMicroAmpsPerCm2 its density limit
 * @param complianceMilliVolts compliance voltage, mV
 * @param watchdogMs       its watchdog, ms
 * @param maxHorizonMs     its block horizon, ms
 * @param maxImpedanceOhms its impedance limit during a run, Ω
 * @param firmware         firmware version text
 */
public record DeviceIdentity(int protocolVersion, boolean simulator, int channels, int maxBlockSamples, int dacRateHz,
                             boolean unexpectedReset, DeviceState state, long bootId, long deviceTimeUs,
                             FaultCode firstFault, long faultSet, int configuredChannels, int peakMicroAmps,
                             int totalMicroAmps, int netMicroAmps, int dcMicroAmps, int densityMicroAmpsPerCm2,
                             int complianceMilliVolts, int watchdogMs, int maxHorizonMs, long maxImpedanceOhms,
                             String firmware) {

    /** Parses an IDENTIFY payload ({@code b[p, p + 80)}). */
    static DeviceIdentity parse(byte[] b, int p) {
        int fwEnd = p + IdentifyLayout.FIRMWARE_OFFSET;
        int fwLen = 0;
        while (fwLen < IdentifyLayout.FIRMWARE_LENGTH && b[fwEnd + fwLen] != 0) {
            fwLen++;
        }
        return new DeviceIdentity(getU8(b, p + IdentifyLayout.PROTOCOL_VERSION_OFFSET),
                getU8(b, p + IdentifyLayout.DEVICE_KIND_OFFSET) == IdentifyLayout.KIND_SIMULATOR,
                getU8(b, p + IdentifyLayout.CHANNELS_OFFSET), getU8(b, p + IdentifyLayout.MAX_BLOCK_SAMPLES_OFFSET),
                getU16(b, p + IdentifyLayout.DAC_RATE_HZ_OFFSET),
                getU8(b, p + IdentifyLayout.RESET_CAUSE_OFFSET) != IdentifyLayout.RESET_POWER_ON,
                DeviceState.fromCode(getU8(b, p + IdentifyLayout.STATE_OFFSET)),
                getU32(b, p + IdentifyLayout.BOOT_ID_OFFSET), getI64(b, p + IdentifyLayout.DEVICE_TIME_US_OFFSET),
                FaultCode.fromCode(getU16(b, p + IdentifyLayout.FIRST_FAULT_OFFSET)),
                getU32(b, p + IdentifyLayout.FAULT_SET_OFFSET), getU8(b, p + IdentifyLayout.CONFIGURED_CHANNELS_OFFSET),
                getU16(b, p + IdentifyLayout.PEAK_MICROAMPS_OFFSET), getU16(b, p + IdentifyLayout.TOTAL_MICROAMPS_OFFSET),
                getU16(b, p + IdentifyLayout.NET_MICROAMPS_OFFSET), getU16(b, p + IdentifyLayout.DC_MICROAMPS_OFFSET),
                getU16(b, p + IdentifyLayout.DENSITY_MICROAMPS_PER_CM2_OFFSET),
                getU16(b, p + IdentifyLayout.COMPLIANCE_MILLIVOLTS_OFFSET),
                getU16(b, p + IdentifyLayout.WATCHDOG_MS_OFFSET), getU16(b, p + IdentifyLayout.MAX_HORIZON_MS_OFFSET),
                getU32(b, p + IdentifyLayout.MAX_IMPEDANCE_OHMS_OFFSET),
                new String(b, fwEnd, fwLen, StandardCharsets.US_ASCII));
    }

    /**
     * Why this device must not be used with this controller: a protocol or DAC rate it does not speak, or a limit it
     * enforces that is looser than the controller's hard limits (the device is the second, independent barrier; a
     * looser one is no barrier). Empty if it is fit.
     */
    public List<String> problems() {
        List<String> p = new ArrayList<>();
        if (protocolVersion != FrameLayout.VERSION) {
            p.add("protocolVersion=" + protocolVersion + " (this controller speaks " + FrameLayout.VERSION + ")");
        }
        if (dacRateHz != SetpointBlockLayout.DAC_RATE_HZ) {
            p.add("dacRateHz=" + dacRateHz + " (protocol version 1 needs " + SetpointBlockLayout.DAC_RATE_HZ + ")");
        }
        if (channels < 1 || channels > SetpointBlockLayout.MAX_CHANNELS) {
            p.add("channels=" + channels + " (1-" + SetpointBlockLayout.MAX_CHANNELS + ")");
        }
        looser(p, "peakMicroAmps", peakMicroAmps, SafetyLimits.MAX_ELECTRODE_CURRENT_MICROAMPS);
        looser(p, "totalMicroAmps", totalMicroAmps, SafetyLimits.MAX_TOTAL_INJECTED_CURRENT_MICROAMPS);
        looser(p, "netMicroAmps", netMicroAmps, SafetyLimits.MAX_NET_CURRENT_MICROAMPS);
        looser(p, "dcMicroAmps", dcMicroAmps, SafetyLimits.MAX_DC_COMPONENT_MICROAMPS);
        looser(p, "densityMicroAmpsPerCm2", densityMicroAmpsPerCm2, SafetyLimits.MAX_CURRENT_DENSITY_MICROAMPS_PER_CM2);
        looser(p, "watchdogMs", watchdogMs, SafetyLimits.DEVICE_WATCHDOG_MILLISECONDS);
        looser(p, "maxHorizonMs", maxHorizonMs, SafetyLimits.MAX_SETPOINT_HORIZON_MILLISECONDS);
        looser(p, "maxImpedanceOhms", maxImpedanceOhms, SafetyLimits.MAX_IMPEDANCE_DURING_STIMULATION_OHMS);
        return p;
    }

    private static void looser(List<String> p, String name, long device, long hard) {
        if (device > hard || device <= 0) {
            p.add(name + "=" + device + " is looser than the hard limit " + hard + " (or missing)");
        }
    }

    @Override
    public String toString() {
        return (simulator ? "SIMULATED " : "") + "stimulator firmware=\"" + firmware + "\" protocol=" + protocolVersion
                + " channels=" + channels + " dacRateHz=" + dacRateHz + " state=" + state + " bootId=0x"
                + Long.toHexString(bootId) + (firstFault == null ? "" : " fault=" + firstFault + " ("
                + FaultCode.describeSet(faultSet) + ")") + (unexpectedReset ? " after an unexpected reset" : "");
    }
}
