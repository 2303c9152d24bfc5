package org.closedloop.controller.dsp;

/**
 * In-place iterative radix-2 complex FFT of one fixed power-of-two size, with precomputed twiddles and bit-reversal
 * table, on separate real and imaginary arrays. Allocation-free after construction.
 *
 * <p>{@link #forward} computes {@code X[k] = sum_n x[n] exp(-2 pi i k n / N)}; {@link #inverse} computes
 * {@code x[n] = (1/N) sum_k X[k] exp(+2 pi i k n / N)}.
 *
 * <p><b>Thread safety:</b> immutable tables; a single instance may be shared, the arrays passed in are the caller's.
 */
final class Fft {
    private final int size;
    private final double[] cos;
    private final double[] sin;
    private final int[] bitReversed;

    /** @param size a power of two, 2 or more */
    Fft(int size) {
        if (size < 2 || Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("size=" + size + ": must be a power of two >= 2");
        }
        this.size = size;
        this.cos = new double[size / 2];
        this.sin = new double[size / 2];
        for (int k = 0; k < size / 2; k++) {
            cos[k] = Math.cos(2 * Math.PI * k / size);
            sin[k] = Math.sin(2 * Math.PI * k / size);
        }
        this.bitReversed = new int[size];
        int bits = Integer.numberOfTrailingZeros(size);
        for (int i = 0; i < size; i++) {
            bitReversed[i] = Integer.reverse(i) >>> (32 - bits);
        }
    }

    int size() {
        return size;
    }

    /** Forward transform of {@code re[0..N), im[0..N)} in place. */
    void forward(double[] re, double[] im) {
        transform(re, im, -1);
    }

    /** Inverse transform, scaled by 1/N, in place. */
    void inverse(double[] re, double[] im) {
        transform(re, im, 1);
        double scale = 1.0 / size;
        for (int i = 0; i < size; i++) {
            re[i] *= scale;
            im[i] *= scale;
        }
    }

    private void transform(double[] re, double[] im, int sign) {
        final int n = size;
        for (int i = 0; i < n; i++) {
            int j = bitReversed[i];
            if (j > i) {
                double t = re[i];
                re[i] = re[j];
                re[j] = t;
                t = im[i];
                im[i] = im[j];
                im[j] = t;
            }
        }
        for (int len = 2; len <= n; len <<= 1) {
            int half = len >>> 1;
            int step = n / len;
            for (int start = 0; start < n; start += len) {
                for (int k = 0; k < half; k++) {
                    double wr = cos[k * step];
                    double wi = sign * sin[k * step];
                    int a = start + k;
                    int b = a + half;
                    double tr = re[b] * wr - im[b] * wi;
                    double ti = re[b] * wi + im[b] * wr;
                    re[b] = re[a] - tr;
                    im[b] = im[a] - ti;
                    re[a] += tr;
                    im[a] += ti;
                }
            }
        }
    }
}
