package org.closedloop.controller.config;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.closedloop.protocol.config.v1.Band;
import org.closedloop.protocol.config.v1.BlockStart;
import org.closedloop.protocol.config.v1.ClosedLoopRule;
import org.closedloop.protocol.config.v1.Feature;
import org.closedloop.protocol.config.v1.PowerScale;
import org.closedloop.protocol.config.v1.RecordingChannel;
import org.closedloop.protocol.config.v1.RuleAction;
import org.closedloop.protocol.config.v1.ScaleAmplitude;
import org.closedloop.protocol.config.v1.StartBlockAtPhase;
import org.closedloop.protocol.config.v1.StimulationBlock;
import org.closedloop.protocol.config.v1.StimulationProtocol;
import org.closedloop.protocol.config.v1.ThresholdCondition;

/**
 * Structural checks of features and closed-loop rules: references resolve (channels, features, blocks), bands fit
 * under the Nyquist frequency, hysteresis points the right way, factors and phases are in range, and every block
 * that waits for a rule is started by one.
 *
 * <p>Thread safety: stateless; thread safe.
 */
final class RuleChecks {

    private static final double MAX_WINDOW_S = 60;

    private RuleChecks() {
    }

    static void check(StimulationProtocol p, ProblemList out) {
        Set<String> channels = p.getMontage().getRecordingChannelsList().stream()
                .map(RecordingChannel::getLabel).collect(Collectors.toCollection(LinkedHashSet::new));
        double nyquistHz = p.getAcquisition().getSampleRateHz() / 2.0;
        Map<String, Feature> features = new LinkedHashMap<>();
        Set<String> featureIds = new HashSet<>();
        for (int f = 0; f < p.getFeaturesCount(); f++) {
            Feature feature = p.getFeatures(f);
            String path = "features[" + f + "]";
            FieldRules.id(out, path + ".id", feature.getId(), featureIds);
            features.putIfAbsent(feature.getId(), feature);
            switch (feature.getKindCase()) {
                case BAND_POWER:
                    band(out, path + ".band_power.band", feature.getBandPower().getBand(), nyquistHz);
                    channels(out, path + ".band_power.channels", feature.getBandPower().getChannelsList(), channels);
                    if (feature.getBandPower().getScale() != PowerScale.POWER_SCALE_ABSOLUTE_UV2
                            && feature.getBandPower().getScale() != PowerScale.POWER_SCALE_RELATIVE) {
                        out.add(path + ".band_power.scale", enumValue(feature.getBandPower().getScaleValue()),
                                "set POWER_SCALE_ABSOLUTE_UV2 or POWER_SCALE_RELATIVE");
                    }
                    double w = feature.getBandPower().getWindowS();
                    if (!(Double.isFinite(w) && w > 0 && w <= MAX_WINDOW_S)) {
                        out.add(path + ".band_power.window_s", w, "must be > 0 and at most " + (int) MAX_WINDOW_S + " s");
                    }
                    break;
                case BAND_PHASE:
                    band(out, path + ".band_phase.band", feature.getBandPhase().getBand(), nyquistHz);
                    channels(out, path + ".band_phase.channel", List.of(feature.getBandPhase().getChannel()), channels);
                    break;
                default:
                    out.missing(path, "set band_power or band_phase");
            }
        }
        Map<String, StimulationBlock> blocks = new LinkedHashMap<>();
        for (StimulationBlock b : p.getBlocksList()) {
            blocks.putIfAbsent(b.getId(), b);
        }
        Set<String> ruleIds = new HashSet<>();
        Set<String> startedByRule = new HashSet<>();
        for (int r = 0; r < p.getRulesCount(); r++) {
            rule(p.getRules(r), "rules[" + r + "]", ruleIds, features, blocks, startedByRule, out);
        }
        for (int b = 0; b < p.getBlocksCount(); b++) {
            StimulationBlock block = p.getBlocks(b);
            if (block.getStart() == BlockStart.BLOCK_START_ON_RULE && !startedByRule.contains(block.getId())) {
                out.add("blocks[" + b + "].start", block.getStart().name(),
                        "no rule starts this block; add a start_block or start_block_at_phase rule, or run it "
                                + "BLOCK_START_SEQUENTIAL");
            }
        }
    }

