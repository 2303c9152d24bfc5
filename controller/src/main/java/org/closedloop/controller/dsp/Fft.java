package org.closedloop.controller.dsp;

/**
 * In-place iterative radix-2 complex FFT of one fixed power-of-two size on separate real and imaginary arrays:
 * bit reversal as a precomputed list of swaps (no data-dependent branch), then decimation-in-time stages whose
 * twiddles are stored contiguously per stage (the inner loop walks the twiddles and both halves of a block with
 * unit stride). Allocation-free after construction.
 *
 * <p>{@link #forward} computes {@code X[k] = sum_n x[n] exp(-2 pi i k n / N)}; {@link #inverse} computes
 * {@code x[n] = (1/N) sum_k X[k] exp(+2 pi i k n / N)}.
 *
 * <p><b>Thread safety:</b> immutable tables; a single instance may be shared, the arrays passed in are the caller's.
 */
final class Fft {
    private final int size;
    private final double[] stageCos;
    private final double[] stageSin;
    private final double[] stageMinusSin;
    private final int[] swaps;

    /** @param size a power of two, 4 or more */
    Fft(int size) {
        if (size < 4 || Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("size=" + size + ": must be a power of two >= 4");
        }
        this.size = size;
        // per-stage twiddles, contiguous: stage of half-length h at offset h - 1, entry k = exp(-+2 pi i k / 2h)
        this.stageCos = new double[size];
        this.stageSin = new double[size];
        this.stageMinusSin = new double[size];
        for (int h = 1; h < size; h <<= 1) {
            for (int k = 0; k < h; k++) {
                stageCos[h - 1 + k] = Math.cos(Math.PI * k / h);
                stageSin[h - 1 + k] = Math.sin(Math.PI * k / h);
                stageMinusSin[h - 1 + k] = -stageSin[h - 1 + k];
            }
        }
        // the bit-reversal permutation as a list of swaps (i < j), so the transform has no data-dependent branch
        int bits = Integer.numberOfTrailingZeros(size);
        int count = 0;
        int[] pairs = new int[size];
        for (int i = 0; i < size; i++) {
            int j = Integer.reverse(i) >>> (32 - bits);
            if (j > i) {
                pairs[count++] = i;
                pairs[count++] = j;
            }
        }
        this.swaps = java.util.Arrays.copyOf(pairs, count);
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
        final int[] sw = swaps;
        for (int p = 0; p < sw.length; p += 2) {
            int i = sw[p];
            int j = sw[p + 1];
            double t = re[i];
            re[i] = re[j];
            re[j] = t;
            t = im[i];
            im[i] = im[j];
            im[j] = t;
        }
        // first stage: length-2 butterflies, twiddle 1
        for (int a = 0; a < n; a += 2) {
            double tr = re[a + 1];
            double ti = im[a + 1];
            re[a + 1] = re[a] - tr;
            im[a + 1] = im[a] - ti;
            re[a] += tr;
            im[a] += ti;
        }
        final double[] tc = stageCos;
        final double[] ts = sign < 0 ? stageMinusSin : stageSin;
        for (int half = 2; half < n; half <<= 1) {
            final int len = half << 1;
            final int off = half - 1;
            for (int start = 0; start < n; start += len) {
                for (int k = 0; k < half; k++) {
                    int a = start + k;
                    int b = a + half;
                    double wr = tc[off + k];
                    double wi = ts[off + k];
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
