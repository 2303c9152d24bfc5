package org.closedloop.controller.dsp;

/**
 * Second-order-section designs by the bilinear transform with pre-warping, written into flat coefficient arrays of
 * {@value #STRIDE} doubles per section: {@code b0, b1, b2, a1, a2} (a0 = 1), for direct form II transposed.
 *
 * <p>Butterworth low-pass: the analog prototype poles {@code exp(i*pi*(2k+n+1)/(2n))}, scaled to the pre-warped
 * cutoff, mapped by {@code z = (1 + s/2fs) / (1 - s/2fs)}; zeros at z = -1; each section has unit gain at DC.
 *
 * <p>Butterworth band-pass: the low-pass-to-band-pass substitution {@code s -> (s^2 + w0^2) / (B s)} with
 * {@code w0 = sqrt(wLo * wHi)}, {@code B = wHi - wLo} from the pre-warped edges, so that the digital -3 dB edges are
 * exactly at {@code loHz} and {@code hiHz}. A prototype of order n gives 2n poles, grouped into n sections each with
 * one zero at z = +1 and one at z = -1. Each section is scaled to unit magnitude at the digital centre frequency
 * {@code (fs/pi) * atan(w0 / 2fs)}, where the whole cascade then has gain exactly 1 and phase exactly 0.
 *
 * <p>All methods compute with primitives into caller-supplied arrays and allocate nothing, so the phase estimator
 * can retune its band inside the loop.
 *
 * <p><b>Thread safety:</b> stateless; safe from any thread.
 */
final class BiquadDesign {
    /** Coefficients per section. */
    static final int STRIDE = 5;

    private BiquadDesign() {
    }

    /**
     * Butterworth low-pass of {@code order} (1-16) into {@code out} ({@code ceil(order/2)} sections). Allocates a
     * little scratch: for construction time.
     *
     * @return the number of sections written
     */
    static int butterworthLowPass(int order, double cutoffHz, double sampleRateHz, double[] out) {
        double[] z = new double[2]; // construction time only

        double wc = 2 * sampleRateHz * Math.tan(Math.PI * cutoffHz / sampleRateHz);
        int sections = 0;
        for (int k = 0; k < order / 2; k++) {
            double angle = Math.PI * (2 * k + order + 1) / (2.0 * order);
            double sr = wc * Math.cos(angle);
            double si = wc * Math.sin(angle);
            bilinear(sr, si, sampleRateHz, z, 0);
            double a1 = -2 * z[0];
            double a2 = z[0] * z[0] + z[1] * z[1];
            double g = (1 + a1 + a2) / 4; // numerator (1 + z^-1)^2 has gain 4 at DC
            put(out, sections++, g, 2 * g, g, a1, a2);
        }
        if (order % 2 == 1) {
            bilinear(-wc, 0, sampleRateHz, z, 0);
            double a1 = -z[0];
            double g = (1 + a1) / 2; // numerator (1 + z^-1) has gain 2 at DC
            put(out, sections++, g, g, 0, a1, 0);
        }
        return sections;
    }

    /** Scratch doubles {@link #butterworthBandPass} needs for a prototype of {@code order}. */
    static int bandPassScratchLength(int order) {
        return 4 * order + 2;
    }

    /**
     * Butterworth band-pass from a prototype of {@code order} (1-16) into {@code out} ({@code order} sections);
     * requires {@code 0 < loHz < hiHz < sampleRateHz / 2}. Allocation-free.
     *
     * @param scratch at least {@link #bandPassScratchLength(int)} doubles, overwritten
     * @return the number of sections written ({@code order})
     */
    static int butterworthBandPass(int order, double loHz, double hiHz, double sampleRateHz, double[] out,
                                   double[] scratch) {
        double wLo = 2 * sampleRateHz * Math.tan(Math.PI * loHz / sampleRateHz);
        double wHi = 2 * sampleRateHz * Math.tan(Math.PI * hiHz / sampleRateHz);
        double w0sq = wLo * wHi;
        double bw = wHi - wLo;
        // scratch layout: [0, 2*order) upper-half-plane poles (re, im); [2*order, 4*order) real poles; then z (2)
        final int realBase = 2 * order;
        final int zi = 4 * order;
        int upper = 0;
        int real = 0;
        for (int k = 0; k < order; k++) {
            double angle = Math.PI * (2 * k + order + 1) / (2.0 * order);
            double qr = Math.cos(angle) * bw / 2;
            double qi = Math.sin(angle) * bw / 2;
            // roots of s^2 - 2 q s + w0^2 = 0: s = q +- sqrt(q^2 - w0^2)
            double dr = qr * qr - qi * qi - w0sq;
            double di = 2 * qr * qi;
            double mag = Math.hypot(dr, di);
            double sqr = Math.sqrt(Math.max(0, (mag + dr) / 2));
            double sqi = Math.copySign(Math.sqrt(Math.max(0, (mag - dr) / 2)), di);
            for (int sign = -1; sign <= 1; sign += 2) {
                double sr = qr + sign * sqr;
                double si = qi + sign * sqi;
                if (Math.abs(si) <= 1e-9 * Math.sqrt(w0sq)) {
                    scratch[realBase + real++] = sr;
                } else if (si > 0) {
                    scratch[2 * upper] = sr;
                    scratch[2 * upper + 1] = si;
                    upper++;
                }
            }
        }
        // Real band-pass poles come only from the real prototype pole (odd order) when B > 2 w0: two of them.
        int sections = 0;
        for (int i = 0; i < upper; i++) {
            bilinear(scratch[2 * i], scratch[2 * i + 1], sampleRateHz, scratch, zi);
            double zr = scratch[zi];
            double zim = scratch[zi + 1];
            put(out, sections++, 1, 0, -1, -2 * zr, zr * zr + zim * zim);
        }
        for (int i = 0; i + 1 < real; i += 2) {
            bilinear(scratch[realBase + i], 0, sampleRateHz, scratch, zi);
            double z1 = scratch[zi];
            bilinear(scratch[realBase + i + 1], 0, sampleRateHz, scratch, zi);
            double z2 = scratch[zi];
            put(out, sections++, 1, 0, -1, -(z1 + z2), z1 * z2);
        }
        double centreHz = sampleRateHz / Math.PI * Math.atan(Math.sqrt(w0sq) / (2 * sampleRateHz));
        for (int s = 0; s < sections; s++) {
            response(out, s, s + 1, centreHz, sampleRateHz, scratch, zi);
            scaleNumerator(out, s, 1 / Math.hypot(scratch[zi], scratch[zi + 1]));
        }
        response(out, 0, sections, centreHz, sampleRateHz, scratch, zi);
        if (scratch[zi] < 0) {
            scaleNumerator(out, 0, -1); // the section signs multiply to -1: make the centre phase 0, not pi
        }
        return sections;
    }

