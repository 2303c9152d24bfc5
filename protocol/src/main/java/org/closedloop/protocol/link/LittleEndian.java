package org.closedloop.protocol.link;

/**
 * Little-endian reads and writes of the fixed-width fields of the stimulator link, as a Cortex-M lays them out in
 * memory. Unsigned 32-bit values are returned in a {@code long}; 64-bit fields are treated as signed (device
 * microseconds stay far below 2^63).
 *
 * <p>Allocation-free. <b>Thread safety:</b> stateless.
 */
public final class LittleEndian {

    private LittleEndian() {
    }

    public static int getU8(byte[] b, int off) {
        return b[off] & 0xFF;
    }

    public static void putU8(byte[] b, int off, int v) {
        b[off] = (byte) v;
    }

    public static int getU16(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8;
    }

    public static int getI16(byte[] b, int off) {
        return (short) getU16(b, off);
    }

    public static void putU16(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
    }

    public static long getU32(byte[] b, int off) {
        return getI32(b, off) & 0xFFFF_FFFFL;
    }

    public static int getI32(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8 | (b[off + 2] & 0xFF) << 16 | (b[off + 3] & 0xFF) << 24;
    }

    public static void putU32(byte[] b, int off, long v) {
        putI32(b, off, (int) v);
    }

    public static void putI32(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
        b[off + 2] = (byte) (v >>> 16);
        b[off + 3] = (byte) (v >>> 24);
    }

    public static long getI64(byte[] b, int off) {
        return (getI32(b, off) & 0xFFFF_FFFFL) | ((long) getI32(b, off + 4)) << 32;
    }

    public static void putI64(byte[] b, int off, long v) {
        putI32(b, off, (int) v);
        putI32(b, off + 4, (int) (v >>> 32));
    }
}
