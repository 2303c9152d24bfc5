package org.closedloop.controller.dsp;

/**
 * The phase response, at a given frequency, of everything the phase target signal passes through before the phase
 * estimator: the DC-removal high-pass, the anti-alias low-pass (at the input rate) and the notches (at the feature
 * rate). The anti-alias filter alone lags a 10 Hz wave by about 28 degrees at a 250 Hz feature rate, so the phase
 * estimator subtracts this response to report the phase of the signal as it arrived. Allocation-free.
 *
 * <p><b>Thread safety:</b> not thread safe (scratch array); owned by the loop thread.
 */
final class FrontEndPhase {
    private final double inputRateHz;
    private final double featureRateHz;
    private final double dcPole;
    private final double[] antiAliasSos;
    private final int antiAliasSections;
    private final double[] notchSos;
    private final int notchSections;
    private final double[] reIm = new double[2];

    FrontEndPhase(double inputRateHz, double featureRateHz, double dcPole, double[] antiAliasSos,
                  int antiAliasSections, double[] notchSos, int notchSections) {
        this.inputRateHz = inputRateHz;
        this.featureRateHz = featureRateHz;
        this.dcPole = dcPole;
        this.antiAliasSos = antiAliasSos.clone();
        this.antiAliasSections = antiAliasSections;
        this.notchSos = notchSos.clone();
        this.notchSections = notchSections;
    }

    /** Phase of the front end's response at {@code hz}, radians (negative: a lag). */
    double phaseRadiansAt(double hz) {
        double w = 2 * Math.PI * hz / inputRateHz;
        // DC blocker (1 - z^-1) / (1 - r z^-1)
        double nr = 1 - Math.cos(w);
        double ni = Math.sin(w);
        double dr = 1 - dcPole * Math.cos(w);
        double di = dcPole * Math.sin(w);
        double phase = Math.atan2(ni, nr) - Math.atan2(di, dr);
        if (antiAliasSections > 0) {
            BiquadDesign.response(antiAliasSos, 0, antiAliasSections, hz, inputRateHz, reIm);
            phase += Math.atan2(reIm[1], reIm[0]);
        }
        if (notchSections > 0) {
            BiquadDesign.response(notchSos, 0, notchSections, hz, featureRateHz, reIm);
            phase += Math.atan2(reIm[1], reIm[0]);
        }
        return phase;
    }
}
