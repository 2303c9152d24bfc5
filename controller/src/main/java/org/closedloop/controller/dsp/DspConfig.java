package org.closedloop.controller.dsp;

import java.util.Arrays;
import java.util.List;

/**
 * Validated, immutable settings of a {@link FeatureExtractor}. Build with {@link #builder(double, int)}; every
 * setter documents its unit, default and valid range, and {@link Builder#build()} fails fast with a
 * {@code name=value: rule} message.
 *
 * <p>Rates: the input arrives at {@link #sampleRateHz()}; the band, phase, alpha-peak and flag features are computed
 * at the <em>feature rate</em> {@code sampleRateHz / decimation}, where {@code decimation} is the largest integer
 * that keeps the feature rate at or above {@link #featureRateMinHz()}: 1 (no decimation) for any input below twice
 * that minimum.
 *
 * <p><b>Thread safety:</b> immutable; safe to share.
 */
public final class DspConfig {
    private final double sampleRateHz;
    private final int channels;
    private final double featureRateMinHz;
    private final int decimation;
    private final double dcCutoffHz;
    private final double lineFrequencyHz;
    private final int lineHarmonics;
    private final double notchQ;
    private final List<Band> bands;
    private final int bandFilterOrder;
    private final double smoothingSeconds;
    private final double fullScaleMicrovolts;
    private final double saturationFraction;
    private final double flatWindowSeconds;
    private final double flatPeakToPeakMicrovolts;
    private final double artefactWindowSeconds;
    private final double artefactPeakToPeakMicrovolts;
    private final double flagHoldSeconds;
    private final double[] phaseMontage;
    private final double phaseHalfBandwidthHz;
    private final double phaseWindowSeconds;
    private final double iafLoHz;
    private final double iafHiHz;
    private final double iafWindowSeconds;
    private final double iafSegmentSeconds;
    private final double initialIafHz;
    private final double iafRetuneHz;

    private DspConfig(Builder b) {
        this.sampleRateHz = b.sampleRateHz;
        this.channels = b.channels;
        this.featureRateMinHz = b.featureRateMinHz;
        this.decimation = decimationFor(b.sampleRateHz, b.featureRateMinHz);
        this.dcCutoffHz = b.dcCutoffHz;
        this.lineFrequencyHz = b.lineFrequencyHz;
        this.lineHarmonics = b.lineHarmonics;
        this.notchQ = b.notchQ;
        this.bands = List.copyOf(b.bands);
        this.bandFilterOrder = b.bandFilterOrder;
        this.smoothingSeconds = b.smoothingSeconds;
        this.fullScaleMicrovolts = b.fullScaleMicrovolts;
        this.saturationFraction = b.saturationFraction;
        this.flatWindowSeconds = b.flatWindowSeconds;
        this.flatPeakToPeakMicrovolts = b.flatPeakToPeakMicrovolts;
        this.artefactWindowSeconds = b.artefactWindowSeconds;
        this.artefactPeakToPeakMicrovolts = b.artefactPeakToPeakMicrovolts;
        this.flagHoldSeconds = b.flagHoldSeconds;
        this.phaseMontage = b.phaseMontage == null ? uniform(b.channels) : b.phaseMontage.clone();
        this.phaseHalfBandwidthHz = b.phaseHalfBandwidthHz;
        this.phaseWindowSeconds = b.phaseWindowSeconds;
        this.iafLoHz = b.iafLoHz;
        this.iafHiHz = b.iafHiHz;
        this.iafWindowSeconds = b.iafWindowSeconds;
        this.iafSegmentSeconds = b.iafSegmentSeconds;
        this.initialIafHz = b.initialIafHz;
        this.iafRetuneHz = b.iafRetuneHz;
    }

    private static double[] uniform(int channels) {
        double[] w = new double[channels];
        Arrays.fill(w, 1.0 / channels);
        return w;
    }

