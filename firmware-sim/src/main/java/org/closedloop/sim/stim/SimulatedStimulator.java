package org.closedloop.sim.stim;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.closedloop.protocol.link.DeviceState;
import org.closedloop.protocol.link.FaultCode;
import org.closedloop.sim.pty.PseudoTerminal;
import org.closedloop.sim.pty.StableLink;
import org.tinylog.Logger;

/**
 * A simulated multi-channel tACS current stimulator on its own pseudo-terminal, speaking the link protocol of
 * {@code hardware-docs/stimulator-protocol.md}. The controller opens {@link #devicePath()} with jssc exactly as it
 * would open the real device. The simulated firmware enforces its own copy of the hard limits
 * ({@link DeviceLimits}), runs the 100 ms watchdog, models each electrode's impedance and the output stage's
 * compliance voltage, and records what it really delivered ({@link #groundTruth()}; also told tick by tick to a
 * {@link DeliveredCurrentSink} if one is given, the coupling to a simulated head). {@link #faults()} injects link,
 * device and electrode faults. {@link #setEnableLine(boolean)} is the hardware stimulator-enable input (the relay
 * contact): low disconnects the output stage; it starts high (tied high) until a test or a bench wiring drives it.
 *
 * <p>Three daemon threads per device: {@code stim-sim-dac-N} (the firmware: applies events in time order and outputs
 * one DAC tick per millisecond; the only thread that touches the device state), {@code stim-sim-reader-N} (receives
 * and decodes frames, stamping their arrival) and {@code stim-sim-writer-N} (transmits the firmware's frames).
 *
 * <p><b>Thread safety:</b> thread safe; every method may be called from any thread, {@link #close()} more than once.
 */
public final class SimulatedStimulator implements AutoCloseable {
    private static final AtomicInteger IDS = new AtomicInteger();
    private static final long JOIN_TIMEOUT_MS = 2000;

    private final StimSimConfig config;
    private final PseudoTerminal pty;
    private final StableLink link;
    private final DeviceClock clock;
    private final StimGroundTruth truth;
    private final StimFirmware firmware;
    private final DacLoop loop;
    private final LinkReader reader;
    private final LinkWriter writer;
    private final StimFaultInjector faults;
    private final Thread dacThread;
    private final Thread readerThread;
    private final Thread writerThread;
    private final AtomicBoolean closed = new AtomicBoolean();

    private SimulatedStimulator(StimSimConfig config, DeliveredCurrentSink sink, PseudoTerminal pty,
                                StableLink link) {
        this.config = config;
        this.pty = pty;
        this.link = link;
        long now = System.nanoTime();
        this.clock = new DeviceClock(config.clockDriftPpm(), now);
        this.truth = new StimGroundTruth(config.channels(), config.groundTruthCapacity());
        this.writer = new LinkWriter(pty);
        AtomicReference<LinkReader> readerRef = new AtomicReference<>();
        this.firmware = new StimFirmware(config, clock, truth, sink, writer, () -> {
            LinkReader r = readerRef.get();
            return r == null ? 0 : r.badFrames();
        }, now);
        this.loop = new DacLoop(firmware, clock);
        this.reader = new LinkReader(pty, loop);
        readerRef.set(reader);
        this.faults = new StimFaultInjector(reader, writer, loop::submit, config.channels());
        int id = IDS.incrementAndGet();
        this.dacThread = new Thread(loop, "stim-sim-dac-" + id);
        this.readerThread = new Thread(reader, "stim-sim-reader-" + id);
        this.writerThread = new Thread(writer, "stim-sim-writer-" + id);
        for (Thread t : new Thread[] {dacThread, readerThread, writerThread}) {
            t.setDaemon(true);
        }
        loop.bindThread(dacThread);
    }

    /**
     * Creates the pty (raw, and the symlink if configured) and powers the device on: IDLE, output zero, not
     * configured, no fault.
     *
     * @throws IOException if the pty cannot be created or the symlink path is unusable (message says why)
     */
    public static SimulatedStimulator start(StimSimConfig config) throws IOException {
        return startWith(config, null);
    }

