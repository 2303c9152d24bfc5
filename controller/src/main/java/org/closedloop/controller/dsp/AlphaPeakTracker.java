package org.closedloop.controller.dsp;

/**
 * Individual alpha frequency (IAF): the peak of a Welch spectrum (Hann segments, 50% overlap) of one signal inside
 * a frequency range (default 7-14 Hz), averaged over a sliding window of segments, located to a fraction of a bin by
 * parabolic interpolation of the log power at the peak bin and its two neighbours.
 *
 * <p><b>Streaming, no bursts of work.</b> Only the bins of the range (plus one each side) are computed, and each
 * segment's DFT is accumulated sample by sample (a Goertzel-like running sum against a twiddle table) while the
 * segment fills: about {@code 2 * bins} complex multiply-adds per sample (34 at the defaults), never a whole FFT in one
 * call. When a segment completes, its periodogram joins the window and the estimate is refreshed.
 *
 * <p><b>When the estimate moves.</b> Only for a real peak: a local maximum of the averaged spectrum inside the range
 * whose three-bin lobe stands at least 6 dB above the straight line joining the log powers at the two ends of the
 * range (on log frequency), so a falling 1/f background with no alpha rhythm leaves the previous estimate in place.
 *
 * <p>The first estimate comes when the window is full ({@code iafWindowSeconds}, 10 s by default).
 *
 * <p><b>Resolution.</b> Bins are {@code rate / nfft} apart (0.49 Hz at 250 Hz and 2 s segments); for a clean
 * sinusoid the interpolated peak is within about 0.05 Hz of the truth (the tests check +-0.1 Hz at 9.6 Hz).
 *
 * <p><b>Thread safety:</b> not thread safe; owned by the loop thread.
 */
final class AlphaPeakTracker {
    private static final double PROMINENCE = Math.log(4.0);

    private final int nfft;
    private final int hop;
    private final int firstBin;
    private final int bins;
    private final int slots;
    private final double binHz;
    private final double loHz;
    private final double hiHz;
    private final double[] window;
    private final double[] cos;
    private final double[] sin;
    private final long[] slotStart;
    private final double[] accRe;
    private final double[] accIm;
    private final double[][] periodograms;
    private final double[] averaged;
    private int ringPos;
    private int completed;
    private long sample = -1;
    private double iafHz;
    private boolean estimated;

    /**
     * @param nfft            segment length, a power of two
     * @param windowSegments  segments averaged, 1 or more
     */
    AlphaPeakTracker(double rateHz, int nfft, int windowSegments, double loHz, double hiHz, double initialHz) {
        this.nfft = nfft;
        this.hop = nfft / 2;
        this.binHz = rateHz / nfft;
        this.loHz = loHz;
        this.hiHz = hiHz;
        int kLo = (int) Math.ceil(loHz / binHz);
        int kHi = (int) Math.floor(hiHz / binHz);
        this.firstBin = kLo - 1;
        this.bins = kHi - kLo + 3;
        this.slots = (nfft + hop - 1) / hop;
        this.window = new double[nfft];
        this.cos = new double[nfft];
        this.sin = new double[nfft];
        for (int j = 0; j < nfft; j++) {
            window[j] = 0.5 * (1 - Math.cos(2 * Math.PI * j / nfft));
            cos[j] = Math.cos(2 * Math.PI * j / nfft);
            sin[j] = Math.sin(2 * Math.PI * j / nfft);
        }
        this.slotStart = new long[slots];
        for (int s = 0; s < slots; s++) {
            slotStart[s] = (long) s * hop;
        }
        this.accRe = new double[slots * bins];
        this.accIm = new double[slots * bins];
        this.periodograms = new double[windowSegments][bins];
        this.averaged = new double[bins];
        this.iafHz = initialHz;
    }

    /**
     * Adds one sample.
     *
     * @return true if a segment completed and the estimate was re-evaluated (it may not have moved)
     */
    boolean update(double x) {
        sample++;
        final int mask = nfft - 1;
        boolean refreshed = false;
        for (int s = 0; s < slots; s++) {
            long j = sample - slotStart[s];
            if (j < 0 || j >= nfft) {
                continue;
            }
            int jj = (int) j;
            double xw = x * window[jj];
            int o = s * bins;
            for (int i = 0; i < bins; i++) {
                int idx = ((firstBin + i) * jj) & mask;
                accRe[o + i] += xw * cos[idx];
                accIm[o + i] -= xw * sin[idx];
            }
            if (jj == nfft - 1) {
                double[] row = periodograms[ringPos];
                for (int i = 0; i < bins; i++) {
                    row[i] = accRe[o + i] * accRe[o + i] + accIm[o + i] * accIm[o + i];
                    accRe[o + i] = 0;
                    accIm[o + i] = 0;
                }
                ringPos = ringPos + 1 == periodograms.length ? 0 : ringPos + 1;
                completed++;
                slotStart[s] += (long) slots * hop;
                estimate();
                refreshed = true;
            }
        }
        return refreshed;
    }

    private void estimate() {
        if (completed < periodograms.length) {
            return; // one periodogram scatters by 100% per bin: wait for the whole window
        }
        int rows = periodograms.length;
        java.util.Arrays.fill(averaged, 0);
        for (int r = 0; r < rows; r++) {
            double[] row = periodograms[r];
            for (int i = 0; i < bins; i++) {
                averaged[i] += row[i];
            }
        }
        int best = -1;
        for (int i = 1; i < bins - 1; i++) {
            if (best < 0 || averaged[i] > averaged[best]) {
                best = i;
            }
        }
        if (best < 0 || !(averaged[best] > averaged[best - 1]) || !(averaged[best] > averaged[best + 1])) {
            return; // the maximum is at the edge of the range: no peak inside it
        }
        double a = Math.log(averaged[best - 1]);
        double b = Math.log(averaged[best]);
        double c = Math.log(averaged[best + 1]);
        double offset = 0.5 * (a - c) / (a - 2 * b + c);
        double peakHz = (firstBin + best + offset) * binHz;
        // Prominence: the mean of the peak bin and its neighbours (a sinusoid's Hann main lobe spans them; a noise
        // spike usually does not) must stand above the line joining the log powers at the two ends of the range
        // (each the mean of two bins) on log frequency: a power-law (1/f) background is a straight line there.
        double fLo = (firstBin + 1.5) * binHz;
        double fHi = (firstBin + bins - 2.5) * binHz;
        double pLo = Math.log(0.5 * (averaged[0] + averaged[1]));
        double pHi = Math.log(0.5 * (averaged[bins - 2] + averaged[bins - 1]));
        double t = Math.log((firstBin + best) * binHz / fLo) / Math.log(fHi / fLo);
        double baseline = pLo + t * (pHi - pLo);
        double lobe = Math.log((averaged[best - 1] + averaged[best] + averaged[best + 1]) / 3);
        if (lobe - baseline < PROMINENCE) {
            return;
        }
        iafHz = Math.max(loHz, Math.min(hiHz, peakHz));
        estimated = true;
    }

    /** The current estimate, Hz (the initial value until a peak has been found). */
    double iafHz() {
        return iafHz;
    }

    /** True once a peak has been found. */
    boolean estimated() {
        return estimated;
    }
}
