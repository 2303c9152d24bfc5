package org.closedloop.controller.dsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BiquadDesignTest {

    private static double power(double[] sos, int sections, double hz, double fs) {
        double[] h = new double[2];
        BiquadDesign.response(sos, 0, sections, hz, fs, h);
        return h[0] * h[0] + h[1] * h[1];
    }

    @Test
    void shouldPutTheBandPassEdgesAtHalfPowerAndTheCentreAtUnitGainAndZeroPhase() {
        double[][] cases = {{1, 4, 250}, {8, 13, 250}, {30, 45, 250}, {1, 4, 30_000}, {0.5, 4, 250}, {8, 12, 1000}};
        for (int order = 1; order <= 6; order++) {
            for (double[] c : cases) {
                double[] sos = new double[order * BiquadDesign.STRIDE];
                double[] scratch = new double[BiquadDesign.bandPassScratchLength(order)];
                int sections = BiquadDesign.butterworthBandPass(order, c[0], c[1], c[2], sos, scratch);
                String where = "order=" + order + " band=" + c[0] + ".." + c[1] + " fs=" + c[2];
                assertEquals(order, sections, where);
                assertEquals(0.5, power(sos, sections, c[0], c[2]), 1e-6, where + " at lo");
                assertEquals(0.5, power(sos, sections, c[1], c[2]), 1e-6, where + " at hi");
                double centre = BiquadDesign.bandPassCentreHz(c[0], c[1], c[2]);
                double[] h = new double[2];
                BiquadDesign.response(sos, 0, sections, centre, c[2], h);
                assertEquals(1, h[0], 1e-6, where + " gain at centre");
                assertEquals(0, h[1], 1e-6, where + " phase at centre");
                for (int s = 0; s < sections; s++) {
                    double a2 = sos[s * BiquadDesign.STRIDE + 4];
                    assertTrue(Math.abs(a2) < 1, where + ": section " + s + " unstable, a2=" + a2);
                }
            }
        }
    }

    @Test
    void shouldMakeAButterworthLowPassWithHalfPowerAtTheCutoff() {
        for (int order = 1; order <= 8; order++) {
            double[] sos = new double[8 * BiquadDesign.STRIDE];
            int sections = BiquadDesign.butterworthLowPass(order, 80, 30_000, sos);
            assertEquals((order + 1) / 2, sections);
            assertEquals(1, power(sos, sections, 0, 30_000), 1e-9, "order=" + order + " DC");
            assertEquals(0.5, power(sos, sections, 80, 30_000), 1e-6, "order=" + order + " cutoff");
        }
    }

    @Test
    void shouldNotchTheLineFrequencyAndPassItsNeighbours() {
        double[] sos = new double[BiquadDesign.STRIDE];
        BiquadDesign.notch(50, 30, 250, sos);
        assertTrue(power(sos, 1, 50, 250) < 1e-20, "gain at 50 Hz: " + power(sos, 1, 50, 250));
        // digital -3 dB width: fs sin(w0) / (2 pi Q) (1.26 Hz here; f0/Q = 1.67 Hz only when f0 << fs)
        double halfWidth = 250 * Math.sin(2 * Math.PI * 50 / 250) / (2 * Math.PI * 30) / 2;
        assertEquals(0.5, power(sos, 1, 50 + halfWidth, 250), 0.01, "-3 dB at the upper edge");
        assertEquals(0.5, power(sos, 1, 50 - halfWidth, 250), 0.01, "-3 dB at the lower edge");
        assertTrue(power(sos, 1, 40, 250) > 0.99);
    }
}
