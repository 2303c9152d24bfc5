package org.closedloop.controller.dsp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * {@link FeatureExtractor#process} allocates nothing, counted by the JVM's per-thread allocation counter (no timing
 * involved). The JMH benchmark shows the same with {@code -prof gc}.
 */
class AllocationFreeTest {

    @Test
    void shouldNotAllocateWhileProcessing() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        double rate = 1000;
        FeatureExtractor fx = new FeatureExtractor(DspConfig.builder(rate, 8).phaseMontage(0, 0, 0, 0, 1, 1, 1, 1)
                .iafWindowSeconds(4).build());
        double[][] x = TestSignals.sinesPlusNoise(3, rate, 20_000, 8, new double[] {9.5, 20}, new double[] {20, 5},
                3);
        x[12_000][2] = 187_500; // a rail and its release: the restart path too
        long checksum = 0;
        long id = Thread.currentThread().getId();
        long overhead = -threads.getThreadAllocatedBytes(id) + threads.getThreadAllocatedBytes(id);
        overhead = -threads.getThreadAllocatedBytes(id) + threads.getThreadAllocatedBytes(id); // the probe's own cost
        for (int round = 0; round < 2; round++) { // the first round warms up (class loading, JIT)
            long before = threads.getThreadAllocatedBytes(id);
            for (double[] sample : x) {
                checksum += fx.process(sample) ? 1 : 0;
            }
            long allocated = threads.getThreadAllocatedBytes(id) - before - overhead;
            if (round == 1) {
                assertEquals(0, allocated, "bytes allocated over " + x.length + " samples (IAF retunes included: "
                        + fx.individualAlphaFrequencyHz() + " Hz), checksum " + checksum);
            }
        }
    }
}
