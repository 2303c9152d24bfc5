package org.closedloop.sim.truth;

import java.lang.reflect.Array;

/**
 * The storage of a bounded record of the simulators' ground truth: parallel primitive arrays (columns), one record
 * per slot, kept as a ring that holds the newest {@code capacity} records and drops the oldest beyond. The arrays
 * start empty and grow by doubling from {@code firstAllocation} up to the capacity as records come, so a long
 * capacity costs memory only once it is used; growth unrolls the ring so the oldest record is at slot 0.
 *
 * <p>A column holds {@code width} consecutive elements per record (e.g. one per channel): record slot {@code s}
 * occupies indexes {@code s * width} to {@code s * width + width - 1}. Read and write through the typed accessors
 * ({@link #longs}, {@link #ints}, {@link #shorts}, {@link #bytes}, {@link #doubles}) after {@link #append()}, never
 * through an array kept from before it: growth replaces the arrays.
 *
 * <p><b>Thread safety:</b> not thread safe; the owner guards it with its own lock.
 */
public final class ParallelArrayRing {
    /**
     * One column: a primitive element type and the number of elements per record.
     *
     * @param type  {@code long.class}, {@code int.class}, {@code short.class}, {@code byte.class} or
     *              {@code double.class}
     * @param width elements per record, 1 or more
     */
    public record Column(Class<?> type, int width) {
        public Column {
            if (type != long.class && type != int.class && type != short.class && type != byte.class
                    && type != double.class) {
                throw new IllegalArgumentException("type=" + type + ": must be long, int, short, byte or double");
            }
            if (width < 1) {
                throw new IllegalArgumentException("width=" + width + ": must be 1 or more");
            }
        }

        public static Column longs(int width) {
            return new Column(long.class, width);
        }

        public static Column ints(int width) {
            return new Column(int.class, width);
        }

        public static Column shorts(int width) {
            return new Column(short.class, width);
        }

        public static Column bytes(int width) {
            return new Column(byte.class, width);
        }

        public static Column doubles(int width) {
            return new Column(double.class, width);
        }
    }

    private final int capacity;
    private final int firstAllocation;
    private final Column[] columns;
    private final Object[] arrays;
    private int allocated;
    private int head;
    private int size;
    private long evicted;

    /**
     * @param capacity        most records kept, 1 or more
     * @param firstAllocation records allocated at the first append (then doubled up to the capacity), 1 or more
     * @param columns         the columns, in the order their indexes name them in the accessors
     * @throws IllegalArgumentException naming a bad value, also if a full column would not fit in an array
     */
    public ParallelArrayRing(int capacity, int firstAllocation, Column... columns) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity=" + capacity + ": must be positive");
        }
        if (firstAllocation < 1) {
            throw new IllegalArgumentException("firstAllocation=" + firstAllocation + ": must be positive");
        }
        this.capacity = capacity;
        this.firstAllocation = firstAllocation;
        this.columns = columns.clone();
        this.arrays = new Object[columns.length];
        for (int c = 0; c < columns.length; c++) {
            if ((long) capacity * columns[c].width() > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("capacity=" + capacity + " x width=" + columns[c].width()
                        + " of column " + c + ": too many elements for one array");
            }
            arrays[c] = Array.newInstance(columns[c].type(), 0);
        }
    }

    /** Most records kept. */
    public int capacity() {
        return capacity;
    }

    /** Records kept now, at most {@link #capacity()}. */
    public int size() {
        return size;
    }

    /** Records dropped to make room since construction. */
    public long evicted() {
        return evicted;
    }

    /**
     * Makes room for one record after the newest, growing the arrays or, once at capacity, dropping the oldest
     * record; returns the slot to write it into (every column's elements there hold stale or zero values).
     */
    public int append() {
        if (size == allocated) {
            if (allocated < capacity) {
                grow();
            } else {
                head = (head + 1) % allocated;
                size--;
                evicted++;
            }
        }
        int slot = slot(size);
        size++;
        return slot;
    }

    /** The slot of the kept record {@code logical} places after the oldest (0: the oldest), 0 to size - 1. */
    public int slot(int logical) {
        return (head + logical) % allocated;
    }

    public long[] longs(int column) {
        return (long[]) arrays[column];
    }

    public int[] ints(int column) {
        return (int[]) arrays[column];
    }

    public short[] shorts(int column) {
        return (short[]) arrays[column];
    }

    public byte[] bytes(int column) {
        return (byte[]) arrays[column];
    }

    public double[] doubles(int column) {
        return (double[]) arrays[column];
    }

    /** Doubles the storage up to the capacity, unrolling the ring so the oldest record is at slot 0. */
    private void grow() {
        int next = (int) Math.min(capacity, Math.max(firstAllocation, 2L * allocated));
        for (int c = 0; c < columns.length; c++) {
            int width = columns[c].width();
            Object grown = Array.newInstance(columns[c].type(), next * width);
            for (int i = 0; i < size; i++) {
                System.arraycopy(arrays[c], slot(i) * width, grown, i * width, width);
            }
            arrays[c] = grown;
        }
        allocated = next;
        head = 0;
    }
}
