package org.closedloop.controller.stim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.platform.MockPlatform;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.closedloop.controller.gpio.GpioConfig;
import org.closedloop.controller.gpio.Pi4jSafetyLines;
import org.closedloop.controller.testing.Await;
import org.closedloop.protocol.link.FaultCode;
import org.closedloop.safety.SafetyRule;
import org.closedloop.safety.SystemSafetyClock;
import org.closedloop.safety.interlock.ActionResult;
import org.closedloop.safety.interlock.DecisionKind;
import org.closedloop.safety.interlock.InterlockState;
import org.closedloop.safety.interlock.Operator;
import org.closedloop.safety.interlock.SafetyDecision;
import org.closedloop.safety.ledger.DailyStimulationLedger;
import org.closedloop.safety.plan.ElectrodeRole;
import org.closedloop.safety.plan.StimulationPlan;
import org.closedloop.sim.stim.SimulatedStimulator;
import org.closedloop.sim.stim.StimSimConfig;

/**
 * The whole chain for hardware-in-the-loop tests: the simulated stimulator on its pty, the controller's
 * {@link SerialStimulator} on jssc, the stimulation loop with the real interlock and ledger, and the safety lines on
 * pi4j's mock GPIO (the E-stop released before the loop starts: a mock input starts low, which reads "pressed"). With
 * {@code wireRelay} the mock relay output drives the simulator's enable input, as the bench wiring does.
 *
 * <p><b>Thread safety:</b> not thread safe; one test thread.
 */
final class StimRig implements AutoCloseable {
    static final Operator ALICE = Operator.named("alice");
    static final long MS = 1_000_000L;
    static final long S = 1_000_000_000L;
    /**
     * The loop's settings in these tests: the defaults with the longest horizon (90 ms). The controller and the
     * simulator share one JVM on a shared, heavily loaded machine, where a runnable thread can wait tens of
     * milliseconds for a core; a loop that falls further behind than its horizon lets the device's queue run dry,
     * which the device rightly latches as UNDERRUN.
     */
    static final StimConfig TEST_CONFIG = StimConfig.defaults().withHorizonMs(90);

    final SimulatedStimulator sim;
    final Context pi4j;
    final MockDigitalInput estop;
    final MockDigitalOutput relay;
    final Pi4jSafetyLines lines;
    final SerialStimulator stimulator;
    final DailyStimulationLedger ledger;
    final List<SafetyDecision> decisions = new CopyOnWriteArrayList<>();
    final StimulationLoop loop;

    private final boolean ownsSim;

    StimRig(Path dir, StimSimConfig.Builder simConfig, StimConfig config, boolean wireRelay) throws Exception {
        this(dir, SimulatedStimulator.start(simConfig.linkPath(dir.resolve("stim")).build()), true, config,
                wireRelay);
    }

    /** A controller attached to a simulator that already runs (and that the caller closes). */
    static StimRig attach(Path dir, SimulatedStimulator sim, StimConfig config) throws Exception {
        return new StimRig(dir, sim, false, config, false);
    }

    private StimRig(Path dir, SimulatedStimulator sim, boolean ownsSim, StimConfig config, boolean wireRelay)
            throws Exception {
        this.sim = sim;
        this.ownsSim = ownsSim;
        pi4j = Pi4J.newContextBuilder().noAutoDetect().add(new MockPlatform())
                .add(MockDigitalInputProvider.newInstance(), MockDigitalOutputProvider.newInstance()).build();
        GpioConfig gpio = GpioConfig.defaults();
        lines = Pi4jSafetyLines.open(pi4j, gpio, MockDigitalInputProvider.ID, MockDigitalOutputProvider.ID);
        estop = (MockDigitalInput) pi4j.registry().<com.pi4j.io.gpio.digital.DigitalInput>get("estop");
        relay = (MockDigitalOutput) pi4j.registry().<com.pi4j.io.gpio.digital.DigitalOutput>get("stim-enable");
        estop.mockState(DigitalState.HIGH); // released: a normally-closed button reads high
        if (wireRelay) {
            sim.setEnableLine(relay.state() == DigitalState.HIGH);
            relay.addListener(e -> sim.setEnableLine(e.state() == DigitalState.HIGH));
        }
        stimulator = new SerialStimulator(sim.devicePath().toString());
        ledger = DailyStimulationLedger.open(dir.resolve("ledger"));
        loop = StimulationLoop.start(new SystemSafetyClock(ZoneId.systemDefault()), ledger, decisions::add,
                stimulator, lines, config);
    }

