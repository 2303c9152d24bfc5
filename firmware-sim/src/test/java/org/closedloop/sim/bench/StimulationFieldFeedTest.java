package org.closedloop.sim.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.closedloop.protocol.link.MessageType;
import org.closedloop.sim.eeg.SampledStimulationField;
import org.closedloop.sim.stim.DeliveredCurrentSink;
import org.closedloop.sim.stim.HostSide;
import org.closedloop.sim.stim.SimulatedStimulator;
import org.closedloop.sim.stim.StimGroundTruth;
import org.closedloop.sim.stim.StimSimConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link StimulationFieldFeed} on a running simulated stimulator: the field, read at any time, gives the ground
 * truth's delivered current of the tick in force then; it reads 0 once output stops; feeding it allocates nothing.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class StimulationFieldFeedTest {
    private static final int TIMEOUT_MS = 5_000;

    private static double[] read(SampledStimulationField field, long nanos) {
        double[] out = new double[field.electrodes()];
        field.currentsAt(nanos, out);
        return out;
    }

    private static double[] asDoubles(int[] microAmps) {
        double[] d = new double[microAmps.length];
        for (int c = 0; c < d.length; c++) {
            d[c] = microAmps[c];
        }
        return d;
    }

    @Test
    void shouldHoldEveryTickOfTheGroundTruthInTheFieldAndReadZeroOnceTheRunEnds() throws Exception {
        SampledStimulationField field = new SampledStimulationField(2, 1 << 14);
        try (SimulatedStimulator sim = SimulatedStimulator.start(StimSimConfig.builder().channels(2).build(),
                new StimulationFieldFeed(field, 2));
             HostSide host = new HostSide(sim.devicePath())) {
            host.send(MessageType.CONFIGURE, HostSide.configure(2500, 2500));
            host.await(MessageType.ACK, TIMEOUT_MS);
            long start = sim.deviceMicros(System.nanoTime()) + 30_000;
            int[][] samples = new int[20][];
            for (int i = 0; i < 20; i++) {
                samples[i] = new int[] {15 * i - 100, 100 - 15 * i};
            }
            host.send(MessageType.SETPOINT_BLOCK, HostSide.block(0, start, samples));
            host.send(MessageType.SETPOINT_BLOCK, HostSide.block(1, start + 20_000, samples));
            int end = host.send(MessageType.END_RUN, HostSide.endRun(1));
            assertEquals(end, host.await(MessageType.ACK, TIMEOUT_MS).ackSeq());
            long sent = System.nanoTime();
            assertTrue(sim.groundTruth().awaitTickAt(sent + 100_000_000L, Duration.ofSeconds(10)));
            assertEquals(List.of(), sim.groundTruth().faults());

            // the feed is told after the ground truth appends: count the steps first, then the truth has them all
            long pushed = field.pushed();
            StimGroundTruth.Trace t = sim.groundTruth().trace();
            assertTrue(sim.groundTruth().ticks() < sim.groundTruth().capacity(), "nothing evicted: trace from tick 0");
            assertTrue(pushed <= t.size() && t.size() - pushed <= 1, "one step per tick: " + pushed + " steps, "
                    + t.size() + " ticks");
            long first = t.hostNanos()[0];
            assertArrayEquals(new double[] {0, 0}, read(field, first - 1), "0 before the first tick");
            int nonZero = 0;
            for (int k = 0; k < pushed; k++) {
                double[] want = asDoubles(t.delivered()[k]);
                assertArrayEquals(want, read(field, t.hostNanos()[k]), "at tick " + k);
                if (k + 1 < pushed) {
                    assertArrayEquals(want, read(field, t.hostNanos()[k + 1] - 1), "held until tick " + (k + 1));
                }
                if (want[0] != 0) {
                    nonZero++;
                }
            }
            assertEquals(40, nonZero, "the run's 40 samples, none of them 0 µA");
            assertArrayEquals(new double[] {0, 0}, read(field, Long.MAX_VALUE), "0 held after the run");
            assertEquals(0, field.staleReads());
        }
    }

    @Test
    void shouldFeedTheFieldWithoutAllocatingOnTheDacThread() throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        SampledStimulationField field = new SampledStimulationField(2, 1 << 12);
        StimulationFieldFeed feed = new StimulationFieldFeed(field, 2);
        long[] allocated = {-1, -1};
        final int fromTick = 1100; // the ground truth (1024 ticks) and the field have been written once through
        final int toTick = 2100;
        DeliveredCurrentSink measuring = new DeliveredCurrentSink() {
            private int ticks;

            @Override
            public void onDelivered(long hostNanos, int[] microAmps) {
                feed.onDelivered(hostNanos, microAmps);
                ticks++;
                if (ticks == fromTick || ticks == toTick) {
                    long bytes = threads.getCurrentThreadAllocatedBytes();
                    synchronized (allocated) {
                        allocated[ticks == fromTick ? 0 : 1] = bytes;
                    }
                }
            }
        };
        try (SimulatedStimulator sim = SimulatedStimulator.start(StimSimConfig.builder().channels(2)
                .groundTruthCapacity(1024).build(), measuring)) {
            long started = System.nanoTime();
            assertTrue(sim.groundTruth().awaitTickAt(started + (toTick + 50) * 1_000_000L, Duration.ofSeconds(20)));
        }
        synchronized (allocated) {
            assertTrue(allocated[0] >= 0 && allocated[1] >= 0, "both ticks measured");
            long bytes = allocated[1] - allocated[0];
            assertTrue(bytes < 1024, "the DAC thread allocated " + bytes + " bytes over " + (toTick - fromTick)
                    + " ticks with the feed");
        }
    }

    @Test
    void shouldRefuseAFieldWhoseElectrodesAreNotTheStimulatorChannels() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new StimulationFieldFeed(new SampledStimulationField(3), 2));
        assertTrue(e.getMessage().startsWith("field electrodes=3"), e.getMessage());
    }
}
