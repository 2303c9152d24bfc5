package org.closedloop.controller.gpio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.platform.MockPlatform;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.closedloop.safety.SystemSafetyClock;
import org.closedloop.safety.interlock.EmergencyStop;
import org.closedloop.safety.interlock.Interlock;
import org.closedloop.safety.interlock.SafetyListener;
import org.closedloop.safety.ledger.LedgerResult;
import org.closedloop.safety.ledger.StimulationLedger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The safety lines on pi4j's mock GPIO: press at the first edge, debounced release, relay latch, LED. */
class Pi4jSafetyLinesTest {

    private final Context pi4j = Pi4J.newContextBuilder().noAutoDetect().add(new MockPlatform())
            .add(MockDigitalInputProvider.newInstance(), MockDigitalOutputProvider.newInstance()).build();
    private final AtomicInteger wakes = new AtomicInteger();
    private final AtomicLong lastWakeNs = new AtomicLong();
    private Pi4jSafetyLines lines;

    @AfterEach
    void tearDown() {
        if (lines != null) {
            lines.close();
        }
        pi4j.shutdown();
    }

    /** The interlock's emergency stop flags (only an interlock can make them). */
    private static EmergencyStop emergencyStop() {
        StimulationLedger none = new StimulationLedger() {
            @Override
            public LedgerResult usedNs(String subjectCode, LocalDate day) {
                return LedgerResult.used(0);
            }

            @Override
            public LedgerResult add(String subjectCode, LocalDate day, long deltaNs) {
                return LedgerResult.used(0);
            }
        };
        return new Interlock(new SystemSafetyClock(ZoneId.systemDefault()), none, () -> {
        }, SafetyListener.NO_OP).emergencyStop();
    }

    private MockDigitalInput input() {
        return (MockDigitalInput) pi4j.registry().<DigitalInput>get("estop");
    }

    private DigitalOutput output(String id) {
        return pi4j.registry().get(id);
    }

    private EmergencyStop open(int debounceMs, boolean releasedFirst) throws Exception {
        lines = Pi4jSafetyLines.open(pi4j, new GpioConfig(17, 27, 22, debounceMs), MockDigitalInputProvider.ID,
                MockDigitalOutputProvider.ID);
        if (releasedFirst) {
            input().mockState(DigitalState.HIGH);
        }
        EmergencyStop stop = emergencyStop();
        lines.attach(stop, () -> {
            wakes.incrementAndGet();
            lastWakeNs.set(System.nanoTime());
        });
        return stop;
    }

    @Test
    void shouldPressAtTheFirstFallingEdgeDropTheRelayAndWakeTheLoop() throws Exception {
        EmergencyStop stop = open(5, true);
        lines.setStimulatorEnable(true);
        assertEquals(DigitalState.HIGH, output("stim-enable").state());
        input().mockState(DigitalState.LOW); // the listener runs on this thread
        assertTrue(stop.isPressed(), "pressed at once");
        assertEquals(DigitalState.LOW, output("stim-enable").state(), "relay low at once");
        assertEquals(1, wakes.get());
    }

    @Test
    void shouldKeepTheRelayLowAfterAPressUntilTheLoopHasAskedForLow() throws Exception {
        open(5, true);
        lines.setStimulatorEnable(true);
        input().mockState(DigitalState.LOW);
        input().mockState(DigitalState.HIGH);
        lines.setStimulatorEnable(true); // the loop has not seen the press yet
        assertEquals(DigitalState.LOW, output("stim-enable").state());
        lines.setStimulatorEnable(false); // it has (FAULT)
        lines.setStimulatorEnable(true); // a new run after an operator reset
        assertEquals(DigitalState.HIGH, output("stim-enable").state());
    }

    @Test
    void shouldNeverRaiseTheRelayWhileTheButtonIsHeld() throws Exception {
        open(5, true);
        input().mockState(DigitalState.LOW);
        lines.setStimulatorEnable(false);
        lines.setStimulatorEnable(true);
        assertEquals(DigitalState.LOW, output("stim-enable").state());
    }

