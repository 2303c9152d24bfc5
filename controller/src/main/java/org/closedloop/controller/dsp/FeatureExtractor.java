package org.closedloop.controller.dsp;

import java.util.List;

/**
 * The loop's on-device signal processing: one call of {@link #process(double[])} per input sample (all channels)
 * keeps every feature up to date, with no allocation, locking or logging.
 *
 * <pre>
 *  input rate fs          intermediate fs/D1              feature rate fs/D (every D-th sample)
 *  raw uV -> low-pass  --> DC removal, anti-alias --+--> notches -> band-pass x bands -> power, relative
 *         \-> peak |raw|   (see FrontEnd)           |             \-> montage -> ECHT phase, IAF
 *                                                  \--> quality flags (saturated, flat, artefact)
 * </pre>
 *
 * <p><b>Update rates.</b> The peak detector and the first anti-alias stage run on every input sample, DC removal and
 * the second anti-alias stage at an intermediate rate ({@link FrontEnd}); everything else runs at the
 * feature rate {@code fs / D} ({@link #featureRateHz()}, at least {@link DspConfig#featureRateMinHz()}, 250 Hz by
 * default: every sample at 250 Hz, every 4th at 1 kHz, every 120th at 30 kHz). Band power is smoothed with a
 * time constant of {@link DspConfig#smoothingSeconds()} (0.5 s by default), far slower than the feature rate, so
 * refreshing it every 4 ms loses nothing. {@link #process} returns true on the samples that start a feature step
 * (the phase, amplitude, IAF and target signal are refreshed on that call); the getters return the latest values.
 * Phase predictions account for the input samples since the last step, so they are valid on every sample.
 *
 * <p><b>No call does a burst of work.</b> The per-channel part of a feature step (quality windows and flags, band
 * filters, powers) is spread over the D calls of the feature period in blocks of {@code ceil(channels / D)} channels
 * (rounded up to a multiple of 8): at 1024 channels and 30 kHz, 16 channels per call, so a channel's band power and
 * flags are refreshed at most 64 input samples (2 ms) after the step they belong to. The step's own call keeps what
 * cannot wait (the second anti-alias stage, the notches, the montage, phase and IAF): measured on the development
 * machine, about 15 us instead of about 47 us at 1024 channels, within the 33 us sample period. Without decimation
 * everything happens in the step's call.
 *
 * <p><b>Features.</b> Per channel: absolute band power (microvolts squared, see {@link BandPowerBank} for the
 * calibration and the behaviour near band edges) and relative band power (sums to 1 over the bands), quality flags
 * ({@link ChannelFlags}). For the phase target signal (the {@link DspConfig#phaseMontage() montage} of the usable
 * channels): the individual alpha frequency ({@link AlphaPeakTracker}), and the instantaneous phase, amplitude and
 * frequency in the band IAF +- {@link DspConfig#phaseHalfBandwidthHz()} by the endpoint-corrected Hilbert
 * transform ({@link EchtPhaseEstimator}; Schreglmann et al., Nat Commun 12:363, 2021), with a prediction of when the
 * signal next reaches a target phase. The band is retuned when the IAF moves by more than
 * {@link DspConfig#iafRetuneHz()}.
 *
 * <p><b>Flagged channels</b> (saturated, flat, artefact) are left out of the phase montage (the remaining weights
 * are rescaled to the same total) and of the usable-channel averages; their own features are still computed. A
 * channel coming off saturation restarts its filters from its current value (otherwise the DC removal would ring
 * for about ten seconds after a full-scale step).
 *
 * <p><b>Thread safety:</b> not thread safe; owned by the loop thread (create, feed and read it on that thread).
 */
public final class FeatureExtractor {
    private final DspConfig config;
    private final int channels;
    private final int decimation;
    private final double inputRateHz;
    private final double featureRateHz;
    private final FrontEnd frontEnd;
    private final BiquadCascade notch;
    private final BandPowerBank bandPower;
    private final ChannelQualityMonitor quality;
    private final EchtPhaseEstimator phase;
    private final AlphaPeakTracker alphaPeak;
    private final int[] montageChannels;
    private final double[] montage;
    private final double[] montageAbs;
    private final double montageTotal;
    private final double[] dcRemoved;
    private final double[] clean;
    private final int blockChannels;
    private int pendingFrom;
    private int sinceFeatures;
    private long samples;
    private long featureUpdates;
    private double target;
    private boolean targetUsable;

