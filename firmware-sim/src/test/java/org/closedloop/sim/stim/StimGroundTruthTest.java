package org.closedloop.sim.stim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.closedloop.protocol.link.DeviceState;
import org.junit.jupiter.api.Test;

/** {@link StimGroundTruth}'s record of ticks: bounded, newest kept, oldest first, across its growth. */
class StimGroundTruthTest {
    private static void append(StimGroundTruth truth, int tick) {
        truth.append(1000L * tick, 1_000_000L * tick, tick % 2 == 0 ? DeviceState.IDLE : DeviceState.RUNNING,
                new int[] {tick % 2000, -(tick % 2000)}, new int[] {tick % 1999, 7}, new int[] {tick % 15_000, 0});
    }

    @Test
    void shouldKeepTheNewestTicksUpToCapacityOldestFirst() {
        StimGroundTruth truth = new StimGroundTruth(2, 10_000); // grows 4096 -> 8192 -> 10000, then drops the oldest
        for (int tick = 0; tick < 25_000; tick++) {
            append(truth, tick);
        }
        assertEquals(25_000, truth.ticks());
        StimGroundTruth.Trace t = truth.trace();
        assertEquals(10_000, t.size());
        for (int k = 0; k < t.size(); k++) {
            int tick = 15_000 + k;
            assertEquals(1000L * tick, t.deviceUs()[k], "device time " + k);
            assertEquals(1_000_000L * tick, t.hostNanos()[k], "host time " + k);
            assertEquals(tick % 2 == 0 ? DeviceState.IDLE : DeviceState.RUNNING, t.states()[k], "state " + k);
            assertArrayEquals(new int[] {tick % 2000, -(tick % 2000)}, t.setpoint()[k], "setpoint " + k);
            assertArrayEquals(new int[] {tick % 1999, 7}, t.delivered()[k], "delivered " + k);
            assertArrayEquals(new int[] {tick % 15_000, 0}, t.millivolts()[k], "millivolts " + k);
        }
        StimGroundTruth.Trace between = truth.traceBetween(1_000_000L * 20_000, 1_000_000L * 20_003);
        assertEquals(3, between.size());
        assertEquals(1000L * 20_000, between.deviceUs()[0]);
        assertEquals(1998, truth.maxAbsDelivered(0, Long.MAX_VALUE));
    }

    @Test
    void shouldKeepEveryTickWhileBelowCapacity() {
        StimGroundTruth truth = new StimGroundTruth(2, 1 << 17);
        for (int tick = 0; tick < 5000; tick++) {
            append(truth, tick);
        }
        StimGroundTruth.Trace t = truth.trace();
        assertEquals(5000, t.size());
        assertEquals(0, t.deviceUs()[0]);
        assertEquals(1000L * 4999, t.deviceUs()[4999]);
        assertArrayEquals(new int[] {4999 % 1999, 7}, t.delivered()[4999]);
        assertEquals(-1, truth.zeroSince(0), "channel 2 delivers 7 µA throughout");
    }
}