    /** The digital centre frequency of {@link #butterworthBandPass}: where its gain is 1 and its phase 0. */
    static double bandPassCentreHz(double loHz, double hiHz, double sampleRateHz) {
        double wLo = 2 * sampleRateHz * Math.tan(Math.PI * loHz / sampleRateHz);
        double wHi = 2 * sampleRateHz * Math.tan(Math.PI * hiHz / sampleRateHz);
        return sampleRateHz / Math.PI * Math.atan(Math.sqrt(wLo * wHi) / (2 * sampleRateHz));
    }

    /** Notch (RBJ cookbook) at {@code f0Hz} with quality {@code q} (-3 dB width f0/q) into section 0 of {@code out}. */
    static void notch(double f0Hz, double q, double sampleRateHz, double[] out) {
        double w0 = 2 * Math.PI * f0Hz / sampleRateHz;
        double alpha = Math.sin(w0) / (2 * q);
        double a0 = 1 + alpha;
        double c = -2 * Math.cos(w0) / a0;
        put(out, 0, 1 / a0, c, 1 / a0, c, (1 - alpha) / a0);
    }

    /**
     * Complex response of sections {@code [from, to)} at {@code hz} into {@code reIm[0..1]}.
     */
    static void response(double[] sos, int from, int to, double hz, double sampleRateHz, double[] reIm) {
        response(sos, from, to, hz, sampleRateHz, reIm, 0);
    }

    /** As {@link #response(double[], int, int, double, double, double[])}, into {@code reIm[off..off+1]}. */
    static void response(double[] sos, int from, int to, double hz, double sampleRateHz, double[] reIm, int off) {
        double w = 2 * Math.PI * hz / sampleRateHz;
        double c1 = Math.cos(w);
        double s1 = -Math.sin(w);
        double c2 = Math.cos(2 * w);
        double s2 = -Math.sin(2 * w);
        double hr = 1;
        double hi = 0;
        for (int s = from; s < to; s++) {
            int o = s * STRIDE;
            double nr = sos[o] + sos[o + 1] * c1 + sos[o + 2] * c2;
            double ni = sos[o + 1] * s1 + sos[o + 2] * s2;
            double dr = 1 + sos[o + 3] * c1 + sos[o + 4] * c2;
            double di = sos[o + 3] * s1 + sos[o + 4] * s2;
            double den = dr * dr + di * di;
            double qr = (nr * dr + ni * di) / den;
            double qi = (ni * dr - nr * di) / den;
            double tr = hr * qr - hi * qi;
            hi = hr * qi + hi * qr;
            hr = tr;
        }
        reIm[off] = hr;
        reIm[off + 1] = hi;
    }

    /** Analog pole s to digital pole z = (1 + s/2fs) / (1 - s/2fs), into {@code z[0..1]}. */
    private static void bilinear(double sr, double si, double sampleRateHz, double[] z, int off) {
        double k = 2 * sampleRateHz;
        double nr = 1 + sr / k;
        double ni = si / k;
        double dr = 1 - sr / k;
        double di = -si / k;
        double den = dr * dr + di * di;
        z[off] = (nr * dr + ni * di) / den;
        z[off + 1] = (ni * dr - nr * di) / den;
    }

    private static void put(double[] out, int section, double b0, double b1, double b2, double a1, double a2) {
        int o = section * STRIDE;
        out[o] = b0;
        out[o + 1] = b1;
        out[o + 2] = b2;
        out[o + 3] = a1;
        out[o + 4] = a2;
    }

    private static void scaleNumerator(double[] out, int section, double g) {
        int o = section * STRIDE;
        out[o] *= g;
        out[o + 1] *= g;
        out[o + 2] *= g;
    }
}
