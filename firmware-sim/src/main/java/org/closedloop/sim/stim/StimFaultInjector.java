package org.closedloop.sim.stim;

import java.util.Locale;
import java.util.function.Consumer;
import org.closedloop.protocol.link.MessageType;

/**
 * Injects faults into a running {@link SimulatedStimulator}: link faults in either direction (whole frames lost, or
 * one byte destroyed so the frame fails its CRC), a device reset, and electrode or output-stage faults. Link faults
 * apply to the next frames of the given type (any type if none is given); device faults are stamped with the time of
 * the call and applied by the firmware at its next DAC tick. Their effects are in {@link StimGroundTruth}.
 *
 * <p><b>Thread safety:</b> thread safe; callable from tests, a command line or any other thread.
 */
public final class StimFaultInjector {
    /** The impedance of an electrode that came off the skin (open circuit, beyond the measuring range), Ω. */
    public static final double ELECTRODE_OFF_OHMS = 10e6;

    private static final String FORMS = "accepted forms: corrupt-in N [TYPE], drop-in N [TYPE], corrupt-out N [TYPE], "
            + "drop-out N [TYPE], reset, electrode-off CH, impedance CH OHMS, drift CH OHMS_PER_S, offset CH MICROAMPS "
            + "(TYPE is a message name such as SETPOINT_BLOCK or HEARTBEAT; CH counts from 0)";

    private final LinkReader reader;
    private final LinkWriter writer;
    private final Consumer<DeviceEvent> device;
    private final int channels;

    StimFaultInjector(LinkReader reader, LinkWriter writer, Consumer<DeviceEvent> device, int channels) {
        this.reader = reader;
        this.writer = writer;
        this.device = device;
        this.channels = channels;
    }

    /** The next {@code n} frames from the host of {@code type} (null: any) arrive corrupted. */
    public void corruptIncomingFrames(int n, MessageType type) {
        reader.corruptNext(checkCount(n), type);
    }

    /** The next {@code n} frames from the host of {@code type} (null: any) are lost on the wire. */
    public void dropIncomingFrames(int n, MessageType type) {
        reader.dropNext(checkCount(n), type);
    }

    /** The next {@code n} frames to the host of {@code type} (null: any) leave corrupted. */
    public void corruptOutgoingFrames(int n, MessageType type) {
        writer.corruptNext(checkCount(n), type);
    }

    /** The next {@code n} frames to the host of {@code type} (null: any) are lost on the wire. */
    public void dropOutgoingFrames(int n, MessageType type) {
        writer.dropNext(checkCount(n), type);
    }

    /**
     * The device restarts now, as after a watchdog reset or a brown-out: output zero at once, queue and configuration
     * lost, clock from 0, a new boot id, an unsolicited IDENTIFY, and FAULT with UNEXPECTED_RESET latched.
     */
    public void resetDevice() {
        device.accept(new DeviceEvent.Reset(System.nanoTime()));
    }

    /** Channel {@code channel}'s electrode comes off the skin: its impedance jumps to {@link #ELECTRODE_OFF_OHMS}. */
    public void electrodeOff(int channel) {
        setImpedance(channel, ELECTRODE_OFF_OHMS);
    }

    /** Channel {@code channel}'s impedance jumps to {@code ohms} (keeping any drift). */
    public void setImpedance(int channel, double ohms) {
        if (!(ohms >= 1 && ohms <= 1e9)) {
            throw new IllegalArgumentException("ohms=" + ohms + ": must be 1 to 1e9");
        }
        device.accept(new DeviceEvent.SetImpedance(checkChannel(channel), ohms, System.nanoTime()));
    }

    /** Channel {@code channel}'s impedance drifts by {@code ohmsPerSecond} from now on (negative: falls). */
    public void driftImpedance(int channel, double ohmsPerSecond) {
        if (!Double.isFinite(ohmsPerSecond)) {
            throw new IllegalArgumentException("ohmsPerSecond=" + ohmsPerSecond + ": must be finite");
        }
        device.accept(new DeviceEvent.DriftImpedance(checkChannel(channel), ohmsPerSecond, System.nanoTime()));
    }

    /** Channel {@code channel}'s output stage delivers {@code microAmps} more than commanded whenever driven. */
    public void outputStageOffset(int channel, int microAmps) {
        if (Math.abs(microAmps) > 10_000) {
            throw new IllegalArgumentException("microAmps=" + microAmps + ": must be within +-10000");
        }
        device.accept(new DeviceEvent.StageOffset(checkChannel(channel), microAmps, System.nanoTime()));
    }

    /**
     * Applies a fault written as text (for the command line), e.g. {@code corrupt-in 1 SETPOINT_BLOCK} or
     * {@code electrode-off 1}.
     *
     * @throws IllegalArgumentException with the accepted forms if the text is not one of them
     */
    public void apply(String text) {
        String[] w = text.trim().split("\\s+");
        try {
            switch (w[0].toLowerCase(Locale.ROOT)) {
                case "corrupt-in" -> corruptIncomingFrames(Integer.parseInt(w[1]), type(w, 2));
                case "drop-in" -> dropIncomingFrames(Integer.parseInt(w[1]), type(w, 2));
                case "corrupt-out" -> corruptOutgoingFrames(Integer.parseInt(w[1]), type(w, 2));
                case "drop-out" -> dropOutgoingFrames(Integer.parseInt(w[1]), type(w, 2));
                case "reset" -> resetDevice();
                case "electrode-off" -> electrodeOff(Integer.parseInt(w[1]));
                case "impedance" -> setImpedance(Integer.parseInt(w[1]), Double.parseDouble(w[2]));
                case "drift" -> driftImpedance(Integer.parseInt(w[1]), Double.parseDouble(w[2]));
                case "offset" -> outputStageOffset(Integer.parseInt(w[1]), Integer.parseInt(w[2]));
                default -> throw new IllegalArgumentException("fault=\"" + text + "\" is unknown; " + FORMS);
            }
        } catch (ArrayIndexOutOfBoundsException | NumberFormatException e) {
            throw new IllegalArgumentException("fault=\"" + text + "\" is incomplete or not a number; " + FORMS, e);
        }
    }

    private static MessageType type(String[] w, int i) {
        if (w.length <= i) {
            return null;
        }
        try {
            return MessageType.valueOf(w[i].toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("message type=" + w[i] + " is unknown; " + FORMS, e);
        }
    }

    private static int checkCount(int n) {
        if (n < 1 || n > 1_000_000) {
            throw new IllegalArgumentException("n=" + n + ": must be 1 to 1000000 frames");
        }
        return n;
    }

    private int checkChannel(int channel) {
        if (channel < 0 || channel >= channels) {
            throw new IllegalArgumentException("channel=" + channel + ": must be 0 to " + (channels - 1));
        }
        return channel;
    }
}