    @Test
    void shouldCountAButtonHeldAtStartUpAsAPress() throws Exception {
        EmergencyStop stop = open(5, false); // a mock input starts low: pressed
        assertTrue(stop.isPressed());
        assertTrue(lines.emergencyStopPressedNow());
    }

    @Test
    void shouldAcceptAReleaseOnlyAfterTheLineStayedReleasedForTheDebounceTime() throws Exception {
        int debounceMs = 100;
        EmergencyStop stop = open(debounceMs, true);
        input().mockState(DigitalState.LOW);
        input().mockState(DigitalState.HIGH); // contact bounce
        input().mockState(DigitalState.LOW);
        long lastHigh = System.nanoTime();
        input().mockState(DigitalState.HIGH);
        boolean stillPressed = stop.isPressed();
        assumeTrue(System.nanoTime() - lastHigh < debounceMs * 1_000_000L, "the test thread stalled past the debounce");
        assertTrue(stillPressed, "not released before the debounce time");
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (stop.isPressed() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertFalse(stop.isPressed(), "released after the debounce time");
        assertTrue(lastWakeNs.get() - lastHigh >= debounceMs * 1_000_000L, "not before " + debounceMs + " ms");
    }

    @Test
    void shouldDriveTheStatusLed() throws Exception {
        open(5, true);
        lines.setStatusLed(true);
        assertEquals(DigitalState.HIGH, output("status-led").state());
        lines.setStatusLed(false);
        assertEquals(DigitalState.LOW, output("status-led").state());
    }

    @Test
    void shouldRefuseWithAPlainMessageWhereThereIsNoGpio() {
        assumeFalse(Files.exists(Path.of("/dev/gpiochip0")), "this machine has GPIO");
        GpioUnavailableException e = assertThrows(GpioUnavailableException.class,
                () -> Pi4jSafetyLines.openOnRaspberryPi(GpioConfig.defaults()));
        assertTrue(e.getMessage().contains("GPIO is not available"), e.getMessage());
        assertTrue(e.getMessage().contains("stimulating a real stimulator is refused"), e.getMessage());
    }

    @Test
    void shouldRejectPinsOutsideTheHeaderOrSharedPins() {
        assertThrows(IllegalArgumentException.class, () -> new GpioConfig(1, 27, 22, 5));
        assertThrows(IllegalArgumentException.class, () -> new GpioConfig(17, 17, 22, 5));
        assertThrows(IllegalArgumentException.class, () -> new GpioConfig(17, 27, 22, 0));
    }

    @Test
    void shouldOfferTheSoftwareEmergencyStopOnlyForTheSimulatorWhereThereIsNoGpio() throws Exception {
        assumeFalse(Files.exists(Path.of("/dev/gpiochip0")), "this machine has GPIO");
        GpioUnavailableException e = assertThrows(GpioUnavailableException.class,
                () -> SafetyLinesFactory.open(GpioConfig.defaults(), false, null));
        assertTrue(e.getMessage().contains("closedloop stim-demo"), e.getMessage());
        try (SafetyLines forSimulator = SafetyLinesFactory.open(GpioConfig.defaults(), true, null)) {
            assertFalse(forSimulator.isHardware());
            assertTrue(forSimulator instanceof SoftwareSafetyLines);
        }
    }

    @Test
    void shouldTurnAPi4jFailureIntoThePlainRefusal() {
        Context empty = Pi4J.newContextBuilder().noAutoDetect().build();
        try {
            GpioUnavailableException e = assertThrows(GpioUnavailableException.class, () -> Pi4jSafetyLines.open(empty,
                    GpioConfig.defaults(), "gpiod-digital-input", "gpiod-digital-output"));
            assertTrue(e.getMessage().startsWith("GPIO is not available on this machine (pi4j: "), e.getMessage());
            assertTrue(e.getCause() != null);
        } finally {
            empty.shutdown();
        }
    }
}