    public FeatureExtractor(DspConfig config) {
        this.config = config;
        this.channels = config.channels();
        this.decimation = config.decimation();
        this.inputRateHz = config.sampleRateHz();
        this.featureRateHz = config.featureRateHz();
        this.frontEnd = new FrontEnd(channels, inputRateHz, config.dcCutoffHz(), decimation);
        double[] notchSos = new double[20 * BiquadDesign.STRIDE];
        double[] one = new double[BiquadDesign.STRIDE];
        int notches = 0;
        if (config.lineFrequencyHz() > 0) {
            for (int h = 1; h <= config.lineHarmonics(); h++) {
                double hz = h * config.lineFrequencyHz();
                if (hz >= 0.45 * featureRateHz) {
                    break;
                }
                BiquadDesign.notch(hz, config.notchQ(), featureRateHz, one);
                System.arraycopy(one, 0, notchSos, notches++ * BiquadDesign.STRIDE, BiquadDesign.STRIDE);
            }
        }
        this.notch = new BiquadCascade(notchSos, notches, channels);
        this.bandPower = new BandPowerBank(config.bands(), config.bandFilterOrder(), featureRateHz,
                config.smoothingSeconds(), channels);
        this.quality = new ChannelQualityMonitor(config);
        FrontEndPhase frontEndPhase = new FrontEndPhase(inputRateHz, frontEnd, featureRateHz, notchSos, notches);
        int phaseWindow = powerOfTwoNear(config.phaseWindowSeconds() * featureRateHz);
        double[] edges = phaseBand(config.initialIafHz(), config.phaseHalfBandwidthHz());
        this.phase = new EchtPhaseEstimator(featureRateHz, phaseWindow, edges[0], edges[1], frontEndPhase);
        int nfft = powerOfTwoNear(config.iafSegmentSeconds() * featureRateHz);
        int segments = Math.max(1, (int) Math.floor((config.iafWindowSeconds() * featureRateHz - nfft)
                / (nfft / 2)) + 1);
        this.alphaPeak = new AlphaPeakTracker(featureRateHz, nfft, segments, config.iafLoHz(), config.iafHiHz(),
                config.initialIafHz());
        double[] weights = config.phaseMontage();
        int used = 0;
        for (double w : weights) {
            used += w != 0 ? 1 : 0;
        }
        // only the channels with a weight: a montage is usually a few channels out of many
        this.montageChannels = new int[used];
        this.montage = new double[used];
        this.montageAbs = new double[used];
        double total = 0;
        for (int c = 0, i = 0; c < channels; c++) {
            if (weights[c] != 0) {
                montageChannels[i] = c;
                montage[i] = weights[c];
                montageAbs[i] = Math.abs(weights[c]);
                total += montageAbs[i];
                i++;
            }
        }
        this.montageTotal = total;
        this.dcRemoved = new double[channels];
        this.clean = new double[channels];
        // Per-channel work of a step spread over the D calls of a feature period, in blocks of whole vectors.
        int perCall = (channels + decimation - 1) / decimation;
        this.blockChannels = decimation == 1 ? channels : Math.min(channels, (perCall + 7) / 8 * 8);
        this.pendingFrom = channels;
    }

    private static int powerOfTwoNear(double samples) {
        return 1 << Math.max(4, (int) Math.round(Math.log(samples) / Math.log(2)));
    }

    /** Edges of a band of width {@code 2 * halfWidth} whose geometric centre is {@code centreHz}. */
    private static double[] phaseBand(double centreHz, double halfWidthHz) {
        double lo = Math.sqrt(halfWidthHz * halfWidthHz + centreHz * centreHz) - halfWidthHz;
        return new double[] {lo, lo + 2 * halfWidthHz};
    }

