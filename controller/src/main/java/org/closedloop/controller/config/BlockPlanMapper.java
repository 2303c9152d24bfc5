package org.closedloop.controller.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.closedloop.protocol.config.v1.ClosedLoopRule;
import org.closedloop.protocol.config.v1.ElectrodeDrive;
import org.closedloop.protocol.config.v1.ElectrodeRole;
import org.closedloop.protocol.config.v1.RuleAction;
import org.closedloop.protocol.config.v1.SessionLimits;
import org.closedloop.protocol.config.v1.StimulationBlock;
import org.closedloop.protocol.config.v1.StimulationElectrode;
import org.closedloop.protocol.config.v1.StimulationProtocol;
import org.closedloop.protocol.config.v1.TacsComponent;
import org.closedloop.safety.plan.Electrode;
import org.closedloop.safety.plan.StimulationPlan;
import org.closedloop.safety.plan.WaveformComponent;

/**
 * Maps each stimulation block of a protocol to the worst-case {@link StimulationPlan}s the safety module must approve:
 * every montage electrode (those a component does not name carry 0 µA), amplitudes multiplied by the largest
 * {@code scale_amplitude.max_factor} of any rule acting on the block, and for {@code track_iaf} components one plan
 * at each end of the frequency range (the safety rules are monotone in the frequency within a range, so both ends
 * cover every frequency in between).
 *
 * <p>A block whose structure is broken (no components, a component without a frequency, an implausible amplitude,
 * a time that is not a number) has no plan: its structural problems are already reported by {@link BlockChecks}.
 * Electrodes that a component names but the montage lacks are left out of the plan (also reported).
 *
 * <p>Thread safety: stateless; thread safe.
 */
final class BlockPlanMapper {

    /** The subject code of plans made to validate a protocol; the real code is given when a session starts. */
    static final String VALIDATION_SUBJECT_CODE = "protocol-check";

    private BlockPlanMapper() {
    }

    /**
     * The worst-case plans of every block that can be mapped, in block order. A block that passed the structural
     * checks but still cannot be made into a plan is reported to {@code out}, never skipped silently.
     */
    static List<BlockPlan> plans(StimulationProtocol p, ProblemList out) {
        List<StimulationElectrode> montage = p.getMontage().getStimulationElectrodesList();
        if (montage.isEmpty() || montage.size() > StimulationPlan.MAX_ELECTRODES) {
            return List.of();
        }
        String[] labels = planLabels(montage);
        Map<String, Integer> indexByLabel = new HashMap<>();
        for (int i = 0; i < montage.size(); i++) {
            indexByLabel.putIfAbsent(montage.get(i).getLabel(), i);
        }
        org.closedloop.safety.plan.SessionLimits limits = sessionLimits(p.getSessionLimits());
        List<BlockPlan> plans = new ArrayList<>();
        for (int b = 0; b < p.getBlocksCount(); b++) {
            StimulationBlock block = p.getBlocks(b);
            if (!mappable(block)) {
                continue;
            }
            Scale scale = worstScale(p, block.getId());
            boolean tracksIaf = block.getComponentsList().stream()
                    .anyMatch(c -> c.getFrequencyCase() == TacsComponent.FrequencyCase.TRACK_IAF);
            for (String end : tracksIaf ? List.of("min_hz", "max_hz") : List.of("")) {
                plan(p, b, montage, labels, indexByLabel, limits, scale, end, out).ifPresent(plans::add);
            }
        }
        return plans;
    }

    /** Adds one stimulation electrode of the montage to a plan, as the safety module sees it. */
    static void addElectrode(StimulationPlan.Builder builder, String label, StimulationElectrode se) {
        builder.electrode(label, se.hasAreaCm2() ? se.getAreaCm2() : Electrode.AREA_NOT_DECLARED,
                se.getRole() == ElectrodeRole.ELECTRODE_ROLE_RETURN
                        ? org.closedloop.safety.plan.ElectrodeRole.RETURN
                        : org.closedloop.safety.plan.ElectrodeRole.ACTIVE);
    }

