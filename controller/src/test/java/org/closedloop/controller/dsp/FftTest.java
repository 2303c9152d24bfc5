package org.closedloop.controller.dsp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class FftTest {

    @Test
    void shouldMatchAPlainDftAndInvertExactly() {
        long seed = 11;
        Random random = new Random(seed);
        for (int n = 4; n <= 1024; n <<= 1) {
            double[] re = new double[n];
            double[] im = new double[n];
            for (int i = 0; i < n; i++) {
                re[i] = random.nextGaussian();
                im[i] = random.nextGaussian();
            }
            double[] re0 = re.clone();
            double[] im0 = im.clone();
            Fft fft = new Fft(n);
            fft.forward(re, im);
            for (int k = 0; k < n; k++) {
                double xr = 0;
                double xi = 0;
                for (int i = 0; i < n; i++) {
                    double angle = -2 * Math.PI * ((long) k * i % n) / n;
                    xr += re0[i] * Math.cos(angle) - im0[i] * Math.sin(angle);
                    xi += re0[i] * Math.sin(angle) + im0[i] * Math.cos(angle);
                }
                assertEquals(xr, re[k], 1e-9 * n, "seed=" + seed + " n=" + n + " k=" + k);
                assertEquals(xi, im[k], 1e-9 * n, "seed=" + seed + " n=" + n + " k=" + k);
            }
            fft.inverse(re, im);
            for (int i = 0; i < n; i++) {
                assertEquals(re0[i], re[i], 1e-12, "seed=" + seed + " n=" + n);
                assertEquals(im0[i], im[i], 1e-12, "seed=" + seed + " n=" + n);
            }
        }
    }
}
