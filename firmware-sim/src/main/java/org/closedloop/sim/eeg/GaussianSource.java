package org.closedloop.sim.eeg;

import java.util.SplittableRandom;

/**
 * Standard normal numbers by the Box-Muller transform over a {@link SplittableRandom}, computed with
 * {@link StrictMath} so a seed gives bit-identical output on every JVM and CPU (the JDK's own
 * {@code nextGaussian} algorithm is not specified and {@link Math} may differ in the last ulp).
 *
 * <p><b>Thread safety:</b> not thread safe; owned by one generator.
 */
final class GaussianSource {
    private final SplittableRandom random;
    private double spare;
    private boolean hasSpare;

    GaussianSource(SplittableRandom random) {
        this.random = random;
    }

    double next() {
        if (hasSpare) {
            hasSpare = false;
            return spare;
        }
        double u1 = 1.0 - random.nextDouble(); // (0, 1]: log stays finite
        double u2 = random.nextDouble();
        double r = StrictMath.sqrt(-2.0 * StrictMath.log(u1));
        double theta = 2.0 * StrictMath.PI * u2;
        spare = r * StrictMath.sin(theta);
        hasSpare = true;
        return r * StrictMath.cos(theta);
    }

    /** Uniform in [min, max]. */
    double uniform(double min, double max) {
        return min + (max - min) * random.nextDouble();
    }
}
