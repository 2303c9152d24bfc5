package org.closedloop.safety.plan;

import java.util.Arrays;

/**
 * One sinusoidal component of a plan: a frequency and, for every electrode of the plan (in the plan's electrode
 * order), a peak amplitude and a phase offset. Electrode {@code e} contributes
 * {@code A_e · sin(2π f t + φ_e)}. Antiphase electrodes (φ differing by 180°) with equal amplitudes cancel.
 *
 * <p>Structural validation only: amplitudes must be in [0, {@value #MAX_STRUCTURAL_AMPLITUDE_MICROAMPS}] µA (invert
 * with a phase of 180°, not a negative amplitude) and phases finite. The frequency is not validated here so that
 * {@link PlanChecker} can refuse it with the {@code frequency} rule.
 *
 * <p>Thread safety: immutable (arrays are copied in and out).
 */
public final class WaveformComponent {

    /** Sanity bound far above any safe value, so arithmetic on sums of amplitudes cannot overflow. */
    public static final int MAX_STRUCTURAL_AMPLITUDE_MICROAMPS = 1_000_000;

    private final double frequencyHz;
    private final int[] amplitudeMicroAmps;
    private final double[] phaseDegrees;

    /**
     * @param frequencyHz        the frequency in Hz
     * @param amplitudeMicroAmps peak amplitude per electrode in µA, one per electrode of the plan
     * @param phaseDegrees       phase offset per electrode in degrees, same length
     */
    public WaveformComponent(double frequencyHz, int[] amplitudeMicroAmps, double[] phaseDegrees) {
        if (amplitudeMicroAmps == null || phaseDegrees == null) {
            throw new IllegalArgumentException("component amplitudeMicroAmps and phaseDegrees must not be null");
        }
        if (amplitudeMicroAmps.length != phaseDegrees.length || amplitudeMicroAmps.length == 0) {
            throw new IllegalArgumentException("component amplitudeMicroAmps.length=" + amplitudeMicroAmps.length
                    + " phaseDegrees.length=" + phaseDegrees.length
                    + ": give one amplitude and one phase per electrode");
        }
        for (int e = 0; e < amplitudeMicroAmps.length; e++) {
            int a = amplitudeMicroAmps[e];
            if (a < 0 || a > MAX_STRUCTURAL_AMPLITUDE_MICROAMPS) {
                throw new IllegalArgumentException("component amplitudeMicroAmps[" + e + "]=" + a
                        + " is outside [0, " + MAX_STRUCTURAL_AMPLITUDE_MICROAMPS
                        + "]: amplitudes are non-negative peaks; invert with a 180 degree phase");
            }
            if (!Double.isFinite(phaseDegrees[e])) {
                throw new IllegalArgumentException("component phaseDegrees[" + e + "]=" + phaseDegrees[e]
                        + " must be finite");
            }
        }
        this.frequencyHz = frequencyHz;
        this.amplitudeMicroAmps = amplitudeMicroAmps.clone();
        this.phaseDegrees = phaseDegrees.clone();
    }

    /** The frequency in Hz. */
    public double frequencyHz() {
        return frequencyHz;
    }

    /** Number of electrodes this component has amplitudes for. */
    public int electrodeCount() {
        return amplitudeMicroAmps.length;
    }

    /** Peak amplitude of electrode {@code electrode} in µA. */
    public int amplitudeMicroAmps(int electrode) {
        return amplitudeMicroAmps[electrode];
    }

    /** Phase offset of electrode {@code electrode} in degrees. */
    public double phaseDegrees(int electrode) {
        return phaseDegrees[electrode];
    }

    /** A copy of the amplitudes, one per electrode, in µA. */
    public int[] amplitudesMicroAmps() {
        return amplitudeMicroAmps.clone();
    }

    /** A copy of the phase offsets, one per electrode, in degrees. */
    public double[] phasesDegrees() {
        return phaseDegrees.clone();
    }

    @Override
    public String toString() {
        return "component frequencyHz=" + frequencyHz + " amplitudeMicroAmps=" + Arrays.toString(amplitudeMicroAmps)
                + " phaseDegrees=" + Arrays.toString(phaseDegrees);
    }
}