    /** Sets a block's ramps, duration, sham, closed-loop flag and the session's limits on a plan. */
    static StimulationPlan.Builder blockSettings(StimulationPlan.Builder builder, StimulationProtocol p,
                                                 StimulationBlock block,
                                                 org.closedloop.safety.plan.SessionLimits limits) {
        return builder.rampUpNs(FieldRules.toNanos(block.getRampUpS()))
                .rampDownNs(FieldRules.toNanos(block.getRampDownS()))
                .durationNs(FieldRules.toNanos(block.getDurationS()))
                .sham(block.getSham())
                .closedLoop(actedOnByRule(p, block.getId()))
                .sessionLimits(limits);
    }

    private static Optional<BlockPlan> plan(StimulationProtocol p, int b, List<StimulationElectrode> montage,
                                            String[] labels, Map<String, Integer> indexByLabel,
                                            org.closedloop.safety.plan.SessionLimits limits, Scale scale, String iafEnd,
                                            ProblemList out) {
        StimulationBlock block = p.getBlocks(b);
        int n = montage.size();
        StimulationPlan.Builder builder = StimulationPlan.builder(VALIDATION_SUBJECT_CODE);
        for (int e = 0; e < n; e++) {
            addElectrode(builder, labels[e], montage.get(e));
        }
        List<List<int[]>> drives = new ArrayList<>();
        for (int e = 0; e < n; e++) {
            drives.add(new ArrayList<>());
        }
        for (int k = 0; k < block.getComponentsCount(); k++) {
            TacsComponent c = block.getComponents(k);
            int[] amplitude = new int[n];
            double[] phase = new double[n];
            Set<Integer> seen = new HashSet<>();
            for (int j = 0; j < c.getElectrodesCount(); j++) {
                ElectrodeDrive d = c.getElectrodes(j);
                Integer e = indexByLabel.get(d.getElectrode());
                if (e == null || !seen.add(e)) {
                    continue;
                }
                long scaled = (long) Math.ceil(Integer.toUnsignedLong(d.getPeakAmplitudeUa()) * scale.factor);
                if (scaled > WaveformComponent.MAX_STRUCTURAL_AMPLITUDE_MICROAMPS) {
                    // raw amplitudes this large are reported by BlockChecks; here only a scale factor can cause it
                    if (!scale.note.isEmpty()) {
                        out.add("blocks[" + b + "]", "", "cannot be checked against the safety limits: "
                                + scale.note + " makes an amplitude of " + scaled + " µA");
                    }
                    return Optional.empty();
                }
                amplitude[e] = (int) scaled;
                phase[e] = d.getPhaseDeg();
                drives.get(e).add(new int[] {k, j});
            }
            double f = c.getFrequencyCase() == TacsComponent.FrequencyCase.FREQUENCY_HZ ? c.getFrequencyHz()
                    : iafEnd.equals("min_hz") ? c.getTrackIaf().getMinHz() : c.getTrackIaf().getMaxHz();
            builder.component(f, amplitude, phase);
        }
        blockSettings(builder, p, block, limits);
        try {
            return Optional.of(new BlockPlan(b, builder.build(), drives, iafEnd, scale.note));
        } catch (IllegalArgumentException e) {
            // a structural rule of the safety module that the checks here did not anticipate: deny, and say why
            out.add("blocks[" + b + "]", "", "cannot be checked against the safety limits: " + e.getMessage());
            return Optional.empty();
        }
    }

    /** Whether the block's structure allows a plan; see the class comment. */
    private static boolean mappable(StimulationBlock block) {
        int nc = block.getComponentsCount();
        if (nc == 0 || nc > StimulationPlan.MAX_COMPONENTS) {
            return false;
        }
        for (TacsComponent c : block.getComponentsList()) {
            if (c.getFrequencyCase() == TacsComponent.FrequencyCase.FREQUENCY_NOT_SET) {
                return false;
            }
            if (c.getFrequencyCase() == TacsComponent.FrequencyCase.TRACK_IAF
                    && !(Double.isFinite(c.getTrackIaf().getMinHz()) && Double.isFinite(c.getTrackIaf().getMaxHz())
                    && c.getTrackIaf().getMinHz() < c.getTrackIaf().getMaxHz())) {
                return false;
            }
            for (ElectrodeDrive d : c.getElectrodesList()) {
                if (!Double.isFinite(d.getPhaseDeg())) {
                    return false;
                }
            }
        }
        return time(block.getRampUpS(), true) && time(block.getRampDownS(), true) && time(block.getDurationS(), false);
    }