    /**
     * Feeds one input sample of every channel. Allocation-free; never throws for any finite input (a non-finite
     * value poisons that channel's filters: the acquisition only delivers finite scaled counts).
     *
     * @param microvolts one value per channel, microvolts; at least {@link #channels()} long (checked by assert)
     * @return true if this sample started a feature step (phase and target refreshed; band powers and flags are
     *         refreshed over this and the following calls, see the class comment)
     */
    public boolean process(double[] microvolts) {
        assert microvolts.length >= channels : "microvolts.length=" + microvolts.length + " < channels=" + channels;
        samples++;
        boolean step = frontEnd.process(microvolts, dcRemoved);
        if (step) {
            sinceFeatures = 0;
            featureUpdates++;
            quality.record(frontEnd.blockPeakAbs(), microvolts);
            frontEnd.resetBlock();
            notch.process(dcRemoved, clean);
            pendingFrom = 0;
        } else {
            sinceFeatures++;
        }
        if (pendingFrom < channels) {
            int to = Math.min(channels, pendingFrom + blockChannels);
            if (quality.evaluate(clean, pendingFrom, to) > 0) {
                restartReleasedChannels(pendingFrom, to, microvolts);
            }
            bandPower.process(clean, pendingFrom, to);
            pendingFrom = to;
        }
        if (step) {
            updateTarget();
        }
        return step;
    }

    /** The montage of the usable channels into the phase estimator and the alpha-peak tracker. */
    private void updateTarget() {
        final double[] usable = quality.usableMask();
        double sum = 0;
        double weight = 0;
        for (int i = 0; i < montageChannels.length; i++) {
            int c = montageChannels[i];
            double u = usable[c];
            sum += montage[i] * u * clean[c];
            weight += montageAbs[i] * u;
        }
        targetUsable = weight > 0;
        target = targetUsable ? sum * (montageTotal / weight) : 0.0;
        phase.update(target);
        if (alphaPeak.update(target) && alphaPeak.estimated()) {
            double iaf = alphaPeak.iafHz();
            double centre = phase.centreHz();
            if (Math.abs(iaf - centre) > config.iafRetuneHz()) {
                double half = config.phaseHalfBandwidthHz();
                double lo = Math.sqrt(half * half + iaf * iaf) - half;
                phase.retune(lo, lo + 2 * half);
            }
        }
    }

    /** A channel coming off a rail restarts its filters from its current value instead of ringing for seconds. */
    private void restartReleasedChannels(int from, int to, double[] microvolts) {
        for (int c = from; c < to; c++) {
            if (quality.releasedFromSaturation(c)) {
                frontEnd.restartChannel(c, microvolts[c]);
                notch.resetChannel(c);
                bandPower.resetChannel(c);
                clean[c] = 0;
            }
        }
    }

    /** Input samples fed so far. */
    public long samplesProcessed() {
        return samples;
    }

    /** Feature refreshes so far. */
    public long featureUpdates() {
        return featureUpdates;
    }

    public int channels() {
        return channels;
    }

    public DspConfig config() {
        return config;
    }

    /** Input samples per feature refresh. */
    public int decimation() {
        return decimation;
    }

    /** Rate of the feature refreshes, Hz. */
    public double featureRateHz() {
        return featureRateHz;
    }

    public List<Band> bands() {
        return config.bands();
    }

    /** Index of the band called {@code name}, or -1. */
    public int bandIndex(String name) {
        List<Band> bands = config.bands();
        for (int b = 0; b < bands.size(); b++) {
            if (bands.get(b).name().equals(name)) {
                return b;
            }
        }
        return -1;
    }

    /** Smoothed absolute power of {@code band} on {@code channel}, microvolts squared. */
    public double absoluteBandPower(int band, int channel) {
        return bandPower.absolute(band)[channel];
    }

    /** Relative power of {@code band} on {@code channel}: absolute / sum over the bands, 0-1. */
    public double relativeBandPower(int band, int channel) {
        return bandPower.relative(band)[channel];
    }

    /** Copies the absolute power of {@code band} for every channel into {@code out}, microvolts squared. */
    public void copyAbsoluteBandPowers(int band, double[] out) {
        System.arraycopy(bandPower.absolute(band), 0, out, 0, channels);
    }

