package org.closedloop.sim.truth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.SplittableRandom;
import org.closedloop.sim.truth.ParallelArrayRing.Column;
import org.junit.jupiter.api.Test;

/** {@link ParallelArrayRing} against an independent oracle: a deque of the newest {@code capacity} records. */
class ParallelArrayRingTest {
    private static final int LONGS = 0;
    private static final int SHORTS = 1;
    private static final int BYTES = 2;
    private static final int DOUBLES = 3;
    private static final int INTS = 4;
    private static final int WIDTH = 3;

    private static ParallelArrayRing ring(int capacity, int firstAllocation) {
        return new ParallelArrayRing(capacity, firstAllocation, Column.longs(1), Column.shorts(WIDTH), Column.bytes(1),
                Column.doubles(WIDTH), Column.ints(1));
    }

    private static void write(ParallelArrayRing ring, long record) {
        int s = ring.append();
        ring.longs(LONGS)[s] = record;
        for (int w = 0; w < WIDTH; w++) {
            ring.shorts(SHORTS)[s * WIDTH + w] = (short) (record * 3 + w);
            ring.doubles(DOUBLES)[s * WIDTH + w] = record + w / 10.0;
        }
        ring.bytes(BYTES)[s] = (byte) record;
        ring.ints(INTS)[s] = (int) (record * 7);
    }

    private static void assertRecord(ParallelArrayRing ring, int logical, long record, String where) {
        int s = ring.slot(logical);
        assertEquals(record, ring.longs(LONGS)[s], where);
        for (int w = 0; w < WIDTH; w++) {
            assertEquals((short) (record * 3 + w), ring.shorts(SHORTS)[s * WIDTH + w], where + " width " + w);
            assertEquals(record + w / 10.0, ring.doubles(DOUBLES)[s * WIDTH + w], where + " width " + w);
        }
        assertEquals((byte) record, ring.bytes(BYTES)[s], where);
        assertEquals((int) (record * 7), ring.ints(INTS)[s], where);
    }

    @Test
    void shouldKeepTheNewestRecordsOldestFirstAcrossGrowthAndEviction() {
        for (long seed = 1; seed <= 200; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            int capacity = 1 + random.nextInt(300);
            int firstAllocation = 1 + random.nextInt(64);
            int appends = random.nextInt(3 * capacity + 5);
            ParallelArrayRing ring = ring(capacity, firstAllocation);
            ArrayDeque<Long> oracle = new ArrayDeque<>();
            for (long r = 0; r < appends; r++) {
                write(ring, r);
                oracle.addLast(r);
                if (oracle.size() > capacity) {
                    oracle.removeFirst();
                }
                if (random.nextInt(20) == 0 || r == appends - 1) {
                    String where = "seed " + seed + " (capacity " + capacity + ", first " + firstAllocation + ") after "
                            + (r + 1);
                    assertEquals(oracle.size(), ring.size(), where);
                    assertEquals(r + 1 - oracle.size(), ring.evicted(), where);
                    int logical = 0;
                    for (long record : oracle) {
                        assertRecord(ring, logical++, record, where + ", record " + record);
                    }
                }
            }
        }
    }

    @Test
    void shouldGrowByDoublingFromTheFirstAllocationUpToTheCapacity() {
        ParallelArrayRing ring = ring(10, 4);
        assertEquals(0, ring.longs(LONGS).length, "nothing allocated before the first record");
        write(ring, 0);
        assertEquals(4, ring.longs(LONGS).length);
        assertEquals(4 * WIDTH, ring.shorts(SHORTS).length);
        for (int r = 1; r < 5; r++) {
            write(ring, r);
        }
        assertEquals(8, ring.longs(LONGS).length);
        for (int r = 5; r < 30; r++) {
            write(ring, r);
        }
        assertEquals(10, ring.longs(LONGS).length, "never beyond the capacity");
        assertEquals(20, ring.evicted());
    }

    @Test
    void shouldRejectBadSizesNamingThem() {
        var e = assertThrows(IllegalArgumentException.class, () -> ring(0, 4));
        assertTrue(e.getMessage().startsWith("capacity=0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ring(4, 0));
        assertTrue(e.getMessage().startsWith("firstAllocation=0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Column(Object.class, 1));
        assertTrue(e.getMessage().startsWith("type=class java.lang.Object"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Column.longs(0));
        assertTrue(e.getMessage().startsWith("width=0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new ParallelArrayRing(1 << 30, 16, Column.longs(8)));
        assertTrue(e.getMessage().startsWith("capacity=1073741824 x width=8"), e.getMessage());
    }
}
