package org.closedloop.controller.acquisition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class OneToOneSampleRingTest {

    @Test
    void shouldHandOverSamplesInOrderWithEveryField() {
        OneToOneSampleRing ring = new OneToOneSampleRing(4, 2);
        assertTrue(ring.offer(100, 0, 7, 0, new double[] {1.5, -2.5}));
        assertTrue(ring.offer(200, 3, 10, 2, new double[] {3.5, 4.5}));
        SampleFrame f = new SampleFrame(2);
        assertTrue(ring.poll(f));
        assertEquals(100, f.arrivalNs);
        assertEquals(0, f.sampleIndex);
        assertEquals(7, f.sampleNumber);
        assertEquals(0, f.lostBefore);
        assertEquals(1.5, f.microvolts[0]);
        assertEquals(-2.5, f.microvolts[1]);
        assertTrue(ring.poll(f));
        assertEquals(3, f.sampleIndex);
        assertEquals(2, f.lostBefore);
        assertEquals(4.5, f.microvolts[1]);
        assertFalse(ring.poll(f));
    }

    @Test
    void shouldRefuseAndCountOverrunsWhenFullWithoutOverwriting() {
        OneToOneSampleRing ring = new OneToOneSampleRing(2, 1);
        assertTrue(ring.offer(1, 0, 0, 0, new double[] {10}));
        assertTrue(ring.offer(2, 1, 1, 0, new double[] {11}));
        assertFalse(ring.offer(3, 2, 2, 0, new double[] {12}));
        assertEquals(1, ring.overruns());
        SampleFrame f = new SampleFrame(1);
        assertTrue(ring.poll(f));
        assertEquals(10, f.microvolts[0]);
        assertTrue(ring.offer(4, 3, 3, 0, new double[] {13}));
        assertTrue(ring.poll(f));
        assertEquals(11, f.microvolts[0]);
        assertTrue(ring.poll(f));
        assertEquals(13, f.microvolts[0]);
    }

    @Test
    void shouldRejectACapacityThatIsNotAPowerOfTwo() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new OneToOneSampleRing(6, 8));
        assertEquals("capacity=6: must be a power of two >= 2", e.getMessage());
    }

    @Test
    void shouldReturnFromAwaitWhenTimedOutOnAnEmptyRing() {
        OneToOneSampleRing ring = new OneToOneSampleRing(8, 1);
        assertFalse(ring.awaitAvailable(TimeUnit.MILLISECONDS.toNanos(5)));
    }

    @Test
    void shouldDeliverAMillionSamplesAcrossThreadsInOrderWithoutLoss() throws Exception {
        final int n = 1_000_000;
        OneToOneSampleRing ring = new OneToOneSampleRing(1024, 3);
        AtomicReference<String> failure = new AtomicReference<>();
        Thread consumer = new Thread(() -> {
            SampleFrame f = new SampleFrame(3);
            long expected = 0;
            while (expected < n) {
                if (!ring.awaitAvailable(TimeUnit.SECONDS.toNanos(10))) {
                    failure.set("consumer starved at " + expected);
                    return;
                }
                while (ring.poll(f)) {
                    if (f.sampleIndex != expected || f.microvolts[0] != expected || f.microvolts[2] != -expected
                            || f.sampleNumber != (int) (expected & 0xFF)) {
                        failure.set("sample " + expected + " arrived as index " + f.sampleIndex);
                        return;
                    }
                    expected++;
                }
            }
        }, "test-consumer");
        consumer.start();
        double[] uv = new double[3];
        for (long i = 0; i < n; i++) {
            uv[0] = i;
            uv[1] = 0.5;
            uv[2] = -i;
            while (!ring.offer(i, i, (int) (i & 0xFF), 0, uv)) {
                Thread.onSpinWait(); // the test's producer retries; the real one counts an overrun instead
            }
        }
        consumer.join(TimeUnit.SECONDS.toMillis(60));
        assertFalse(consumer.isAlive(), "consumer did not finish");
        assertEquals(null, failure.get());
    }
}