    /** Copies the relative power of {@code band} for every channel into {@code out}. */
    public void copyRelativeBandPowers(int band, double[] out) {
        System.arraycopy(bandPower.relative(band), 0, out, 0, channels);
    }

    /** Mean absolute power of {@code band} over the usable channels, microvolts squared; NaN if none is usable. */
    public double meanAbsoluteBandPowerOfUsableChannels(int band) {
        return usableMean(bandPower.absolute(band));
    }

    /** Mean relative power of {@code band} over the usable channels; NaN if none is usable. */
    public double meanRelativeBandPowerOfUsableChannels(int band) {
        return usableMean(bandPower.relative(band));
    }

    private double usableMean(double[] values) {
        final double[] usable = quality.usableMask();
        double sum = 0;
        double count = 0;
        for (int c = 0; c < channels; c++) {
            sum += values[c] * usable[c];
            count += usable[c];
        }
        return count > 0 ? sum / count : Double.NaN;
    }

    /** The calibration factor of {@code band}: a sine in mid-band reads this times A^2/2 (see BandPowerBank). */
    public double bandCalibration(int band) {
        return bandPower.calibration(band);
    }

    /** Quality flags of {@code channel}, {@link ChannelFlags} bits; 0 = usable. */
    public int flags(int channel) {
        return quality.flags(channel);
    }

    /** True if {@code channel} has no flag. */
    public boolean isUsable(int channel) {
        return quality.flags(channel) == 0;
    }

    /** Channels without a flag. */
    public int usableChannelCount() {
        final double[] usable = quality.usableMask();
        int n = 0;
        for (int c = 0; c < channels; c++) {
            n += (int) usable[c];
        }
        return n;
    }

    /** The DC-removed, notched signal of {@code channel} at the last refresh, microvolts. */
    public double filteredMicrovolts(int channel) {
        return clean[channel];
    }

    /** The phase target signal (montage of the usable channels) at the last refresh, microvolts. */
    public double targetMicrovolts() {
        return target;
    }

    /** False while every channel of the montage is flagged: the phase is then meaningless. */
    public boolean isTargetUsable() {
        return targetUsable;
    }

    /** Instantaneous phase of the target signal in the phase band at the last refresh, radians, 0 at a peak. */
    public double targetPhaseRadians() {
        return phase.phaseRadians();
    }

    /** Band-limited amplitude of the target signal at the last refresh, microvolts. */
    public double targetAmplitudeMicrovolts() {
        return phase.amplitude();
    }

    /** Smoothed instantaneous frequency of the target signal, Hz, within the phase band. */
    public double targetFrequencyHz() {
        return phase.frequencyHz();
    }

    /** Lower edge of the current phase band, Hz. */
    public double phaseBandLoHz() {
        return phase.loHz();
    }

    /** Upper edge of the current phase band, Hz. */
    public double phaseBandHiHz() {
        return phase.hiHz();
    }

    /** The individual alpha frequency, Hz ({@link DspConfig#initialIafHz()} until the first estimate). */
    public double individualAlphaFrequencyHz() {
        return alphaPeak.iafHz();
    }

    /** True once the IAF has been estimated from the data. */
    public boolean hasIndividualAlphaFrequency() {
        return alphaPeak.estimated();
    }

    /**
     * When the target signal will next reach {@code targetPhaseRadians}, in input samples after the current
     * (last fed) sample, fractional; in [0, one period). The phase is extrapolated from the last refresh at
     * {@link #targetFrequencyHz()}.
     */
    public double predictNextTimeAtPhaseSamples(double targetPhaseRadians) {
        double seconds = phase.secondsUntilPhase(targetPhaseRadians) - sinceFeatures / inputRateHz;
        double period = 1.0 / phase.frequencyHz();
        while (seconds < 0) {
            seconds += period;
        }
        return seconds * inputRateHz;
    }

    /** As {@link #predictNextTimeAtPhaseSamples}, in nanoseconds after the current sample. */
    public long predictNextTimeAtPhaseNs(double targetPhaseRadians) {
        return Math.round(predictNextTimeAtPhaseSamples(targetPhaseRadians) * (1e9 / inputRateHz));
    }
}