    /**
     * As {@link #start(StimSimConfig)}, and tells {@code sink} what the output stage delivers at every DAC tick
     * from the first (see {@link DeliveredCurrentSink} for the contract, which the sink must keep: it runs on the
     * DAC thread). This is how a simulated head receives the stimulation ({@code org.closedloop.sim.bench}).
     *
     * @throws IOException if the pty cannot be created or the symlink path is unusable (message says why)
     */
    public static SimulatedStimulator start(StimSimConfig config, DeliveredCurrentSink sink) throws IOException {
        Objects.requireNonNull(sink, "sink=null: use start(config) for a stimulator without one");
        return startWith(config, sink);
    }

    private static SimulatedStimulator startWith(StimSimConfig config, DeliveredCurrentSink sink)
            throws IOException {
        Objects.requireNonNull(config, "config=null: use StimSimConfig.defaults()");
        StableLink link = config.linkPath() == null ? null : StableLink.claim(config.linkPath());
        PseudoTerminal pty = PseudoTerminal.open();
        try {
            if (link != null) {
                link.pointTo(pty.slavePath());
            }
            SimulatedStimulator s = new SimulatedStimulator(config, sink, pty, link);
            s.firmware.powerOn(); // before any thread runs: the boot counters start from a quiet link
            s.writerThread.start();
            s.readerThread.start();
            s.dacThread.start();
            Logger.info("simulated stimulator ({} channels, firmware {}) at {} -> {}", config.channels(),
                    StimFirmware.FIRMWARE_VERSION, s.devicePath(), pty.slavePath());
            return s;
        } catch (IOException | RuntimeException e) {
            pty.close();
            throw e;
        }
    }

    /** What the controller opens: the stable symlink if configured, else the /dev/pts path. */
    public Path devicePath() {
        return link != null ? link.path() : pty.slavePath();
    }

    public StimFaultInjector faults() {
        return faults;
    }

    public StimGroundTruth groundTruth() {
        return truth;
    }

    public StimSimConfig config() {
        return config;
    }

    /**
     * Drives the hardware enable input (the stimulator-enable relay contact): low disconnects the output stage at the
     * next DAC tick; a run then latches OUTPUT_MISMATCH at the first setpoint above the current tolerance.
     */
    public void setEnableLine(boolean high) {
        loop.submit(new DeviceEvent.EnableLine(high, System.nanoTime()));
    }

    /** The device's state (as of its last processed tick). */
    public DeviceState state() {
        return firmware.state();
    }

    /** The first fault latched since the last reset, or null. */
    public FaultCode firstFault() {
        return firmware.firstFault();
    }

    /** Every fault latched since the last reset, as a bit set ({@link FaultCode#bit()}). */
    public int faultSet() {
        return firmware.faultSet();
    }

    /** The current boot id (changes on {@link StimFaultInjector#resetDevice()}). */
    public long bootId() {
        return firmware.bootId();
    }

    /** Blocks accepted since start. */
    public long blocksAccepted() {
        return firmware.blocksAccepted();
    }

    /** Blocks ignored because the device was in FAULT. */
    public long blocksIgnored() {
        return firmware.blocksIgnored();
    }

    /** Frames received but dropped by the device's decoder (bad CRC, encoding, length, header) since start. */
    public long badFramesReceived() {
        return reader.badFrames();
    }

    /** Frames from the host missing by sequence number since the last boot. */
    public long rxSequenceGaps() {
        return firmware.rxSequenceGaps();
    }

    /** Clock slips of the current run: samples held once, samples dropped once. */
    public int[] slips() {
        return new int[] {firmware.slipsHeld(), firmware.slipsDropped()};
    }

    /** The device clock (µs since its last boot) at host time {@code hostNanos}. */
    public long deviceMicros(long hostNanos) {
        return clock.deviceMicros(hostNanos);
    }

    /** Stops the threads, closes the pty (hanging up the controller) and removes the symlink; idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        loop.requestClose();
        writer.requestClose();
        pty.close();
        if (link != null) {
            try {
                link.remove();
            } catch (IOException e) {
                Logger.warn(e, "could not remove symlink {}", link.path());
            }
        }
        join(dacThread);
        join(readerThread);
        join(writerThread);
        Logger.info("simulated stimulator at {} closed", devicePath());
    }

    private static void join(Thread t) {
        try {
            t.join(JOIN_TIMEOUT_MS);
            if (t.isAlive()) {
                Logger.warn("thread {} did not stop within {} ms", t.getName(), JOIN_TIMEOUT_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
