package org.closedloop.controller.config;

import java.util.ArrayList;
import java.util.List;
import org.closedloop.protocol.config.v1.ClosedLoopRule;
import org.closedloop.protocol.config.v1.ElectrodeDrive;
import org.closedloop.protocol.config.v1.RuleAction;
import org.closedloop.protocol.config.v1.StimulationBlock;
import org.closedloop.protocol.config.v1.StimulationElectrode;
import org.closedloop.protocol.config.v1.StimulationProtocol;
import org.closedloop.protocol.config.v1.TacsComponent;
import org.closedloop.safety.plan.StimulationPlan;

/**
 * The concrete {@link StimulationPlan} a session arms for one block of a validated protocol: the subject's code, and
 * for a {@code track_iaf} component the individual alpha frequency measured before arming, clamped into the
 * component's range (the validator approved both ends of that range). Every montage electrode is in the plan (those
 * a component does not drive carry 0 µA), exactly as the validator checked it.
 *
 * <p>Thread safety: stateless; thread safe.
 */
public final class SessionPlans {
    private SessionPlans() {
    }

    /**
     * What a session can run: one stimulation block (started by a rule, or at once after arming) and rules that
     * start it, start it at a phase, or stop it.
     *
     * @return the problems, each naming the field; empty if the session can run the protocol
     */
    public static List<String> unsupported(StimulationProtocol p) {
        List<String> out = new ArrayList<>();
        if (p.getBlocksCount() != 1) {
            out.add("blocks: " + p.getBlocksCount() + " blocks; this controller runs protocols of exactly one block "
                    + "per session (split the protocol, or run its blocks as separate sessions)");
        }
        for (int r = 0; r < p.getRulesCount(); r++) {
            if (p.getRules(r).getAction().getKindCase() == RuleAction.KindCase.SCALE_AMPLITUDE) {
                out.add("rules[" + r + "].action.scale_amplitude: amplitude scaling is not supported by the stimulation "
                        + "loop yet; the session refuses the protocol rather than ignore the rule");
            }
        }
        return out;
    }

    /** Whether a rule starts the block (else it starts once the session is armed). */
    public static boolean startedByRule(StimulationProtocol p, int block) {
        String id = p.getBlocks(block).getId();
        for (ClosedLoopRule r : p.getRulesList()) {
            RuleAction a = r.getAction();
            if (a.hasStartBlock() && id.equals(a.getStartBlock().getBlockId())
                    || a.hasStartBlockAtPhase() && id.equals(a.getStartBlockAtPhase().getBlockId())) {
                return true;
            }
        }
        return p.getBlocks(block).getStart() == org.closedloop.protocol.config.v1.BlockStart.BLOCK_START_ON_RULE;
    }

    /**
     * The plan for block {@code block}.
     *
     * @param iafHz the measured individual alpha frequency, used (clamped to the range) by {@code track_iaf}
     *              components; NaN uses the middle of each range
     * @throws IllegalArgumentException naming the field if the block cannot be made into a plan
     */
    public static StimulationPlan plan(StimulationProtocol p, int block, String subjectCode, double iafHz) {
        List<StimulationElectrode> montage = p.getMontage().getStimulationElectrodesList();
        StimulationBlock b = p.getBlocks(block);
        StimulationPlan.Builder builder = StimulationPlan.builder(subjectCode);
        int n = montage.size();
        for (StimulationElectrode se : montage) {
            BlockPlanMapper.addElectrode(builder, se.getLabel(), se);
        }
        for (int k = 0; k < b.getComponentsCount(); k++) {
            TacsComponent c = b.getComponents(k);
            int[] amplitude = new int[n];
            double[] phase = new double[n];
            for (int j = 0; j < c.getElectrodesCount(); j++) {
                ElectrodeDrive d = c.getElectrodes(j);
                int e = indexOf(montage, d.getElectrode());
                if (e < 0) {
                    throw new IllegalArgumentException("blocks[" + block + "].components[" + k + "].electrodes[" + j
                            + "].electrode=" + d.getElectrode() + ": not a stimulation electrode of the montage");
                }
                amplitude[e] = (int) Math.min(Integer.MAX_VALUE, Integer.toUnsignedLong(d.getPeakAmplitudeUa()));
                phase[e] = d.getPhaseDeg();
            }
            builder.component(frequency(c, iafHz), amplitude, phase);
        }
        return BlockPlanMapper.blockSettings(builder, p, b, BlockPlanMapper.sessionLimits(p.getSessionLimits())).build();
    }

    /** The frequency a component runs at: fixed, or the IAF clamped into its tracking range. */
    public static double frequency(TacsComponent c, double iafHz) {
        if (c.getFrequencyCase() == TacsComponent.FrequencyCase.FREQUENCY_HZ) {
            return c.getFrequencyHz();
        }
        double lo = c.getTrackIaf().getMinHz();
        double hi = c.getTrackIaf().getMaxHz();
        if (Double.isNaN(iafHz)) {
            return (lo + hi) / 2;
        }
        return Math.max(lo, Math.min(hi, iafHz));
    }

    private static int indexOf(List<StimulationElectrode> montage, String label) {
        for (int i = 0; i < montage.size(); i++) {
            if (montage.get(i).getLabel().equals(label)) {
                return i;
            }
        }
        return -1;
    }
}
