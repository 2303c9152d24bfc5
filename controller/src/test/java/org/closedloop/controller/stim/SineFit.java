package org.closedloop.controller.stim;

/**
 * Least-squares fit of {@code a·sin(2πf(t − t0)) + b·cos(2πf(t − t0))} at a known frequency: amplitude and phase of a
 * delivered waveform against the phase reference t0. The test's independent oracle for the delivered waveform.
 *
 * @param amplitude  sqrt(a² + b²), µA
 * @param phaseDeg   atan2(b, a) in degrees: the waveform is amplitude · sin(2πf(t − t0) + phase)
 */
record SineFit(double amplitude, double phaseDeg) {

    static SineFit fit(long[] tNs, int[] values, int from, int to, double hz, long t0Ns) {
        double ss = 0;
        double cc = 0;
        double sc = 0;
        double ys = 0;
        double yc = 0;
        for (int i = from; i < to; i++) {
            double x = 2 * Math.PI * hz * (tNs[i] - t0Ns) / 1e9;
            double s = Math.sin(x);
            double c = Math.cos(x);
            ss += s * s;
            cc += c * c;
            sc += s * c;
            ys += values[i] * s;
            yc += values[i] * c;
        }
        double det = ss * cc - sc * sc;
        double a = (ys * cc - yc * sc) / det;
        double b = (yc * ss - ys * sc) / det;
        return new SineFit(Math.hypot(a, b), Math.toDegrees(Math.atan2(b, a)));
    }

    /** The difference of two phases folded into (-180, 180]. */
    static double phaseDifference(double aDeg, double bDeg) {
        double d = (aDeg - bDeg) % 360;
        if (d > 180) {
            d -= 360;
        }
        if (d <= -180) {
            d += 360;
        }
        return d;
    }
}
