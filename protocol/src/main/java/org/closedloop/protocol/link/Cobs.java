package org.closedloop.protocol.link;

/**
 * Consistent Overhead Byte Stuffing (Cheshire and Baker, IEEE/ACM Trans. Networking 7(2), 1999): removes every 0x00
 * from a frame so that 0x00 can delimit frames on the wire. Each block is a code byte {@code n} (1-255) followed by
 * {@code n - 1} non-zero data bytes; a block with {@code n < 255} stands for its data followed by a zero, except at
 * the very end of the frame. Overhead: at most one byte per 254 bytes, plus one.
 *
 * <p>The encoder follows the reference implementation: a frame that ends exactly after a full 254-byte block gets no
 * extra empty block ({@code 01 .. FE} encodes as {@code FF 01 .. FE}).
 *
 * <p>Allocation-free. <b>Thread safety:</b> stateless.
 */
public final class Cobs {

    private Cobs() {
    }

    /** Largest encoding of {@code length} bytes, without the 0x00 delimiter. */
    public static int maxEncodedLength(int length) {
        return length + length / 254 + 1;
    }

    /**
     * Encodes {@code src[off, off + len)} into {@code dst} from {@code dstOff}; writes no delimiter.
     *
     * @return the number of bytes written (at most {@link #maxEncodedLength(int) maxEncodedLength(len)})
     * @throws ArrayIndexOutOfBoundsException if {@code dst} is too small (a programming error)
     */
    public static int encode(byte[] src, int off, int len, byte[] dst, int dstOff) {
        int codeAt = dstOff;
        int w = dstOff + 1;
        int code = 1;
        for (int i = 0; i < len; i++) {
            byte b = src[off + i];
            if (b != 0) {
                dst[w++] = b;
                code++;
            }
            if (b == 0 || code == 0xFF) {
                dst[codeAt] = (byte) code;
                code = 1;
                codeAt = w;
                // a block that ends exactly at the end of the input is not followed by an empty block
                if (b == 0 || i < len - 1) {
                    w++;
                }
            }
        }
        dst[codeAt] = (byte) code;
        return w - dstOff;
    }

    /**
     * Decodes one frame's encoding (without its delimiter) from {@code src[off, off + len)} into {@code dst}.
     *
     * @return the decoded length, or -1 if the input is not a valid encoding (a zero byte, a block running past the
     *         end, or a decoded frame longer than {@code dst} allows from {@code dstOff}); never throws for bad input
     */
    public static int decode(byte[] src, int off, int len, byte[] dst, int dstOff) {
        int r = off;
        int end = off + len;
        int w = dstOff;
        int limit = dst.length;
        while (r < end) {
            int code = src[r++] & 0xFF;
            if (code == 0) {
                return -1;
            }
            int data = code - 1;
            if (r + data > end || w + data > limit) {
                return -1;
            }
            for (int i = 0; i < data; i++) {
                byte b = src[r++];
                if (b == 0) {
                    return -1;
                }
                dst[w++] = b;
            }
            if (code != 0xFF && r < end) {
                if (w >= limit) {
                    return -1;
                }
                dst[w++] = 0;
            }
        }
        return w - dstOff;
    }
}