    private static boolean time(double s, boolean zeroAllowed) {
        return Double.isFinite(s) && (zeroAllowed ? s >= 0 : s > 0) && s <= FieldRules.MAX_SECONDS;
    }

    /**
     * The labels the plan uses: the montage's, except that an invalid or repeated one (already reported) is replaced
     * by {@code electrode-N}, so that the safety check still runs and reports everything else.
     */
    private static String[] planLabels(List<StimulationElectrode> montage) {
        String[] labels = new String[montage.size()];
        Set<String> used = new HashSet<>();
        for (int e = 0; e < labels.length; e++) {
            String l = montage.get(e).getLabel();
            labels[e] = FieldRules.LABEL.matcher(l).matches() && used.add(l) ? l : "electrode-" + e;
        }
        return labels;
    }

    /**
     * The protocol's session limits as the safety module's; a field that is absent, zero or not a number (the latter
     * two reported by {@link MontageChecks}) stays at the hard limit. Values too large for the safety type are
     * saturated, so that the plan check still reports them as looser than the hard limit.
     */
    static org.closedloop.safety.plan.SessionLimits sessionLimits(SessionLimits s) {
        org.closedloop.safety.plan.SessionLimits limits = org.closedloop.safety.plan.SessionLimits.HARD_LIMITS;
        if (s.hasMaxDurationS() && Double.isFinite(s.getMaxDurationS()) && s.getMaxDurationS() > 0) {
            double ns = s.getMaxDurationS() * 1e9;
            limits = limits.withMaxDurationNs(Math.max(1, ns >= Long.MAX_VALUE ? Long.MAX_VALUE : Math.round(ns)));
        }
        if (s.hasMaxPeakAmplitudeUa() && s.getMaxPeakAmplitudeUa() != 0) {
            limits = limits.withMaxAmplitudeMicroAmps((int) Math.min(Integer.MAX_VALUE,
                    Integer.toUnsignedLong(s.getMaxPeakAmplitudeUa())));
        }
        if (s.hasMaxChargeUc() && s.getMaxChargeUc() != 0) {
            limits = limits.withMaxChargeMicrocoulombs(s.getMaxChargeUc() < 0 ? Long.MAX_VALUE : s.getMaxChargeUc());
        }
        return limits;
    }

    static boolean actedOnByRule(StimulationProtocol p, String blockId) {
        for (ClosedLoopRule r : p.getRulesList()) {
            if (blockId.equals(targetBlock(r.getAction()))) {
                return true;
            }
        }
        return false;
    }

    private static String targetBlock(RuleAction a) {
        switch (a.getKindCase()) {
            case START_BLOCK:
                return a.getStartBlock().getBlockId();
            case STOP_BLOCK:
                return a.getStopBlock().getBlockId();
            case SCALE_AMPLITUDE:
                return a.getScaleAmplitude().getBlockId();
            case START_BLOCK_AT_PHASE:
                return a.getStartBlockAtPhase().getBlockId();
            default:
                return null;
        }
    }

    private static Scale worstScale(StimulationProtocol p, String blockId) {
        Scale worst = new Scale(1.0, "");
        for (int r = 0; r < p.getRulesCount(); r++) {
            RuleAction a = p.getRules(r).getAction();
            if (a.getKindCase() == RuleAction.KindCase.SCALE_AMPLITUDE && blockId.equals(a.getScaleAmplitude().getBlockId())) {
                double f = a.getScaleAmplitude().getMaxFactor();
                // a non-finite factor is reported by RuleChecks; +inf would make every amplitude implausible
                if (Double.isFinite(f) && f > worst.factor) {
                    worst = new Scale(f, "rules[" + r + "].action.scale_amplitude.max_factor = " + ProblemList.format(f));
                }
            }
        }
        return worst;
    }

    private record Scale(double factor, String note) {
    }
}
