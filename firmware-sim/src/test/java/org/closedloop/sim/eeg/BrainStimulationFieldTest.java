package org.closedloop.sim.eeg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link SampledStimulationField}: sample-and-hold lookup by time, bounded history, one writer and one reader. */
class BrainStimulationFieldTest {
    private static double[] read(SampledStimulationField field, long timeNanos) {
        double[] out = new double[field.electrodes()];
        field.currentsAt(timeNanos, out);
        return out;
    }

    @Test
    void shouldGiveZeroBeforeTheFirstStep() {
        SampledStimulationField field = new SampledStimulationField(2, 8);
        double[] out = {5, 5, 5};
        field.currentsAt(1000, out);
        assertArrayEquals(new double[] {0, 0, 5}, out, "only the electrodes are written");
        field.push(2000, new double[] {100, -100});
        assertArrayEquals(new double[] {0, 0}, read(field, 1999));
        assertEquals(0, field.staleReads(), "before the first step is not stale: stimulation had not begun");
    }

    @Test
    void shouldHoldEachStepUntilTheNext() {
        SampledStimulationField field = new SampledStimulationField(2, 8);
        field.push(1000, new double[] {1, -1});
        field.push(2000, new double[] {2, -2});
        field.push(3000, new double[] {3, -3});
        assertArrayEquals(new double[] {1, -1}, read(field, 1000));
        assertArrayEquals(new double[] {1, -1}, read(field, 1999));
        assertArrayEquals(new double[] {2, -2}, read(field, 2000));
        assertArrayEquals(new double[] {3, -3}, read(field, 3000));
        assertArrayEquals(new double[] {3, -3}, read(field, Long.MAX_VALUE), "the newest is held");
        field.push(3000, new double[] {4, -4});
        assertArrayEquals(new double[] {4, -4}, read(field, 3000), "a step at the same time replaces it");
        assertArrayEquals(new double[] {2, -2}, read(field, 2500));
        assertEquals(4, field.pushed());
    }

    @Test
    void shouldAnswerWithTheOldestKeptStepAndCountItWhenTheReaderFallsBehind() {
        SampledStimulationField field = new SampledStimulationField(1, 4);
        for (int k = 0; k < 10; k++) {
            field.push(1000L * k, new double[] {k});
        }
        // kept: steps 6-9
        assertArrayEquals(new double[] {6}, read(field, 6500));
        assertEquals(0, field.staleReads());
        assertArrayEquals(new double[] {6}, read(field, 5999));
        assertArrayEquals(new double[] {6}, read(field, 0));
        assertEquals(2, field.staleReads());
        for (int k = 6; k < 10; k++) {
            assertArrayEquals(new double[] {k}, read(field, 1000L * k + 999), "step " + k);
        }
    }

    @Test
    void shouldRejectBadPushesAndSizesNamingThem() {
        SampledStimulationField field = new SampledStimulationField(2, 8);
        field.push(1000, new double[] {1, -1});
        var e = assertThrows(IllegalArgumentException.class, () -> field.push(999, new double[] {2, -2}));
        assertTrue(e.getMessage().startsWith("timeNanos=999"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> field.push(2000, new double[] {2}));
        assertTrue(e.getMessage().startsWith("microAmps.length=1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> field.push(2000, new double[] {2, Double.NaN}));
        assertTrue(e.getMessage().startsWith("microAmps[1]=NaN"), e.getMessage());
        assertEquals(1, field.pushed(), "a rejected push records nothing");
        e = assertThrows(IllegalArgumentException.class, () -> new SampledStimulationField(2, 100));
        assertTrue(e.getMessage().startsWith("capacity=100"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new SampledStimulationField(0));
        assertTrue(e.getMessage().startsWith("electrodes=0"), e.getMessage());
    }

    /** A writer thread and a reader thread: every read is one whole step, and steps never go back in time. */
    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void shouldNeverTearAStepBetweenOneWriterAndOneReader() throws InterruptedException {
        SampledStimulationField field = new SampledStimulationField(4, 64);
        int steps = 200_000;
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            double[] step = new double[4];
            for (int k = 1; k <= steps; k++) {
                step[0] = k;
                step[1] = -k;
                step[2] = 2 * k;
                step[3] = -2 * k;
                field.push(k, step);
            }
        }, "test-stim-writer");
        writer.setUncaughtExceptionHandler((t, ex) -> failure.set(ex));
        writer.start();
        double[] out = new double[4];
        double last = 0;
        while (last < steps) {
            field.currentsAt(Long.MAX_VALUE, out);
            double k = out[0];
            assertTrue(out[1] == -k && out[2] == 2 * k && out[3] == -2 * k, "torn step " + Arrays.toString(out));
            assertTrue(k >= last, "went back from " + last + " to " + k);
            last = k;
        }
        writer.join();
        assertEquals(null, failure.get());
        assertEquals(0, field.staleReads());
    }
}