    /** A builder with the defaults listed on each setter. */
    public static Builder builder(double sampleRateHz, int channels) {
        return new Builder(sampleRateHz, channels);
    }

    public double sampleRateHz() {
        return sampleRateHz;
    }

    public int channels() {
        return channels;
    }

    public double featureRateMinHz() {
        return featureRateMinHz;
    }

    /** Input samples per feature update, 1 or more. */
    public int decimation() {
        return decimation;
    }

    /** The largest decimation that keeps the feature rate at or above {@code featureRateMinHz} (at least 1). */
    private static int decimationFor(double sampleRateHz, double featureRateMinHz) {
        return Math.max(1, (int) Math.floor(sampleRateHz / featureRateMinHz));
    }

    /** {@code sampleRateHz / decimation}, Hz. */
    public double featureRateHz() {
        return sampleRateHz / decimation;
    }

    public double dcCutoffHz() {
        return dcCutoffHz;
    }

    public double lineFrequencyHz() {
        return lineFrequencyHz;
    }

    public int lineHarmonics() {
        return lineHarmonics;
    }

    public double notchQ() {
        return notchQ;
    }

    public List<Band> bands() {
        return bands;
    }

    public int bandFilterOrder() {
        return bandFilterOrder;
    }

    public double smoothingSeconds() {
        return smoothingSeconds;
    }

    public double fullScaleMicrovolts() {
        return fullScaleMicrovolts;
    }

    public double saturationFraction() {
        return saturationFraction;
    }

    public double flatWindowSeconds() {
        return flatWindowSeconds;
    }

    public double flatPeakToPeakMicrovolts() {
        return flatPeakToPeakMicrovolts;
    }

    public double artefactWindowSeconds() {
        return artefactWindowSeconds;
    }

    public double artefactPeakToPeakMicrovolts() {
        return artefactPeakToPeakMicrovolts;
    }

    public double flagHoldSeconds() {
        return flagHoldSeconds;
    }

    /** Montage weights of the phase target signal, one per channel (a copy). */
    public double[] phaseMontage() {
        return phaseMontage.clone();
    }

    public double phaseHalfBandwidthHz() {
        return phaseHalfBandwidthHz;
    }

    public double phaseWindowSeconds() {
        return phaseWindowSeconds;
    }

    public double iafLoHz() {
        return iafLoHz;
    }

    public double iafHiHz() {
        return iafHiHz;
    }

    public double iafWindowSeconds() {
        return iafWindowSeconds;
    }

    public double iafSegmentSeconds() {
        return iafSegmentSeconds;
    }

    public double initialIafHz() {
        return initialIafHz;
    }

    public double iafRetuneHz() {
        return iafRetuneHz;
    }

    /**
     * Settings being assembled; {@link #build()} validates them.
     *
     * <p><b>Thread safety:</b> not thread safe; a plain builder.
     */
    public static final class Builder {
        private final double sampleRateHz;
        private final int channels;
        private double featureRateMinHz = 250;
        private double dcCutoffHz = 0.1;
        private double lineFrequencyHz = 50;
        private int lineHarmonics = 3;
        private double notchQ = 30;
        private List<Band> bands = List.of(Band.DELTA, Band.THETA, Band.ALPHA, Band.BETA, Band.GAMMA);
        private int bandFilterOrder = 4;
        private double smoothingSeconds = 0.5;
        private double fullScaleMicrovolts = 187_500;
        private double saturationFraction = 0.98;
        private double flatWindowSeconds = 1.0;
        private double flatPeakToPeakMicrovolts = 0.5;
        private double artefactWindowSeconds = 0.5;
        private double artefactPeakToPeakMicrovolts = 150;
        private double flagHoldSeconds = 1.0;
        private double[] phaseMontage;
        private double phaseHalfBandwidthHz = 2;
        private double phaseWindowSeconds = 1.0;
        private double iafLoHz = 7;
        private double iafHiHz = 14;
        private double iafWindowSeconds = 10;
        private double iafSegmentSeconds = 2;
        private double initialIafHz = 10;
        private double iafRetuneHz = 0.25;

