package org.closedloop.controller.stim;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.closedloop.controller.gpio.SafetyLines;
import org.closedloop.protocol.link.DeviceState;
import org.closedloop.protocol.link.FaultCode;
import org.closedloop.safety.SafetyClock;
import org.closedloop.safety.SafetyLimits;
import org.closedloop.safety.SafetyRule;
import org.closedloop.safety.Violation;
import org.closedloop.safety.interlock.ActionResult;
import org.closedloop.safety.interlock.Interlock;
import org.closedloop.safety.interlock.InterlockState;
import org.closedloop.safety.interlock.LoopFacet;
import org.closedloop.safety.interlock.Operator;
import org.closedloop.safety.interlock.OperatorConsole;
import org.closedloop.safety.interlock.SafetyListener;
import org.closedloop.safety.interlock.SoftStopCause;
import org.closedloop.safety.ledger.StimulationLedger;
import org.closedloop.safety.plan.StimulationPlan;
import org.tinylog.Logger;

/**
 * The stimulation loop: one thread ({@code stim-loop}) that owns the {@link Interlock} and the {@link Stimulator},
 * turns the armed plan into setpoint blocks ({@link WaveformSynthesizer}), passes every block through the interlock's
 * gate before writing it, keeps a bounded horizon of blocks written ahead, feeds the device's watchdog, reads its
 * status and forwards device faults and impedances to the interlock, and drives the safety lines (relay high only in
 * STIMULATING and RAMPING_DOWN, status LED).
 *
 * <p>Each iteration: run queued commands; forward acquisition; take the device's fault reports and status (a fault
 * becomes the matching interlock hazard; a new boot id is a device fault); {@code poll()} the interlock; set the
 * relay and LED; start a run whose onset is near; fill the horizon (synthesise, gate, send; END_RUN once no whole
 * sample fits before the output window's end); heartbeat when due; repeat STOP while the device still runs after the
 * interlock stopped. It then parks until the next block or heartbeat is due, at most {@value #MAX_PARK_MS} ms, or
 * until woken (an emergency-stop press wakes it at once).
 *
 * <p>Commands from other threads (operator, closed loop) are queued and run on this thread; they return futures.
 * The operator's side is {@link #operator()}, the closed loop's {@link #closedLoop()}: the closed loop cannot arm or
 * reset, exactly as with the interlock's facets.
 *
 * <p>The clock must be on the {@link System#nanoTime()} timeline (e.g. {@code SystemSafetyClock}): block times are
 * mapped to the device's clock through it.
 *
 * <p><b>Thread safety:</b> the facets, {@link #state()}, {@link #stats()} and {@link #close()} may be called from
 * any thread; everything else runs on the loop thread.
 */
public final class StimulationLoop implements AutoCloseable {
    static final int MAX_PARK_MS = 5;
    /** The first block starts at least this long after the run starts (the device wants one DAC period). */
    static final long MIN_FIRST_LEAD_NS = 5_000_000L;

    /**
     * Counters and times of the loop, for tests and status lines.
     *
     * @param blocksSent     blocks written since start
     * @param gateRefusals   blocks the gate refused
     * @param deviceFaults   device faults forwarded to the interlock
     * @param phaseZeroNs    the phase reference t0 of the latest run (Long.MIN_VALUE if none)
     * @param runStartNs     start of the latest run's output window (Long.MIN_VALUE if none)
     * @param firstSampleNs  host time of the latest run's first sample (Long.MIN_VALUE if none)
     * @param runEndNs       planned end of the latest run's output window (Long.MIN_VALUE if none)
     * @param connected      whether a device session is up
     * @param worstLateNs    the latest any block was written, measured as how far into its horizon the loop was when
     *                       it wrote it (0 = a full horizon ahead; the horizon = the block was due): how close the loop
     *                       came to letting the device's queue run dry
     */
    public record Stats(long blocksSent, long gateRefusals, long deviceFaults, long phaseZeroNs, long runStartNs,
                        long firstSampleNs, long runEndNs, boolean connected, long worstLateNs) {
    }