    /** F3 at 0°, F4 at 180°, 25 cm² each, one {@code hz} component of {@code microAmps}. */
    static StimulationPlan twoElectrodes(double hz, int microAmps, long rampNs, long durationNs) {
        return twoElectrodesBuilder(hz, microAmps, rampNs, durationNs).build();
    }

    static StimulationPlan.Builder twoElectrodesBuilder(double hz, int microAmps, long rampNs, long durationNs) {
        return StimulationPlan.builder("S001")
                .electrode("F3", 25.0, ElectrodeRole.ACTIVE)
                .electrode("F4", 25.0, ElectrodeRole.RETURN)
                .component(hz, new int[] {microAmps, microAmps}, new double[] {0, 180})
                .rampUpNs(rampNs).rampDownNs(rampNs).durationNs(durationNs);
    }

    ActionResult arm(StimulationPlan plan) throws Exception {
        return loop.operator().arm(ALICE, plan).get(20, TimeUnit.SECONDS);
    }

    /** Arms, starts at now + {@code leadMs}, asserts both accepted; returns the onset requested. */
    long armAndStart(StimulationPlan plan, long leadMs) throws Exception {
        ActionResult armed = arm(plan);
        assertTrue(armed.accepted(), armed::toString);
        long onsetNs = System.nanoTime() + leadMs * MS;
        ActionResult started = loop.closedLoop().startAt(onsetNs).get(20, TimeUnit.SECONDS);
        assertTrue(started.accepted(), started::toString);
        return onsetNs;
    }

    /** Waits (polling, generous deadline) until {@code condition} holds; fails with {@code what} otherwise. */
    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        await(() -> what, timeout, condition);
    }

    /** As {@link #await(String, Duration, BooleanSupplier)}, describing the situation at the time of the failure. */
    static void await(java.util.function.Supplier<String> what, Duration timeout, BooleanSupplier condition)
            throws InterruptedException {
        Await.until(() -> what.get() + "\n" + stimThreads(), timeout, condition);
    }

    /** Stacks of the stimulation threads, to explain a timeout. */
    static String stimThreads() {
        StringBuilder sb = new StringBuilder();
        Thread.getAllStackTraces().forEach((t, stack) -> {
            if (t.getName().startsWith("stim") || t.getName().startsWith("EventThread")) {
                sb.append("thread ").append(t.getName()).append(' ').append(t.getState()).append('\n');
                for (StackTraceElement e : stack) {
                    sb.append("    at ").append(e).append('\n');
                }
            }
        });
        return sb.toString();
    }

    void awaitState(InterlockState state, Duration timeout) throws InterruptedException {
        await(() -> "interlock " + state + " (is " + loop.state() + "; loop " + loop.stats() + "; device " + sim.state()
                + " faults " + sim.groundTruth().faults() + "; link " + stimulator.stats() + "; now " + System.nanoTime()
                + "; last decisions " + decisions.subList(Math.max(0, decisions.size() - 3), decisions.size()) + ")",
                timeout, () -> loop.state() == state);
    }

    /**
     * Whether the run was stopped by a real-time miss: the device's queue ran dry or a block came too late for the
     * device or the gate. The tests inject neither, so either means a thread of this process was not scheduled in time.
     */
    boolean realTimeMiss() {
        boolean device = sim.groundTruth().faults().stream().anyMatch(f -> f.code() == FaultCode.UNDERRUN
                || f.code() == FaultCode.BLOCK_TIMING);
        boolean gate = decisions.stream().anyMatch(d -> d.kind() == DecisionKind.GATE_REFUSED
                && d.violations().stream().anyMatch(v -> v.rule() == SafetyRule.BLOCK_TIMING));
        return device || gate;
    }

    /** Waits for a decision of {@code kind} whose reason contains one of {@code reasonParts}. */
    void awaitDecision(DecisionKind kind, String... reasonParts) throws InterruptedException {
        await(() -> kind + " with " + java.util.Arrays.toString(reasonParts) + " in " + decisions, Duration.ofSeconds(30),
                () -> java.util.Arrays.stream(reasonParts).anyMatch(p -> decided(kind, p)));
    }

    boolean decided(DecisionKind kind, String reasonPart) {
        return decisions.stream().anyMatch(d -> d.kind() == kind && d.reason().contains(reasonPart));
    }

    @Override
    public void close() {
        loop.close();
        stimulator.close();
        lines.close();
        pi4j.shutdown();
        ledger.close();
        if (ownsSim) {
            sim.close();
        }
    }
}