        private Builder(double sampleRateHz, int channels) {
            this.sampleRateHz = sampleRateHz;
            this.channels = channels;
        }

        /**
         * Lowest acceptable feature rate, Hz (default 250): the input is low-passed and decimated by the largest
         * integer that keeps the feature rate at or above this. Every band must end below 0.2 times the feature rate.
         */
        public Builder featureRateMinHz(double hz) {
            this.featureRateMinHz = hz;
            return this;
        }

        /** Cut-off of the one-pole DC-removal high-pass, Hz (default 0.1), above 0 and below the lowest band edge / 5. */
        public Builder dcCutoffHz(double hz) {
            this.dcCutoffHz = hz;
            return this;
        }

        /** Mains frequency to notch, Hz: 50, 60, or 0 for no notch (default 50). */
        public Builder lineFrequencyHz(double hz) {
            this.lineFrequencyHz = hz;
            return this;
        }

        /**
         * Number of notched line components counting the fundamental, 1-20 (default 3: 50, 100, 150 Hz); those at
         * or above 0.45 times the feature rate are left to the anti-alias filter.
         */
        public Builder lineHarmonics(int count) {
            this.lineHarmonics = count;
            return this;
        }

        /**
         * Quality of each notch, 5-200 (default 30). The -3 dB width is {@code fs sin(w0) / (2 pi Q)} at the feature
         * rate fs, {@code w0 = 2 pi f0 / fs}: 1.3 Hz for 50 Hz at 250 Hz, tending to f0/Q = 1.7 Hz at higher rates.
         */
        public Builder notchQ(double q) {
            this.notchQ = q;
            return this;
        }

        /** The bands, 1-16 of them (default delta 1-4, theta 4-8, alpha 8-13, beta 13-30, gamma 30-45 Hz). */
        public Builder bands(List<Band> bands) {
            this.bands = bands;
            return this;
        }

        /** Butterworth prototype order of each band-pass, 2-8 (default 4: an 8th-order band-pass). */
        public Builder bandFilterOrder(int order) {
            this.bandFilterOrder = order;
            return this;
        }

        /** Time constant of the exponential smoothing of band power, seconds (default 0.5), 0.01-600. */
        public Builder smoothingSeconds(double seconds) {
            this.smoothingSeconds = seconds;
            return this;
        }

        /** Input full scale, microvolts (default 187,500: Cyton at gain 24), positive. */
        public Builder fullScaleMicrovolts(double uv) {
            this.fullScaleMicrovolts = uv;
            return this;
        }

        /** Fraction of full scale at which a sample counts as saturated, 0.5-1 (default 0.98). */
        public Builder saturationFraction(double fraction) {
            this.saturationFraction = fraction;
            return this;
        }

        /** Window of the flat-line test, seconds (default 1), 0.1-60. */
        public Builder flatWindowSeconds(double seconds) {
            this.flatWindowSeconds = seconds;
            return this;
        }

        /** A channel whose raw peak-to-peak over the flat window is below this is flat, microvolts (default 0.5). */
        public Builder flatPeakToPeakMicrovolts(double uv) {
            this.flatPeakToPeakMicrovolts = uv;
            return this;
        }

        /** Window of the artefact test, seconds (default 0.5), 0.1-60. */
        public Builder artefactWindowSeconds(double seconds) {
            this.artefactWindowSeconds = seconds;
            return this;
        }

        /** Peak-to-peak of the DC-removed signal above which a channel has an artefact, microvolts (default 150). */
        public Builder artefactPeakToPeakMicrovolts(double uv) {
            this.artefactPeakToPeakMicrovolts = uv;
            return this;
        }

