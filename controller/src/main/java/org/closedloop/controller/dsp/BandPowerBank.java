package org.closedloop.controller.dsp;

import java.util.List;

/**
 * Streaming band power for every channel and band: a Butterworth band-pass per band, the squared output smoothed
 * by a one-pole exponential average, calibrated so that white noise of variance s^2 (at the rate the filter runs)
 * reads {@code s^2 * widthHz / (rate / 2)}, the share of its power inside the band edges.
 *
 * <p><b>Calibration.</b> A filter of finite order is not a brick wall: its white-noise power gain
 * {@code E = sum h[n]^2} (computed at construction from the impulse response) corresponds to an equivalent noise
 * bandwidth {@code E * rate / 2} slightly wider than the band. Each band's output is multiplied by
 * {@code kappa = (widthHz / (rate / 2)) / E}, which makes broadband power exact. A sine in the middle of a band is
 * then read at {@code kappa} times its power {@code A^2 / 2} ({@link #calibration(int)}: 0.97-0.98 for the default
 * 4th-order prototype, so within 3%). <b>Near an edge</b> the band-pass gain falls to one half (-3 dB) exactly at
 * the edge: a sine at a shared edge is counted half in each neighbouring band, and a sine one tenth of the band
 * width inside an edge is read roughly 10-20% low. Keep that in mind for peaks that sit on a band edge.
 *
 * <p><b>Smoothing.</b> {@code p += alpha (kappa y^2 - p)} with {@code alpha = 1 - exp(-1 / (tau rate))}: the reading
 * follows a step in power with time constant tau; it starts at 0.
 *
 * <p><b>Relative power</b> is {@code absolute / sum(absolute over the bands)}; it sums to 1 (to rounding) over the
 * configured bands, and is 0 for every band of a channel whose powers are all 0.
 *
 * <p><b>Thread safety:</b> not thread safe; owned by the loop thread.
 */
final class BandPowerBank {
    private final int channels;
    private final int bandCount;
    private final BiquadCascade[] filters;
    private final double[] kappa;
    private final double alpha;
    private final double[][] absolute;
    private final double[][] relative;
    private final double[] filtered;
    private final double[] total;

    BandPowerBank(List<Band> bands, int order, double rateHz, double smoothingSeconds, int channels) {
        this.channels = channels;
        this.bandCount = bands.size();
        this.filters = new BiquadCascade[bandCount];
        this.kappa = new double[bandCount];
        double[] sos = new double[order * BiquadDesign.STRIDE];
        double[] scratch = new double[BiquadDesign.bandPassScratchLength(order)];
        for (int b = 0; b < bandCount; b++) {
            Band band = bands.get(b);
            int sections = BiquadDesign.butterworthBandPass(order, band.loHz(), band.hiHz(), rateHz, sos, scratch);
            filters[b] = new BiquadCascade(sos, sections, channels);
            kappa[b] = (band.widthHz() / (rateHz / 2)) / whiteNoiseGain(sos, sections);
        }
        this.alpha = -Math.expm1(-1.0 / (smoothingSeconds * rateHz));
        this.absolute = new double[bandCount][channels];
        this.relative = new double[bandCount][channels];
        this.filtered = new double[channels];
        this.total = new double[channels];
    }

    /** {@code sum h[n]^2} of the cascade, summed until the impulse response has died away. */
    static double whiteNoiseGain(double[] sos, int sections) {
        BiquadCascade probe = new BiquadCascade(sos, sections, 1);
        double[] x = {1.0};
        double[] y = new double[1];
        double energy = 0;
        for (int block = 0; block < 10_000; block++) {
            double blockEnergy = 0;
            for (int i = 0; i < 1000; i++) {
                probe.process(x, y);
                x[0] = 0;
                blockEnergy += y[0] * y[0];
            }
            energy += blockEnergy;
            if (blockEnergy < 1e-16 * energy) {
                break;
            }
        }
        return energy;
    }

    /** One feature-rate sample of every channel (DC-removed, notched), microvolts. */
    void process(double[] clean) {
        process(clean, 0, channels);
    }

    /**
     * One feature-rate sample of channels {@code [from, to)} (DC-removed, notched), microvolts: filters, smoothed
     * power and relative power of those channels only.
     */
    void process(double[] clean, int from, int to) {
        final double a = alpha;
        final double[] y = filtered;
        final double[] sum = total;
        java.util.Arrays.fill(sum, from, to, 0.0);
        for (int b = 0; b < bandCount; b++) {
            filters[b].process(clean, y, from, to);
            final double k = kappa[b];
            final double[] p = absolute[b];
            for (int c = from; c < to; c++) {
                double v = p[c] + a * (k * y[c] * y[c] - p[c]);
                p[c] = v;
                sum[c] += v;
            }
        }
        for (int c = from; c < to; c++) {
            // MIN_NORMAL keeps an all-zero channel at 0 instead of NaN and is negligible otherwise
            sum[c] = 1.0 / (sum[c] + Double.MIN_NORMAL);
        }
        for (int b = 0; b < bandCount; b++) {
            final double[] p = absolute[b];
            final double[] r = relative[b];
            for (int c = from; c < to; c++) {
                r[c] = p[c] * sum[c];
            }
        }
    }

    /** Clears one channel's filters and smoothed powers (after its input was restarted). */
    void resetChannel(int channel) {
        for (int b = 0; b < bandCount; b++) {
            filters[b].resetChannel(channel);
            absolute[b][channel] = 0;
            relative[b][channel] = 0;
        }
    }

    /** Absolute power per channel of a band, microvolts squared. Live array: read only. */
    double[] absolute(int band) {
        return absolute[band];
    }

    /** Relative power per channel of a band, 0-1. Live array: read only. */
    double[] relative(int band) {
        return relative[band];
    }

    /** The factor kappa applied to band {@code band}: a mid-band sine reads kappa times A^2/2. */
    double calibration(int band) {
        return kappa[band];
    }
}
