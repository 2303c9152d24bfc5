package org.closedloop.controller.config;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.closedloop.protocol.config.v1.BlockStart;
import org.closedloop.protocol.config.v1.ElectrodeDrive;
import org.closedloop.protocol.config.v1.IafTracking;
import org.closedloop.protocol.config.v1.RecordingChannel;
import org.closedloop.protocol.config.v1.StimulationBlock;
import org.closedloop.protocol.config.v1.StimulationElectrode;
import org.closedloop.protocol.config.v1.StimulationProtocol;
import org.closedloop.protocol.config.v1.TacsComponent;
import org.closedloop.safety.plan.StimulationPlan;
import org.closedloop.safety.plan.WaveformComponent;

/**
 * Structural checks of the stimulation blocks: ids, start mode, components that name montage electrodes, times that
 * are numbers. The frequencies, amplitudes and ramps themselves are judged by the safety module's plan check
 * ({@link SafetyPlanCheck}).
 *
 * <p>Thread safety: stateless; thread safe.
 */
final class BlockChecks {

    private BlockChecks() {
    }

    static void check(StimulationProtocol p, ProblemList out) {
        if (p.getBlocksCount() == 0) {
            out.missing("blocks", "at least one stimulation block is required");
        }
        Set<String> electrodes = p.getMontage().getStimulationElectrodesList().stream()
                .map(StimulationElectrode::getLabel).collect(Collectors.toCollection(LinkedHashSet::new));
        Set<String> channels = p.getMontage().getRecordingChannelsList().stream()
                .map(RecordingChannel::getLabel).collect(Collectors.toCollection(LinkedHashSet::new));
        Set<String> ids = new HashSet<>();
        for (int b = 0; b < p.getBlocksCount(); b++) {
            StimulationBlock block = p.getBlocks(b);
            String path = "blocks[" + b + "]";
            FieldRules.id(out, path + ".id", block.getId(), ids);
            if (block.getStart() != BlockStart.BLOCK_START_SEQUENTIAL && block.getStart() != BlockStart.BLOCK_START_ON_RULE) {
                out.add(path + ".start", block.getStart() == BlockStart.BLOCK_START_UNSPECIFIED ? Problem.MISSING
                        : String.valueOf(block.getStartValue()), "set BLOCK_START_SEQUENTIAL or BLOCK_START_ON_RULE");
            }
            int nc = block.getComponentsCount();
            if (nc == 0) {
                out.missing(path + ".components", "at least one tACS component is required");
            } else if (nc > StimulationPlan.MAX_COMPONENTS) {
                out.add(path + ".components", nc + " components", "at most " + StimulationPlan.MAX_COMPONENTS);
            }
            for (int k = 0; k < nc; k++) {
                component(block.getComponents(k), path + ".components[" + k + "]", electrodes, channels, out);
            }
            FieldRules.seconds(out, path + ".ramp_up_s", block.getRampUpS(), true);
            FieldRules.seconds(out, path + ".ramp_down_s", block.getRampDownS(), true);
            FieldRules.seconds(out, path + ".duration_s", block.getDurationS(), false);
        }
    }

    private static void component(TacsComponent c, String path, Set<String> electrodes, Set<String> channels,
                                  ProblemList out) {
        switch (c.getFrequencyCase()) {
            case FREQUENCY_HZ:
                // the value is judged by the plan check's frequency rule (NaN included)
                break;
            case TRACK_IAF:
                iaf(c.getTrackIaf(), path + ".track_iaf", channels, out);
                break;
            default:
                out.missing(path, "no frequency: set frequency_hz or track_iaf");
        }
        if (c.getElectrodesCount() == 0) {
            out.missing(path + ".electrodes", "no electrode carries this component; list each electrode with its "
                    + "peak_amplitude_ua and phase_deg");
        }
        Set<String> seen = new HashSet<>();
        for (int j = 0; j < c.getElectrodesCount(); j++) {
            ElectrodeDrive d = c.getElectrodes(j);
            String dp = path + ".electrodes[" + j + "]";
            if (!electrodes.contains(d.getElectrode())) {
                out.add(dp + ".electrode", d.getElectrode().isEmpty() ? Problem.MISSING : ProblemList.quoted(d.getElectrode()),
                        "not a stimulation electrode of the montage " + electrodes);
            } else if (!seen.add(d.getElectrode())) {
                out.add(dp + ".electrode", ProblemList.quoted(d.getElectrode()), "listed twice in this component");
            }
            long amplitude = Integer.toUnsignedLong(d.getPeakAmplitudeUa());
            if (amplitude > WaveformComponent.MAX_STRUCTURAL_AMPLITUDE_MICROAMPS) {
                out.add(dp + ".peak_amplitude_ua", Long.toString(amplitude), "is not a plausible amplitude in µA (above "
                        + WaveformComponent.MAX_STRUCTURAL_AMPLITUDE_MICROAMPS + ")");
            }
            if (!Double.isFinite(d.getPhaseDeg())) {
                out.add(dp + ".phase_deg", d.getPhaseDeg(), "must be a finite number of degrees");
            }
        }
    }

    private static void iaf(IafTracking t, String path, Set<String> channels, ProblemList out) {
        // the range's ends are judged by the plan check at both ends; here only its form
        if (!(Double.isFinite(t.getMinHz()) && Double.isFinite(t.getMaxHz()) && t.getMinHz() < t.getMaxHz())) {
            out.add(path, "[" + ProblemList.format(t.getMinHz()) + ", " + ProblemList.format(t.getMaxHz()) + "] Hz",
                    "min_hz must be below max_hz, both finite");
        }
        RuleChecks.channels(out, path + ".channels", t.getChannelsList(), channels);
    }
}
