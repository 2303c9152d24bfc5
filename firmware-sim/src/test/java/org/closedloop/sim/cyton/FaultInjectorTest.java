package org.closedloop.sim.cyton;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaultInjectorTest {
    private final List<Fault> faults = new ArrayList<>();
    private final FaultInjector injector = new FaultInjector(faults::add);

    @Test
    void shouldParseEveryTextualForm() {
        injector.apply("garbage 40");
        injector.apply("corrupt 2");
        injector.apply("drop 3");
        injector.apply("badstop 1");
        injector.apply("stall 500ms");
        injector.apply("  STALL   2s ");
        injector.apply("unplug 3s");
        assertEquals(List.of(new Fault.Garbage(40), new Fault.Corrupt(2), new Fault.Drop(3), new Fault.BadStop(1),
                new Fault.Stall(Duration.ofMillis(500)), new Fault.Stall(Duration.ofSeconds(2)),
                new Fault.Unplug(Duration.ofSeconds(3))), faults);
    }

    @Test
    void shouldRejectBadTextNamingCommandValueAndForms() {
        assertRejected("drop x", "'drop x'", "value 'x' is not a whole number");
        assertRejected("stall 500", "'stall 500'", "value '500' is not a duration");
        assertRejected("drop 0", "'drop 0'", "n=0: must be 1-1000000");
        assertRejected("garbage 70000", "'garbage 70000'", "bytes=70000");
        assertRejected("unplug 601s", "'unplug 601s'", "value '601s' rejected", "at most PT10M");
        assertRejected("unplug 0ms", "'unplug 0ms'", "must be positive");
        assertRejected("explode 3", "'explode 3'", "unknown fault 'explode'");
        assertRejected("drop", "'drop'", "expected a fault name and one value");
        assertEquals(List.of(), faults, "nothing applied");
    }

    private void assertRejected(String command, String... fragments) {
        var e = assertThrows(IllegalArgumentException.class, () -> injector.apply(command));
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), e.getMessage() + " should contain " + fragment);
        }
        assertTrue(e.getMessage().contains("accepted forms: garbage <bytes"), e.getMessage());
    }

    @Test
    void shouldRejectBadArgumentsToTheMethods() {
        assertThrows(IllegalArgumentException.class, () -> injector.dropPackets(-1));
        assertThrows(IllegalArgumentException.class, () -> injector.stall(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> injector.unplug(null));
        assertThrows(IllegalArgumentException.class, () -> injector.garbageBurst(0));
    }
}