    private static void rule(ClosedLoopRule rule, String path, Set<String> ruleIds, Map<String, Feature> features,
                             Map<String, StimulationBlock> blocks, Set<String> startedByRule, ProblemList out) {
        FieldRules.id(out, path + ".id", rule.getId(), ruleIds);
        Feature feature = features.get(rule.getFeatureId());
        if (feature == null) {
            out.add(path + ".feature_id", rule.getFeatureId().isEmpty() ? Problem.MISSING
                    : ProblemList.quoted(rule.getFeatureId()), "not the id of a feature; features: " + features.keySet());
        } else if (feature.getKindCase() != Feature.KindCase.BAND_POWER) {
            out.add(path + ".feature_id", ProblemList.quoted(rule.getFeatureId()),
                    "a condition needs a band_power feature; a phase is used by start_block_at_phase");
        }
        if (!rule.hasCondition()) {
            out.missing(path + ".condition", "required: direction, enter_threshold, exit_threshold, min_dwell_s");
        } else {
            boolean relative = feature != null && feature.getKindCase() == Feature.KindCase.BAND_POWER
                    && feature.getBandPower().getScale() == PowerScale.POWER_SCALE_RELATIVE;
            condition(rule.getCondition(), path + ".condition", relative, out);
        }
        FieldRules.seconds(out, path + ".refractory_s", rule.getRefractoryS(), true);
        action(rule.getAction(), path + ".action", features, blocks, startedByRule, out);
    }

    private static void condition(ThresholdCondition c, String path, boolean relative, ProblemList out) {
        double enter = c.getEnterThreshold();
        double exit = c.getExitThreshold();
        boolean finite = true;
        for (String name : new String[] {"enter_threshold", "exit_threshold"}) {
            double v = name.startsWith("enter") ? enter : exit;
            if (!Double.isFinite(v) || v < 0 || (relative && v > 1)) {
                out.add(path + "." + name, v, relative ? "relative power is a fraction in [0, 1]"
                        : "band power in µV² is finite and >= 0");
                finite = false;
            }
        }
        switch (c.getDirection()) {
            case DIRECTION_ABOVE:
                if (finite && exit > enter) {
                    out.add(path + ".exit_threshold", exit, "hysteresis inverted: for DIRECTION_ABOVE exit_threshold must be "
                            + "<= enter_threshold (" + ProblemList.format(enter) + ")");
                }
                break;
            case DIRECTION_BELOW:
                if (finite && exit < enter) {
                    out.add(path + ".exit_threshold", exit, "hysteresis inverted: for DIRECTION_BELOW exit_threshold must be "
                            + ">= enter_threshold (" + ProblemList.format(enter) + ")");
                }
                break;
            default:
                out.add(path + ".direction", enumValue(c.getDirectionValue()), "set DIRECTION_ABOVE or DIRECTION_BELOW");
        }
        FieldRules.seconds(out, path + ".min_dwell_s", c.getMinDwellS(), true);
    }

    private static void action(RuleAction a, String path, Map<String, Feature> features,
                               Map<String, StimulationBlock> blocks, Set<String> startedByRule, ProblemList out) {
        switch (a.getKindCase()) {
            case START_BLOCK:
                startTarget(a.getStartBlock().getBlockId(), path + ".start_block.block_id", blocks, startedByRule, out);
                break;
            case STOP_BLOCK:
                blockRef(a.getStopBlock().getBlockId(), path + ".stop_block.block_id", blocks, out);
                break;
            case SCALE_AMPLITUDE:
                scale(a.getScaleAmplitude(), path + ".scale_amplitude", blocks, out);
                break;
            case START_BLOCK_AT_PHASE:
                StartBlockAtPhase s = a.getStartBlockAtPhase();
                String sp = path + ".start_block_at_phase";
                startTarget(s.getBlockId(), sp + ".block_id", blocks, startedByRule, out);
                Feature f = features.get(s.getPhaseFeatureId());
                if (f == null || f.getKindCase() != Feature.KindCase.BAND_PHASE) {
                    out.add(sp + ".phase_feature_id", s.getPhaseFeatureId().isEmpty() ? Problem.MISSING
                            : ProblemList.quoted(s.getPhaseFeatureId()), "must be the id of a band_phase feature");
                }
                if (!(s.getTargetPhaseDeg() >= 0 && s.getTargetPhaseDeg() < 360)) {
                    out.add(sp + ".target_phase_deg", s.getTargetPhaseDeg(), "must be in [0, 360) degrees");
                }
                if (!(s.getToleranceDeg() > 0 && s.getToleranceDeg() <= 180)) {
                    out.add(sp + ".tolerance_deg", s.getToleranceDeg(), "must be in (0, 180] degrees");
                }
                break;
            default:
                out.missing(path, "set start_block, stop_block, scale_amplitude or start_block_at_phase");
        }
    }

