package org.closedloop.controller.config;

import java.util.BitSet;
import java.util.List;
import org.closedloop.protocol.config.v1.ElectrodeDrive;
import org.closedloop.protocol.config.v1.StimulationBlock;
import org.closedloop.protocol.config.v1.StimulationElectrode;
import org.closedloop.protocol.config.v1.StimulationProtocol;
import org.closedloop.protocol.config.v1.TacsComponent;
import org.closedloop.safety.Violation;
import org.closedloop.safety.plan.PlanChecker;
import org.closedloop.safety.plan.PlanVerdict;

/**
 * Runs the safety module's {@link PlanChecker} on every worst-case plan of every block ({@link BlockPlanMapper}) and
 * reports each {@link Violation} at the protocol field it comes from, with the safety module's own message:
 * {@code blocks[0].components[0].frequency_hz = 200: safety frequency component=0 value=200 Hz limit=150 Hz ...}.
 * No limit is repeated here.
 *
 * <p>Thread safety: stateless; thread safe.
 */
final class SafetyPlanCheck {

    private SafetyPlanCheck() {
    }

    static void check(StimulationProtocol p, ProblemList out) {
        List<BlockPlan> plans = BlockPlanMapper.plans(p, out);
        BitSet checked = new BitSet();
        for (BlockPlan bp : plans) {
            checked.set(bp.blockIndex());
            PlanVerdict verdict = PlanChecker.check(bp.plan());
            for (Violation v : verdict.violations()) {
                report(p, bp, v, out);
            }
        }
        // deny by default: a block that was not checked must carry a reason
        for (int b = 0; b < p.getBlocksCount(); b++) {
            if (!checked.get(b) && !out.hasAtOrBelow("blocks[" + b + "]") && !out.hasAtOrBelow("montage")) {
                out.add("blocks[" + b + "]", "", "could not be checked against the safety limits");
            }
        }
    }

    private static void report(StimulationProtocol p, BlockPlan bp, Violation v, ProblemList out) {
        String block = "blocks[" + bp.blockIndex() + "]";
        StimulationBlock b = p.getBlocks(bp.blockIndex());
        String message = "safety " + v.message();
        String withScale = bp.scaleNote().isEmpty() ? message : message + " (at " + bp.scaleNote() + ")";
        switch (v.rule()) {
            case ELECTRODE_AREA: {
                int e = electrode(v, bp);
                StimulationElectrode se = p.getMontage().getStimulationElectrodes(e);
                out.add("montage.stimulation_electrodes[" + e + "].area_cm2",
                        se.hasAreaCm2() ? ProblemList.format(se.getAreaCm2()) : Problem.MISSING, message);
                return;
            }
            case PEAK_CURRENT:
            case CURRENT_DENSITY:
            case DC_COMPONENT: {
                List<int[]> drives = bp.drives().get(electrode(v, bp));
                if (drives.size() == 1) {
                    int[] kj = drives.get(0);
                    ElectrodeDrive d = b.getComponents(kj[0]).getElectrodes(kj[1]);
                    out.add(block + ".components[" + kj[0] + "].electrodes[" + kj[1] + "].peak_amplitude_ua",
                            Integer.toUnsignedString(d.getPeakAmplitudeUa()), withScale);
                } else {
                    out.add(block, "", withScale);
                }
                return;
            }
            case FREQUENCY: {
                int k = intAfter(v.location(), "component=");
                TacsComponent c = k >= 0 && k < b.getComponentsCount() ? b.getComponents(k) : null;
                if (c == null) {
                    out.add(block, "", message);
                } else if (c.getFrequencyCase() == TacsComponent.FrequencyCase.TRACK_IAF) {
                    double f = bp.iafEnd().equals("min_hz") ? c.getTrackIaf().getMinHz() : c.getTrackIaf().getMaxHz();
                    out.add(block + ".components[" + k + "].track_iaf." + bp.iafEnd(), f, message);
                } else {
                    out.add(block + ".components[" + k + "].frequency_hz", c.getFrequencyHz(), message);
                }
                return;
            }
            case RAMP_RATE:
                if (v.location().contains("rampDown")) {
                    out.add(block + ".ramp_down_s", b.getRampDownS(), withScale);
                } else {
                    out.add(block + ".ramp_up_s", b.getRampUpS(), withScale);
                }
                return;
            case RAMP_DURATION:
            case SESSION_DURATION:
                out.add(block + ".duration_s", b.getDurationS(), message);
                return;
            case SESSION_LIMIT:
                sessionLimit(p, v, message, out);
                return;
            default:
                out.add(block, "", withScale);
        }
    }

    private static void sessionLimit(StimulationProtocol p, Violation v, String message, ProblemList out) {
        var s = p.getSessionLimits();
        if (v.location().contains("maxDuration")) {
            out.add("session_limits.max_duration_s", s.getMaxDurationS(), message);
        } else if (v.location().contains("maxAmplitude")) {
            out.add("session_limits.max_peak_amplitude_ua", Integer.toUnsignedString(s.getMaxPeakAmplitudeUa()), message);
        } else if (v.location().contains("maxCharge")) {
            out.add("session_limits.max_charge_uc", Long.toUnsignedString(s.getMaxChargeUc()), message);
        } else {
            out.add("session_limits", "", message);
        }
    }

    /** The plan (= montage) index of the electrode a violation names ({@code electrode=LABEL}). */
    private static int electrode(Violation v, BlockPlan bp) {
        String label = v.location().startsWith("electrode=") ? v.location().substring("electrode=".length()) : "";
        for (int e = 0; e < bp.plan().electrodeCount(); e++) {
            if (bp.plan().electrodes().get(e).label().equals(label)) {
                return e;
            }
        }
        throw new IllegalStateException("violation " + v + " names no electrode of the plan " + bp.plan());
    }

    private static int intAfter(String s, String key) {
        int i = s.indexOf(key);
        if (i < 0) {
            return -1;
        }
        int end = i + key.length();
        while (end < s.length() && Character.isDigit(s.charAt(end))) {
            end++;
        }
        return end > i + key.length() ? Integer.parseInt(s.substring(i + key.length(), end)) : -1;
    }
}