    private final Interlock interlock;
    private final LoopFacet facet;
    private final OperatorConsole console;
    private final Stimulator stimulator;
    private final SafetyLines lines;
    private final StimConfig config;
    private final SafetyClock clock;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Runnable> commands = new ConcurrentLinkedQueue<>();
    private final BlockStreamer streamer;
    private final DeviceSession device;
    private final OperatorCommands operator = new OperatorCommands(this);
    private final ClosedLoopCommands closedLoop = new ClosedLoopCommands(this);
    private volatile boolean closing;
    private volatile long acquisitionNs = Long.MIN_VALUE;

    // ---- loop thread only
    private StimulationPlan plan;
    private long lastImpedanceNs = Long.MIN_VALUE;
    private long pendingOnsetNs;
    private CompletableFuture<ActionResult> pendingStart;
    private boolean runActive;
    private long nextHeartbeatNs;
    private boolean relayRequested;
    private boolean ledOn;
    private long forwardedAcquisitionNs = Long.MIN_VALUE;
    // written by the loop thread, read by stats() on any thread
    private volatile long phaseZeroNs = Long.MIN_VALUE;
    private volatile long runStartNs = Long.MIN_VALUE;
    private volatile long runEndNs = Long.MIN_VALUE;
    private volatile double outputFraction;

