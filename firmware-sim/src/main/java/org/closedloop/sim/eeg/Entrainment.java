package org.closedloop.sim.eeg;

/**
 * The alpha oscillator's response to a drive current: a complex demodulator at the oscillator's own phase picks out
 * the part of the drive near the alpha frequency, whose in-phase part changes the envelope and whose quadrature part
 * pulls the phase (Adler). Units: microamps in, microvolts and hertz out.
 *
 * <p>With drive {@code I(t)} and oscillator phase {@code phi(t)}, the demodulator is a first-order low-pass of
 * {@code I * exp(-i*phi)} with cut-off {@code B} (time constant {@code 1 / (2*pi*B)}). For {@code I = A*cos(psi)} at
 * a frequency {@code df} from the oscillator's it settles to {@code (A/2) * exp(i*(psi - phi)) / (1 + i*df/B)}: a
 * Lorentzian tolerance, power {@code 1 / (1 + (df/B)^2)}, and a vector that rotates at {@code df}, so detuned drive
 * averages out. The product at {@code 2*alphaHz} is attenuated by {@code B / (2*alphaHz)}, at most 1/8.
 * <ul>
 *   <li>in-phase drive {@code d = 2 * Re(z)}: {@code A} at in-phase, {@code -A} at anti-phase, on frequency;</li>
 *   <li>envelope change {@code E}: first-order lag to {@code gain * d}, time constant {@code tau}; the envelope is
 *       {@code spontaneous + E}, at least 0 and, when raised, at most {@code max(spontaneous, cap)};</li>
 *   <li>phase pull {@code 2 * pulling * Im(z)} Hz (for {@code I = A*cos(psi)}: {@code pulling * A * sin(psi - phi)},
 *       Adler's equation), limited to +-alphaHz/2 so the oscillator never stalls.</li>
 * </ul>
 * Every step with zero drive from a zero state leaves the state exactly zero, so an idle field changes nothing.
 *
 * <p><b>Thread safety:</b> not thread safe; owned by one {@link AlphaRhythm}.
 */
final class Entrainment {
    private final double demodulatorSmoothing;
    private final double envelopeSmoothing;
    private final double gainMicrovoltsPerMicroAmp;
    private final double pullingHzPerMicroAmp;
    private final double maxPullHz;
    private final double capMicrovolts;

    private double inPhase; // low-passed I*cos(phi), microamps
    private double quadrature; // low-passed -I*sin(phi), microamps
    private double changeMicrovolts;

    Entrainment(StimulationResponse response, double sampleRateHz, double alphaHz) {
        this.demodulatorSmoothing = -StrictMath.expm1(-2 * StrictMath.PI * response.entrainmentBandwidthHz()
                / sampleRateHz);
        this.envelopeSmoothing = -StrictMath.expm1(-1.0 / (response.entrainmentTimeConstantSeconds() * sampleRateHz));
        this.gainMicrovoltsPerMicroAmp = response.entrainmentGainMicrovoltsPerMilliAmp() / 1000.0;
        this.pullingHzPerMicroAmp = response.phasePullingHzPerMilliAmp() / 1000.0;
        this.maxPullHz = alphaHz / 2;
        this.capMicrovolts = response.entrainmentCapMicrovolts();
    }

    /** The frequency pull for the next phase step, from the drive so far, Hz. */
    double pullHz() {
        double pull = pullingHzPerMicroAmp * 2 * quadrature;
        return Math.max(-maxPullHz, Math.min(maxPullHz, pull));
    }

    /** Takes this sample's drive at the oscillator's phase for this sample. */
    void step(double driveMicroAmps, double phaseRadians) {
        inPhase += demodulatorSmoothing * (driveMicroAmps * StrictMath.cos(phaseRadians) - inPhase);
        quadrature += demodulatorSmoothing * (-driveMicroAmps * StrictMath.sin(phaseRadians) - quadrature);
        changeMicrovolts += envelopeSmoothing * (gainMicrovoltsPerMicroAmp * 2 * inPhase - changeMicrovolts);
    }

    /** The envelope given the spontaneous one; exactly {@code spontaneous} while the change is 0. */
    double envelope(double spontaneousMicrovolts) {
        if (changeMicrovolts > 0) {
            return Math.min(spontaneousMicrovolts + changeMicrovolts, Math.max(spontaneousMicrovolts, capMicrovolts));
        }
        if (changeMicrovolts < 0) {
            return Math.max(spontaneousMicrovolts + changeMicrovolts, 0.0);
        }
        return spontaneousMicrovolts;
    }

    /** In-phase drive near the alpha frequency, microamps (see the class comment). */
    double inPhaseDriveMicroAmps() {
        return 2 * inPhase;
    }
}