    private static void startTarget(String id, String path, Map<String, StimulationBlock> blocks,
                                    Set<String> startedByRule, ProblemList out) {
        StimulationBlock b = blockRef(id, path, blocks, out);
        if (b != null) {
            startedByRule.add(id);
            if (b.getStart() == BlockStart.BLOCK_START_SEQUENTIAL) {
                out.add(path, ProblemList.quoted(id), "this block runs BLOCK_START_SEQUENTIAL; a block that a rule "
                        + "starts must be BLOCK_START_ON_RULE");
            }
        }
    }

    private static StimulationBlock blockRef(String id, String path, Map<String, StimulationBlock> blocks, ProblemList out) {
        StimulationBlock b = blocks.get(id);
        if (b == null) {
            out.add(path, id.isEmpty() ? Problem.MISSING : ProblemList.quoted(id),
                    "not the id of a block; blocks: " + blocks.keySet());
        }
        return b;
    }

    private static void scale(ScaleAmplitude s, String path, Map<String, StimulationBlock> blocks, ProblemList out) {
        blockRef(s.getBlockId(), path + ".block_id", blocks, out);
        if (!(Double.isFinite(s.getStepFactor()) && s.getStepFactor() > 0)) {
            out.add(path + ".step_factor", s.getStepFactor(), "must be a finite factor > 0");
        }
        if (!(Double.isFinite(s.getMinFactor()) && s.getMinFactor() >= 0 && s.getMinFactor() <= 1)) {
            out.add(path + ".min_factor", s.getMinFactor(), "must be in [0, 1]: the block starts at factor 1");
        }
        if (!(Double.isFinite(s.getMaxFactor()) && s.getMaxFactor() >= 1)) {
            out.add(path + ".max_factor", s.getMaxFactor(), "must be a finite factor >= 1: the block starts at factor 1 "
                    + "(the safety check is made at max_factor)");
        }
    }

    private static void band(ProblemList out, String path, Band band, double nyquistHz) {
        double lo = band.getLowHz();
        double hi = band.getHighHz();
        if (!(Double.isFinite(lo) && Double.isFinite(hi) && lo > 0 && lo < hi)) {
            out.add(path, "[" + ProblemList.format(lo) + ", " + ProblemList.format(hi) + "] Hz",
                    "needs 0 < low_hz < high_hz");
        } else if (nyquistHz > 0 && hi >= nyquistHz) {
            out.add(path + ".high_hz", hi, "must be below half the sample rate (" + ProblemList.format(nyquistHz) + " Hz)");
        }
    }

    /** Checks a list of recording channel labels: at least one, each a channel of the montage, none twice. */
    static void channels(ProblemList out, String path, List<String> labels, Set<String> known) {
        if (labels.isEmpty()) {
            out.missing(path, "at least one recording channel label is required");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < labels.size(); i++) {
            String label = labels.get(i);
            String p = labels.size() == 1 && path.endsWith(".channel") ? path : path + "[" + i + "]";
            if (!known.contains(label)) {
                out.add(p, label.isEmpty() ? Problem.MISSING : ProblemList.quoted(label),
                        "not a label of montage.recording_channels " + known);
            } else if (!seen.add(label)) {
                out.add(p, ProblemList.quoted(label), "listed twice");
            }
        }
    }

    private static String enumValue(int number) {
        return number == 0 ? Problem.MISSING : Integer.toString(number);
    }
}