        /** How long saturation and artefact flags stay set after the condition ends, seconds (default 1), 0-60. */
        public Builder flagHoldSeconds(double seconds) {
            this.flagHoldSeconds = seconds;
            return this;
        }

        /**
         * Weights of the channels summed into the phase target signal, one per channel, at least one non-zero
         * (default: the mean of all channels). E.g. {@code 0.5, 0.5} on O1 and O2, or a Hjorth Laplacian.
         */
        public Builder phaseMontage(double... weights) {
            this.phaseMontage = weights == null ? null : weights.clone();
            return this;
        }

        /** The phase band is IAF +- this, Hz (default 2), 0.5-5. */
        public Builder phaseHalfBandwidthHz(double hz) {
            this.phaseHalfBandwidthHz = hz;
            return this;
        }

        /** Window of the endpoint-corrected Hilbert transform, seconds (default 1), 0.25-8. */
        public Builder phaseWindowSeconds(double seconds) {
            this.phaseWindowSeconds = seconds;
            return this;
        }

        /** Range searched for the individual alpha frequency, Hz (default 7-14). */
        public Builder iafRangeHz(double loHz, double hiHz) {
            this.iafLoHz = loHz;
            this.iafHiHz = hiHz;
            return this;
        }

        /** Window over which the alpha spectrum is averaged, seconds (default 10), at least one segment. */
        public Builder iafWindowSeconds(double seconds) {
            this.iafWindowSeconds = seconds;
            return this;
        }

        /** Length of one Hann segment of the alpha spectrum, seconds (default 2: 0.49 Hz bins at 250 Hz). */
        public Builder iafSegmentSeconds(double seconds) {
            this.iafSegmentSeconds = seconds;
            return this;
        }

        /** Alpha frequency used until the first estimate, Hz (default 10), inside the IAF range. */
        public Builder initialIafHz(double hz) {
            this.initialIafHz = hz;
            return this;
        }

        /** The phase band is retuned when the IAF estimate moves by more than this, Hz (default 0.25), 0.05-2. */
        public Builder iafRetuneHz(double hz) {
            this.iafRetuneHz = hz;
            return this;
        }