    private StimulationLoop(SafetyClock clock, StimulationLedger ledger, SafetyListener listener,
                            Stimulator stimulator, SafetyLines lines, StimConfig config) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.stimulator = Objects.requireNonNull(stimulator, "stimulator");
        this.lines = Objects.requireNonNull(lines, "lines");
        this.config = Objects.requireNonNull(config, "config");
        // the cutoff runs on the owner thread: STOP first (the device ends its run cleanly), then the relay
        this.interlock = new Interlock(clock, ledger, () -> {
            stimulator.stopNow();
            relayRequested = false;
            lines.setStimulatorEnable(false);
        }, listener);
        this.facet = interlock.loopFacet();
        this.console = interlock.operatorConsole();
        this.streamer = new BlockStreamer(facet, stimulator, config);
        this.device = new DeviceSession(stimulator, facet, clock, config);
        this.thread = new Thread(this::run, "stim-loop");
        this.thread.setDaemon(true);
    }

    /**
     * Creates the interlock (its output cutoff sends STOP and drops the relay), attaches the emergency stop of
     * {@code lines} to it, and starts the loop thread, which becomes the interlock's owner and connects to the
     * stimulator. The caller keeps ownership of {@code stimulator} and {@code lines} and closes them after
     * {@link #close()}.
     */
    public static StimulationLoop start(SafetyClock clock, StimulationLedger ledger, SafetyListener listener,
                                        Stimulator stimulator, SafetyLines lines, StimConfig config) {
        StimulationLoop loop = new StimulationLoop(clock, ledger, listener, stimulator, lines, config);
        lines.attach(loop.interlock.emergencyStop(), loop::wake);
        loop.thread.start();
        return loop;
    }

    /** The operator's commands: arm (after configuring the device and measuring impedance), stop, reset. */
    public OperatorCommands operator() {
        return operator;
    }

    /** The closed loop's commands: start at an onset time, soft stop, acquisition liveness. */
    public ClosedLoopCommands closedLoop() {
        return closedLoop;
    }

    /** The interlock's state (may be one transition behind the loop thread). */
    public InterlockState state() {
        return interlock.state();
    }

    /** Counters and times, read from the loop thread's volatile fields (the loop itself allocates nothing for it). */
    public Stats stats() {
        return new Stats(streamer.blocksSent(), streamer.gateRefusals(), device.deviceFaults(), phaseZeroNs, runStartNs,
                streamer.firstSampleNs(), runEndNs, device.identity() != null, streamer.worstLateNs());
    }

    /**
     * The fraction (0..1) of the armed plan's peak that the interlock's envelope allows now, as of the loop's latest
     * iteration: the output level for a status line (0 when not stimulating).
     */
    public double outputFraction() {
        return outputFraction;
    }

    /** Wakes the loop thread now (e.g. after an emergency-stop press). */
    void wake() {
        LockSupport.unpark(thread);
    }

    /** Stops the loop: the loop thread sends STOP and drops the relay on its way out. Waits up to 2 s. */
    @Override
    public void close() {
        closing = true;
        wake();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ commands (any thread → loop thread)

    <T> CompletableFuture<T> submit(Supplier<T> action) {
        CompletableFuture<T> f = new CompletableFuture<>();
        if (closing) {
            f.completeExceptionally(new IllegalStateException("the stimulation loop is closed"));
            return f;
        }
        commands.add(() -> {
            try {
                f.complete(action.get());
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        });
        wake();
        return f;
    }

    void setAcquisitionNs(long arrivalNs) {
        acquisitionNs = arrivalNs;
    }

    // ------------------------------------------------------------------ the loop

    private void run() {
        facet.poll(); // the first interlock call: this thread becomes its owner
        device.connect();
        while (!closing) {
            try {
                iterate();
            } catch (RuntimeException e) {
                Logger.error(e, "stimulation loop error; treating it as a device fault");
                try {
                    facet.reportDeviceFault("controller error: " + e);
                } catch (RuntimeException again) {
                    Logger.error(again, "could not report the error to the interlock");
                }
            }
        }
        stimulator.stopNow();
        lines.setStimulatorEnable(false);
        lines.setStatusLed(false);
        failPending("the stimulation loop closed");
    }

    private void iterate() {
        Runnable command;
        while ((command = commands.poll()) != null) {
            command.run();
        }
        long acq = acquisitionNs;
        if (acq != forwardedAcquisitionNs) {
            forwardedAcquisitionNs = acq;
            facet.reportAcquisitionSample(acq);
        }
        if (lines.emergencyStopPressedNow() && !interlock.emergencyStop().isPressed()) {
            interlock.emergencyStop().press(); // a missed edge: the line itself says pressed
        }
        long now = clock.nanoTime();
        InterlockState before = interlock.state();
        device.watch(now, runActive && (before == InterlockState.STIMULATING || before == InterlockState.RAMPING_DOWN),
                streamer.channels());
        InterlockState state = facet.poll();
        boolean output = state == InterlockState.STIMULATING || state == InterlockState.RAMPING_DOWN;
        if (runActive && !output) {
            runActive = false; // the interlock ended the run (its cutoff sent STOP)
        }
        driveLines(output, state, now);
        if (pendingStart != null && now >= pendingOnsetNs - config.startLeadMs() * 1_000_000L) {
            startRun();
            state = facet.state();
            output = state == InterlockState.STIMULATING;
            driveLines(output, state, clock.nanoTime());
        }
        if (runActive && output) {
            try {
                if (streamer.fill(clock.nanoTime()) == BlockStreamer.Outcome.GATE_REFUSED) {
                    runActive = false;
                }
            } catch (StimulatorException e) {
                device.linkFailed(e);
                runActive = false;
            }
        }
        now = clock.nanoTime();
        double fraction = runActive && output ? facet.envelopeFraction(now) : 0;
        if (fraction != outputFraction) {
            outputFraction = fraction;
        }
        if (device.identity() != null && now >= nextHeartbeatNs) {
            try {
                stimulator.heartbeat();
            } catch (StimulatorException e) {
                device.linkFailed(e);
            }
            nextHeartbeatNs = now + config.heartbeatMs() * 1_000_000L;
        }
        long wakeAt = now + MAX_PARK_MS * 1_000_000L;
        if (device.identity() != null) {
            wakeAt = Math.min(wakeAt, nextHeartbeatNs);
        }
        if (runActive) {
            wakeAt = Math.min(wakeAt, streamer.nextBlockStartNs() - config.horizonMs() * 1_000_000L);
        }
        if (pendingStart != null) {
            wakeAt = Math.min(wakeAt, pendingOnsetNs - config.startLeadMs() * 1_000_000L);
        }
        long park = wakeAt - clock.nanoTime();
        if (park > 0 && commands.isEmpty()) {
            LockSupport.parkNanos(this, park);
        }
    }

    private void driveLines(boolean output, InterlockState state, long now) {
        if (output != relayRequested) {
            relayRequested = output;
            lines.setStimulatorEnable(output);
        }
        boolean led = switch (state) {
            case DISARMED -> false;
            case ARMED -> (now / 500_000_000L) % 2 == 0;
            case STIMULATING, RAMPING_DOWN -> true;
            case FAULT -> (now / 125_000_000L) % 2 == 0;
        };
        if (led != ledOn) {
            ledOn = led;
            lines.setStatusLed(led);
        }
    }

    // ------------------------------------------------------------------ operator commands (loop thread)

    ActionResult arm(Operator operator, StimulationPlan plan) {
        InterlockState s = facet.poll();
        if (s != InterlockState.DISARMED) {
            return console.arm(operator, plan); // the interlock refuses, with its reason
        }
        if (!device.isConnected()) {
            String why = device.connect();
            if (why != null) {
                return refused("no stimulator: " + why);
            }
        }
        DeviceIdentity identity = device.identity();
        if (!lines.isHardware() && !identity.simulator()) {
            return refused("no GPIO safety lines (" + lines.description() + "): a real stimulator needs the hardware "
                    + "emergency stop and enable relay; stimulation refused");
        }
        if (plan.electrodeCount() > identity.channels()) {
            return refused("plan has " + plan.electrodeCount() + " electrodes but the stimulator has "
                    + identity.channels() + " channels");
        }
        DeviceStatus st = device.currentStatus();
        if (st != null && st.state() == DeviceState.FAULT) {
            return refused("the stimulator has a latched fault " + st.firstFault() + " ("
                    + FaultCode.describeSet(st.faultSet()) + "); reset the fault first");
        }
        int n = plan.electrodeCount();
        try {
            configureDevice(plan);
            ImpedanceReport z = measureAndReport(plan);
            List<Violation> high = new ArrayList<>();
            for (int c = 0; c < n; c++) {
                if (z.ohms(c) > SafetyLimits.MAX_IMPEDANCE_TO_START_OHMS) {
                    high.add(Violation.of(SafetyRule.IMPEDANCE_AT_START, "electrode=" + plan.electrodes().get(c)
                            .label(), z.ohms(c) == ImpedanceReport.OPEN ? Double.POSITIVE_INFINITY : z.ohms(c),
                            SafetyLimits.MAX_IMPEDANCE_TO_START_OHMS, "Ω"));
                }
            }
            if (!high.isEmpty()) {
                return new ActionResult(false, facet.state(), "impedance too high to arm; improve the contact and "
                        + "arm again", high);
            }
        } catch (StimulatorException e) {
            return refused(e.getMessage());
        }
        ActionResult r = console.arm(operator, plan);
        if (r.accepted()) {
            this.plan = plan;
        }
        return r;
    }

    private void configureDevice(StimulationPlan p) throws StimulatorException {
        int n = p.electrodeCount();
        int[] areas = new int[n];
        for (int c = 0; c < n; c++) {
            // rounded down, so the device's density cap is never looser than the controller's
            areas[c] = (int) Math.max(1, Math.min(65_535, Math.floor(p.electrodes().get(c).areaCm2() * 100)));
        }
        stimulator.configure(n, areas);
    }

    /**
     * Before arming: configures the device for {@code p} and measures its electrodes, so that the operator sees the
     * impedances before confirming. Not during a run. Arming measures again.
     */
    ImpedanceReport previewImpedance(StimulationPlan p) {
        InterlockState s = facet.poll();
        if (s == InterlockState.STIMULATING || s == InterlockState.RAMPING_DOWN) {
            throw new IllegalStateException("impedance is not measured during a run (state=" + s + ")");
        }
        if (!device.isConnected()) {
            String why = device.connect();
            if (why != null) {
                throw new IllegalStateException("no stimulator: " + why);
            }
        }
        if (p.electrodeCount() > device.identity().channels()) {
            throw new IllegalStateException("plan has " + p.electrodeCount() + " electrodes but the stimulator has "
                    + device.identity().channels() + " channels");
        }
        try {
            configureDevice(p);
            return measureAndReport(p);
        } catch (StimulatorException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The connected stimulator's identity, or null. */
    DeviceIdentity deviceIdentity() {
        return device.identity();
    }

    private ImpedanceReport measureAndReport(StimulationPlan p) throws StimulatorException {
        ImpedanceReport z = stimulator.measureImpedance();
        for (int c = 0; c < p.electrodeCount(); c++) {
            long ohms = z.ohms(c) == ImpedanceReport.OPEN ? Integer.MAX_VALUE : z.ohms(c);
            facet.reportImpedance(c, ohms, z.measuredAtNs());
        }
        lastImpedanceNs = z.measuredAtNs();
        Logger.info("{} for {}", z, p.electrodes());
        return z;
    }

    ActionResult stop(Operator operator) {
        cancelPendingStart("operator stop");
        return console.stop(operator);
    }

    ActionResult resetFault(Operator operator, String reason) {
        ActionResult r = console.resetFault(operator, reason);
        if (!r.accepted()) {
            return r;
        }
        DeviceStatus st = device.currentStatus();
        DeviceIdentity identity = device.identity();
        FaultCode deviceFault = st != null && st.state() == DeviceState.FAULT ? st.firstFault()
                : identity != null ? identity.firstFault() : null;
        if (deviceFault != null) {
            try {
                if (!stimulator.resetFault(deviceFault)) {
                    device.fault(null, -1, "the stimulator refused to reset its fault " + deviceFault);
                    return refused("the interlock was reset but the stimulator refused to reset " + deviceFault
                            + "; the interlock is in FAULT again");
                }
            } catch (StimulatorException e) {
                device.fault(null, -1, "resetting the stimulator's fault failed: " + e.getMessage());
                return refused("the stimulator's fault could not be reset: " + e.getMessage());
            }
        }
        device.faultReset();
        return r;
    }

    ImpedanceReport measureImpedance() {
        InterlockState s = facet.poll();
        if (s == InterlockState.STIMULATING || s == InterlockState.RAMPING_DOWN || plan == null) {
            throw new IllegalStateException("impedance is measured while armed or disarmed with a configured plan, not "
                    + "during a run (state=" + s + ", plan " + (plan == null ? "none" : "configured") + ")");
        }
        try {
            return measureAndReport(plan);
        } catch (StimulatorException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ closed-loop commands (loop thread)

    CompletableFuture<ActionResult> scheduleStart(long onsetNs) {
        CompletableFuture<ActionResult> f = new CompletableFuture<>();
        if (pendingStart != null) {
            f.complete(refused("a start is already scheduled at " + pendingOnsetNs + " ns"));
        } else if (facet.poll() != InterlockState.ARMED) {
            f.complete(facet.start()); // refused by the interlock, with its reason
        } else {
            pendingStart = f;
            pendingOnsetNs = onsetNs;
            wake();
        }
        return f;
    }

    /** Soft-stops the current run if there is one (or cancels a scheduled start); never disarms. */
    ActionResult stopRun(SoftStopCause cause) {
        boolean hadPending = pendingStart != null;
        cancelPendingStart("stop of the run " + cause);
        InterlockState s = facet.poll();
        if (s == InterlockState.STIMULATING || s == InterlockState.RAMPING_DOWN) {
            return facet.requestSoftStop(cause);
        }
        return new ActionResult(true, s, hadPending ? "scheduled start cancelled" : "no run to stop", List.of());
    }

    ActionResult softStop(SoftStopCause cause) {
        cancelPendingStart("soft stop " + cause);
        return facet.requestSoftStop(cause);
    }

    private void cancelPendingStart(String why) {
        if (pendingStart != null) {
            pendingStart.complete(refused("scheduled start cancelled: " + why));
            pendingStart = null;
        }
    }

    private void failPending(String why) {
        cancelPendingStart(why);
        Runnable c;
        while ((c = commands.poll()) != null) {
            c.run();
        }
    }

    private void startRun() {
        CompletableFuture<ActionResult> f = pendingStart;
        long onset = pendingOnsetNs;
        pendingStart = null;
        long now = clock.nanoTime();
        try {
            if (lastImpedanceNs == Long.MIN_VALUE
                    || now - lastImpedanceNs > config.impedanceMaxAgeMs() * 1_000_000L) {
                measureAndReport(plan);
            }
        } catch (StimulatorException e) {
            f.complete(refused("impedance before the start: " + e.getMessage()));
            return;
        }
        ActionResult r = facet.start();
        if (r.accepted()) {
            long runStart = facet.runStartNs();
            long runEnd = facet.outputEndNs();
            // late: keep the phase grid of the requested onset, begin at its next sample
            long first = WaveformSynthesizer.gridSampleAtOrAfter(onset, clock.nanoTime() + MIN_FIRST_LEAD_NS);
            streamer.begin(plan, onset, runStart, first, runEnd);
            phaseZeroNs = onset;
            runStartNs = runStart;
            runEndNs = runEnd;
            runActive = true;
            device.beginRun();
            Logger.info("run started: phase reference {} ns, first sample {} ns ({} ms after the run's start)", onset,
                    first, (first - runStart) / 1e6);
        }
        f.complete(r);
    }

    private ActionResult refused(String reason) {
        Logger.warn("refused: {}", reason);
        return new ActionResult(false, interlock.state(), reason, List.of());
    }
}
