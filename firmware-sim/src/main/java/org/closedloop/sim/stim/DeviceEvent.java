package org.closedloop.sim.stim;

/**
 * Something that happens to the device at a host time: a frame arrived, the enable line changed, a fault was
 * injected. The firmware applies every event stamped before a DAC tick before computing that tick.
 *
 * <p><b>Thread safety:</b> immutable records, handed from any thread to the firmware thread.
 */
sealed interface DeviceEvent {
    /** {@link System#nanoTime()} when it happened. */
    long atNanos();

    /** A frame that passed the CRC: {@code frame[0, length)} is the decoded frame (header, payload, CRC). */
    record FrameArrived(byte[] frame, int length, long atNanos) implements DeviceEvent {
    }

    /** The hardware enable line (the stimulator-enable relay) went high or low. */
    record EnableLine(boolean high, long atNanos) implements DeviceEvent {
    }

    /** The device restarts as after a watchdog reset or brown-out. */
    record Reset(long atNanos) implements DeviceEvent {
    }

    /** Channel {@code channel}'s impedance jumps to {@code ohms}. */
    record SetImpedance(int channel, double ohms, long atNanos) implements DeviceEvent {
    }

    /** Channel {@code channel}'s impedance drifts by {@code ohmsPerSecond} from now on. */
    record DriftImpedance(int channel, double ohmsPerSecond, long atNanos) implements DeviceEvent {
    }

    /** Channel {@code channel}'s output stage delivers {@code microAmps} more than commanded while driven. */
    record StageOffset(int channel, int microAmps, long atNanos) implements DeviceEvent {
    }
}
