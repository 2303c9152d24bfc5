package org.closedloop.controller.dsp;

/**
 * The phase response, at a given frequency, of everything the phase target signal passes through before the phase
 * estimator: the first anti-alias stage (input rate), the DC-removal high-pass and the second anti-alias stage
 * (intermediate rate) and the notches (feature rate); see {@link FrontEnd}. The anti-alias filters alone lag a 10 Hz wave by 27-31 degrees at a 250 Hz feature rate, so the phase
 * estimator subtracts this response to report the phase of the signal as it arrived. Allocation-free.
 *
 * <p><b>Thread safety:</b> not thread safe (scratch array); owned by the loop thread.
 */
final class FrontEndPhase {
    private final double inputRateHz;
    private final double intermediateRateHz;
    private final double featureRateHz;
    private final double dcPole;
    private final double[] stage1Sos;
    private final boolean stage1;
    private final double[] antiAliasSos;
    private final int antiAliasSections;
    private final double[] notchSos;
    private final int notchSections;
    private final double[] reIm = new double[2];

    FrontEndPhase(double inputRateHz, FrontEnd frontEnd, double featureRateHz, double[] notchSos, int notchSections) {
        this.inputRateHz = inputRateHz;
        this.intermediateRateHz = frontEnd.intermediateRateHz(inputRateHz);
        this.featureRateHz = featureRateHz;
        this.dcPole = frontEnd.dcPole();
        this.stage1Sos = frontEnd.stage1Coefficients();
        this.stage1 = frontEnd.stage1Factor() > 1;
        this.antiAliasSos = frontEnd.stage2Coefficients();
        this.antiAliasSections = intermediateRateHz > featureRateHz ? 3 : 0;
        this.notchSos = notchSos.clone();
        this.notchSections = notchSections;
    }

    /** Phase of the front end's response at {@code hz}, radians (negative: a lag). */
    double phaseRadiansAt(double hz) {
        double w = 2 * Math.PI * hz / intermediateRateHz;
        // DC blocker (1 - z^-1) / (1 - r z^-1)
        double nr = 1 - Math.cos(w);
        double ni = Math.sin(w);
        double dr = 1 - dcPole * Math.cos(w);
        double di = dcPole * Math.sin(w);
        double phase = Math.atan2(ni, nr) - Math.atan2(di, dr);
        if (stage1) {
            BiquadDesign.response(stage1Sos, 0, 1, hz, inputRateHz, reIm);
            phase += Math.atan2(reIm[1], reIm[0]);
        }
        if (antiAliasSections > 0) {
            BiquadDesign.response(antiAliasSos, 0, antiAliasSections, hz, intermediateRateHz, reIm);
            phase += Math.atan2(reIm[1], reIm[0]);
        }
        if (notchSections > 0) {
            BiquadDesign.response(notchSos, 0, notchSections, hz, featureRateHz, reIm);
            phase += Math.atan2(reIm[1], reIm[0]);
        }
        return phase;
    }
}