        /** Validates and freezes the settings. */
        public DspConfig build() {
            require(Double.isFinite(sampleRateHz) && sampleRateHz >= 100 && sampleRateHz <= 1_000_000,
                    "sampleRateHz=" + sampleRateHz + ": must be 100-1,000,000");
            require(channels >= 1 && channels <= 65_536, "channels=" + channels + ": must be 1-65536");
            require(featureRateMinHz >= 100 && featureRateMinHz <= sampleRateHz,
                    "featureRateMinHz=" + featureRateMinHz + ": must be 100 to sampleRateHz=" + sampleRateHz);
            int decimation = decimationFor(sampleRateHz, featureRateMinHz);
            double featureRate = sampleRateHz / decimation;
            require(lineFrequencyHz == 0 || lineFrequencyHz == 50 || lineFrequencyHz == 60,
                    "lineFrequencyHz=" + lineFrequencyHz + ": must be 50, 60 or 0 (no notch)");
            require(lineHarmonics >= 1 && lineHarmonics <= 20, "lineHarmonics=" + lineHarmonics + ": must be 1-20");
            require(notchQ >= 5 && notchQ <= 200, "notchQ=" + notchQ + ": must be 5-200");
            require(bands != null && !bands.isEmpty() && bands.size() <= 16,
                    "bands=" + bands + ": give 1-16 bands");
            double lowest = Double.MAX_VALUE;
            for (Band band : bands) {
                require(band.hiHz() <= 0.2 * featureRate, "band " + band.name() + ".hiHz=" + band.hiHz()
                        + ": must be at most 0.2 * featureRateHz=" + featureRate + "; raise featureRateMinHz");
                lowest = Math.min(lowest, band.loHz());
            }
            require(bandFilterOrder >= 2 && bandFilterOrder <= 8,
                    "bandFilterOrder=" + bandFilterOrder + ": must be 2-8");
            require(dcCutoffHz > 0 && dcCutoffHz <= lowest / 5, "dcCutoffHz=" + dcCutoffHz
                    + ": must be above 0 and at most the lowest band edge / 5 = " + lowest / 5);
            require(smoothingSeconds >= 0.01 && smoothingSeconds <= 600,
                    "smoothingSeconds=" + smoothingSeconds + ": must be 0.01-600");
            require(fullScaleMicrovolts > 0 && Double.isFinite(fullScaleMicrovolts),
                    "fullScaleMicrovolts=" + fullScaleMicrovolts + ": must be positive");
            require(saturationFraction >= 0.5 && saturationFraction <= 1,
                    "saturationFraction=" + saturationFraction + ": must be 0.5-1");
            require(flatWindowSeconds >= 0.1 && flatWindowSeconds <= 60,
                    "flatWindowSeconds=" + flatWindowSeconds + ": must be 0.1-60");
            require(flatPeakToPeakMicrovolts >= 0, "flatPeakToPeakMicrovolts=" + flatPeakToPeakMicrovolts
                    + ": must be 0 or more");
            require(artefactWindowSeconds >= 0.1 && artefactWindowSeconds <= 60,
                    "artefactWindowSeconds=" + artefactWindowSeconds + ": must be 0.1-60");
            require(artefactPeakToPeakMicrovolts > 0, "artefactPeakToPeakMicrovolts="
                    + artefactPeakToPeakMicrovolts + ": must be positive");
            require(flagHoldSeconds >= 0 && flagHoldSeconds <= 60,
                    "flagHoldSeconds=" + flagHoldSeconds + ": must be 0-60");
            if (phaseMontage != null) {
                require(phaseMontage.length == channels, "phaseMontage.length=" + phaseMontage.length
                        + ": needs one weight per channel (" + channels + ")");
                double sum = 0;
                for (double w : phaseMontage) {
                    require(Double.isFinite(w), "phaseMontage=" + Arrays.toString(phaseMontage) + ": must be finite");
                    sum += Math.abs(w);
                }
                require(sum > 0, "phaseMontage: at least one weight must be non-zero");
            }
            require(phaseHalfBandwidthHz >= 0.5 && phaseHalfBandwidthHz <= 5,
                    "phaseHalfBandwidthHz=" + phaseHalfBandwidthHz + ": must be 0.5-5");
            require(phaseWindowSeconds >= 0.25 && phaseWindowSeconds <= 8,
                    "phaseWindowSeconds=" + phaseWindowSeconds + ": must be 0.25-8");
            require(iafLoHz > phaseHalfBandwidthHz && iafHiHz > iafLoHz && iafHiHz + phaseHalfBandwidthHz
                    < 0.4 * featureRate, "iafRangeHz=" + iafLoHz + ".." + iafHiHz
                    + ": needs phaseHalfBandwidthHz < lo < hi and hi + phaseHalfBandwidthHz < 0.4 * featureRateHz");
            require(iafSegmentSeconds >= 0.5 && iafSegmentSeconds <= 16,
                    "iafSegmentSeconds=" + iafSegmentSeconds + ": must be 0.5-16");
            require(iafWindowSeconds >= iafSegmentSeconds && iafWindowSeconds <= 600,
                    "iafWindowSeconds=" + iafWindowSeconds + ": must be iafSegmentSeconds to 600");
            require(initialIafHz >= iafLoHz && initialIafHz <= iafHiHz,
                    "initialIafHz=" + initialIafHz + ": must lie in iafRangeHz=" + iafLoHz + ".." + iafHiHz);
            require(iafRetuneHz >= 0.05 && iafRetuneHz <= 2, "iafRetuneHz=" + iafRetuneHz + ": must be 0.05-2");
            return new DspConfig(this);
        }

        private static void require(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
