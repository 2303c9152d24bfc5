package org.closedloop.sim.cyton;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import org.closedloop.sim.cyton.GroundTruth.Delivery;
import org.junit.jupiter.api.Test;

class GroundTruthTest {
    private static void append(GroundTruth truth, long index, Delivery delivery, long endOffset) {
        int[] counts = new int[8];
        counts[0] = (int) index;
        truth.append(1, index, counts, new double[8], 0, 0, 0, delivery, endOffset);
    }

    @Test
    void shouldKeepTheNewestSamplesUpToCapacityAndCountAll() {
        GroundTruth truth = new GroundTruth(3000);
        truth.startStream();
        for (int i = 0; i < 5000; i++) {
            append(truth, i, i % 10 == 0 ? Delivery.DROPPED : Delivery.DELIVERED, 33L * i);
        }
        List<GroundTruth.Sample> kept = truth.samples();
        assertEquals(3000, kept.size());
        assertEquals(2000, kept.get(0).index());
        assertEquals(2000 & 0xFF, kept.get(0).sampleNumber());
        assertEquals(4999, kept.get(2999).counts()[0]);
        assertEquals(2000, truth.evicted());
        assertEquals(5000, truth.generated());
        assertEquals(500, truth.count(Delivery.DROPPED));
        assertEquals(500, truth.samplesLostByFaults());
        assertEquals(2700, truth.delivered().size());
    }

    @Test
    void shouldMarkPacketsNotWhollyReadAsUnplugged() {
        GroundTruth truth = new GroundTruth(100);
        truth.startStream();
        append(truth, 0, Delivery.DELIVERED, 33);
        append(truth, 1, Delivery.DELIVERED, 66);
        append(truth, 2, Delivery.DROPPED, 66);
        append(truth, 3, Delivery.DELIVERED, 99);
        append(truth, 4, Delivery.DELIVERED, 132);
        // 70 bytes were read: packet 1 wholly, packet 3 only in part
        assertEquals(2, truth.markUnplugged(70));
        assertEquals(List.of(0L, 1L), truth.delivered().stream().map(GroundTruth.Sample::index).toList());
        assertEquals(2, truth.count(Delivery.UNPLUGGED));
        assertEquals(1, truth.count(Delivery.DROPPED));
        assertEquals(3, truth.samplesLostByFaults());
    }

    @Test
    void shouldReturnFromAwaitWhenReachedOrTimedOut() throws InterruptedException {
        GroundTruth truth = new GroundTruth(10);
        append(truth, 0, Delivery.DELIVERED, 33);
        assertEquals(true, truth.awaitGenerated(1, Duration.ofSeconds(1)));
        assertEquals(false, truth.awaitGenerated(2, Duration.ofMillis(1)));
    }
}
