package org.closedloop.controller.loop;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.closedloop.controller.dsp.Band;
import org.closedloop.controller.dsp.DspConfig;
import org.closedloop.controller.dsp.FeatureExtractor;
import org.closedloop.protocol.config.v1.BandPhase;
import org.closedloop.protocol.config.v1.BandPower;
import org.closedloop.protocol.config.v1.Feature;
import org.closedloop.protocol.config.v1.PowerScale;
import org.closedloop.protocol.config.v1.RecordingChannel;
import org.closedloop.protocol.config.v1.StimulationProtocol;

/**
 * A protocol's features computed by the on-device DSP: configures a {@link FeatureExtractor} with one band per
 * band-power feature plus the 1–40 Hz broadband that relative power is defined against (the schema's definition:
 * band power / broadband power), maps recording-channel labels to board channels, and points the phase estimator at
 * the band-phase feature's channel. After each feature update, {@link #update(double[])} writes one value per
 * feature: band power in µV² or as a fraction (mean over the feature's usable channels; NaN if none is usable), or
 * phase in radians for a phase feature (NaN while the estimate is unusable).
 *
 * <p><b>Thread safety:</b> not thread safe; owned by the loop thread.
 */
public final class SessionFeatures {
    /** Broadband reference for relative power, Hz (the schema's 1–40 Hz). */
    public static final double BROADBAND_LO_HZ = 1;
    public static final double BROADBAND_HI_HZ = 40;

    private final FeatureExtractor extractor;
    private final List<String> ids = new ArrayList<>();
    private final int[] band;        // DSP band index per feature, -1 for a phase feature
    private final boolean[] relative;
    private final int[][] channels;  // board channel indices (0-based) per band-power feature
    private final int broadband;
    private final int phaseFeature;

    /**
     * @throws IllegalArgumentException naming the field if the protocol asks for something this controller cannot
     *                                  compute (a channel label not in the montage, more than one phase feature)
     */
    public SessionFeatures(StimulationProtocol protocol, int channelCount) {
        Map<String, Integer> boardChannel = new HashMap<>();
        for (RecordingChannel rc : protocol.getMontage().getRecordingChannelsList()) {
            boardChannel.put(rc.getLabel(), rc.getBoardChannel() - 1);
        }
        int n = protocol.getFeaturesCount();
        band = new int[n];
        relative = new boolean[n];
        channels = new int[n][];
        List<Band> bands = new ArrayList<>();
        int phase = -1;
        double[] phaseWeights = null;
        double phaseLo = 8;
        double phaseHi = 13;
        for (int i = 0; i < n; i++) {
            Feature f = protocol.getFeatures(i);
            ids.add(f.getId());
            if (f.hasBandPower()) {
                BandPower bp = f.getBandPower();
                band[i] = bands.size();
                bands.add(new Band(f.getId(), bp.getBand().getLowHz(), bp.getBand().getHighHz()));
                relative[i] = bp.getScale() == PowerScale.POWER_SCALE_RELATIVE;
                channels[i] = new int[bp.getChannelsCount()];
                for (int c = 0; c < bp.getChannelsCount(); c++) {
                    channels[i][c] = channelIndex(boardChannel, bp.getChannels(c), "features[" + i + "].band_power.channels[" + c + "]");
                }
            } else if (f.hasBandPhase()) {
                if (phase >= 0) {
                    throw new IllegalArgumentException("features[" + i + "].band_phase: this controller estimates one phase "
                            + "target; features[" + phase + "] is already one");
                }
                BandPhase bph = f.getBandPhase();
                phase = i;
                band[i] = -1;
                phaseWeights = new double[channelCount];
                phaseWeights[channelIndex(boardChannel, bph.getChannel(), "features[" + i + "].band_phase.channel")] = 1;
                phaseLo = bph.getBand().getLowHz();
                phaseHi = bph.getBand().getHighHz();
            } else {
                throw new IllegalArgumentException("features[" + i + "]: neither band_power nor band_phase");
            }
        }
        broadband = bands.size();
        bands.add(new Band("broadband", BROADBAND_LO_HZ, BROADBAND_HI_HZ));
        DspConfig.Builder b = DspConfig.builder(protocol.getAcquisition().getSampleRateHz(), channelCount)
                .lineFrequencyHz(protocol.getAcquisition().getLineNoiseHz()).bands(bands)
                .iafRangeHz(phaseLo, phaseHi).initialIafHz((phaseLo + phaseHi) / 2);
        if (phaseWeights != null) {
            b.phaseMontage(phaseWeights);
        }
        this.extractor = new FeatureExtractor(b.build());
        this.phaseFeature = phase;
    }

    private static int channelIndex(Map<String, Integer> boardChannel, String label, String field) {
        Integer ch = boardChannel.get(label);
        if (ch == null) {
            throw new IllegalArgumentException(field + "=" + label + ": not a recording channel of the montage");
        }
        return ch;
    }

    public FeatureExtractor extractor() {
        return extractor;
    }

    /** Feature ids in protocol order: the index of each in the value array. */
    public List<String> ids() {
        return List.copyOf(ids);
    }

    /** Index of a feature id, or -1. */
    public int indexOf(String id) {
        return ids.indexOf(id);
    }

    /** Index of the phase feature, or -1. */
    public int phaseFeature() {
        return phaseFeature;
    }

    /** Writes the current value of every feature into {@code out} (length = feature count). Allocation-free. */
    public void update(double[] out) {
        FeatureExtractor fx = extractor;
        for (int i = 0; i < out.length; i++) {
            if (i == phaseFeature) {
                out[i] = fx.isTargetUsable() ? fx.targetPhaseRadians() : Double.NaN;
                continue;
            }
            double sum = 0;
            double sumBroad = 0;
            int used = 0;
            for (int ch : channels[i]) {
                if (fx.isUsable(ch)) {
                    sum += fx.absoluteBandPower(band[i], ch);
                    sumBroad += fx.absoluteBandPower(broadband, ch);
                    used++;
                }
            }
            if (used == 0) {
                out[i] = Double.NaN;
            } else if (relative[i]) {
                out[i] = sumBroad > 0 ? sum / sumBroad : Double.NaN;
            } else {
                out[i] = sum / used;
            }
        }
    }
}
