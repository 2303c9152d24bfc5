package org.closedloop.controller.config;

import java.util.HashSet;
import java.util.Set;
import org.closedloop.controller.acquisition.AcquisitionConfig;
import org.closedloop.protocol.config.v1.Acquisition;
import org.closedloop.protocol.config.v1.ElectrodeRole;
import org.closedloop.protocol.config.v1.Montage;
import org.closedloop.protocol.config.v1.RecordingChannel;
import org.closedloop.protocol.config.v1.RecordingMode;
import org.closedloop.protocol.config.v1.SessionLimits;
import org.closedloop.protocol.config.v1.StimulationElectrode;
import org.closedloop.protocol.config.v1.StimulationProtocol;
import org.closedloop.protocol.cyton.CytonPacketLayout;
import org.closedloop.protocol.cyton.CytonScaling;
import org.closedloop.safety.plan.StimulationPlan;

/**
 * Structural checks of a protocol's identity, montage, acquisition, recording options and the form of its session
 * limits. Whether the session limits are stricter than the hard limits, and every electrode's contact area, are
 * decided by the safety module's plan check ({@link SafetyPlanCheck}), not here.
 *
 * <p>Thread safety: stateless; thread safe.
 */
final class MontageChecks {

    private static final int MAX_TITLE_CHARS = 200;
    private static final int MAX_TEXT_CHARS = 20_000;

    private MontageChecks() {
    }

    static void check(StimulationProtocol p, ProblemList out) {
        identity(p, out);
        montage(p, out);
        acquisition(p, out);
        recording(p, out);
        sessionLimits(p, out);
    }

    private static void identity(StimulationProtocol p, ProblemList out) {
        FieldRules.id(out, "id", p.getId(), new HashSet<>());
        if (p.getVersion() == 0) {
            out.add("version", "0", "must be >= 1; bump it whenever the protocol changes");
        }
        text(out, "title", p.getTitle(), true, MAX_TITLE_CHARS);
        text(out, "author", p.getAuthor(), true, MAX_TITLE_CHARS);
        text(out, "description", p.getDescription(), false, MAX_TEXT_CHARS);
    }

    private static void text(ProblemList out, String path, String s, boolean required, int maxChars) {
        if (required && s.isBlank()) {
            out.missing(path, "required");
        } else if (s.length() > maxChars) {
            out.add(path, s.length() + " characters", "at most " + maxChars + " characters");
        }
    }

    private static void montage(StimulationProtocol p, ProblemList out) {
        if (!p.hasMontage()) {
            out.missing("montage", "required: the stimulation electrodes and recording channels");
            return;
        }
        Montage m = p.getMontage();
        int n = m.getStimulationElectrodesCount();
        if (n == 0) {
            out.missing("montage.stimulation_electrodes", "at least one stimulation electrode is required");
        } else if (n > StimulationPlan.MAX_ELECTRODES) {
            out.add("montage.stimulation_electrodes", n + " electrodes", "at most " + StimulationPlan.MAX_ELECTRODES);
        }
        Set<String> labels = new HashSet<>();
        for (int i = 0; i < n; i++) {
            StimulationElectrode e = m.getStimulationElectrodes(i);
            String path = "montage.stimulation_electrodes[" + i + "]";
            FieldRules.label(out, path + ".label", e.getLabel(), labels);
            if (e.getRole() != ElectrodeRole.ELECTRODE_ROLE_ACTIVE && e.getRole() != ElectrodeRole.ELECTRODE_ROLE_RETURN) {
                out.add(path + ".role", e.getRole() == ElectrodeRole.ELECTRODE_ROLE_UNSPECIFIED ? Problem.MISSING
                        : String.valueOf(e.getRoleValue()), "set ELECTRODE_ROLE_ACTIVE or ELECTRODE_ROLE_RETURN");
            }
            // area_cm2: deliberately not checked here; the plan check's electrode_area rule reports a missing,
            // zero, negative or non-finite area for every stimulating electrode
        }
        Set<Integer> boardChannels = new HashSet<>();
        Set<String> channelLabels = new HashSet<>();
        for (int i = 0; i < m.getRecordingChannelsCount(); i++) {
            RecordingChannel c = m.getRecordingChannels(i);
            String path = "montage.recording_channels[" + i + "]";
            long ch = Integer.toUnsignedLong(c.getBoardChannel());
            if (ch < 1 || ch > CytonPacketLayout.CHANNELS) {
                out.add(path + ".board_channel", Long.toString(ch), "must be 1-" + CytonPacketLayout.CHANNELS
                        + " (the board's channel numbers)");
            } else if (!boardChannels.add((int) ch)) {
                out.add(path + ".board_channel", Long.toString(ch), "used twice; each board channel records one electrode");
            }
            FieldRules.label(out, path + ".label", c.getLabel(), channelLabels);
            if (CytonScaling.codeForGain(c.getGain()) < 0) {
                out.add(path + ".gain", Integer.toUnsignedString(c.getGain()), "must be 1, 2, 4, 6, 8, 12 or 24");
            }
        }
    }

    private static void acquisition(StimulationProtocol p, ProblemList out) {
        if (!p.hasAcquisition()) {
            out.missing("acquisition", "required: sample_rate_hz and line_noise_hz");
            return;
        }
        Acquisition a = p.getAcquisition();
        if (AcquisitionConfig.sampleRateCode(a.getSampleRateHz()) < 0) {
            out.add("acquisition.sample_rate_hz", Integer.toUnsignedString(a.getSampleRateHz()),
                    "must be one of 250 (RF dongle), 500, 1000, 2000, 4000, 8000, 16000");
        }
        if (a.getLineNoiseHz() != 50 && a.getLineNoiseHz() != 60) {
            out.add("acquisition.line_noise_hz", Integer.toUnsignedString(a.getLineNoiseHz()),
                    "must be 50 or 60 (the mains frequency at the bench)");
        }
    }

    private static void recording(StimulationProtocol p, ProblemList out) {
        RecordingMode mode = p.getRecording().getMode();
        if (mode == RecordingMode.RECORDING_MODE_RAW_AND_FEATURES) {
            if (p.getMontage().getRecordingChannelsCount() == 0) {
                out.add("recording.mode", mode.name(), "there are no montage.recording_channels to record");
            }
        } else if (mode == RecordingMode.RECORDING_MODE_FEATURES_ONLY) {
            if (p.getFeaturesCount() == 0) {
                out.add("recording.mode", mode.name(), "there are no features to record; define some or record raw");
            }
        } else {
            out.add("recording.mode", mode == RecordingMode.RECORDING_MODE_UNSPECIFIED ? Problem.MISSING
                    : String.valueOf(p.getRecording().getModeValue()),
                    "set RECORDING_MODE_RAW_AND_FEATURES or RECORDING_MODE_FEATURES_ONLY");
        }
    }

    private static void sessionLimits(StimulationProtocol p, ProblemList out) {
        SessionLimits s = p.getSessionLimits();
        if (s.hasMaxDurationS() && !(Double.isFinite(s.getMaxDurationS()) && s.getMaxDurationS() > 0)) {
            out.add("session_limits.max_duration_s", s.getMaxDurationS(), "must be a finite number of seconds > 0");
        }
        if (s.hasMaxPeakAmplitudeUa() && s.getMaxPeakAmplitudeUa() == 0) {
            out.add("session_limits.max_peak_amplitude_ua", "0", "must be > 0 (leave it out for the hard limit)");
        }
        if (s.hasMaxChargeUc() && s.getMaxChargeUc() == 0) {
            out.add("session_limits.max_charge_uc", "0", "must be > 0 (leave it out for the hard limit)");
        }
    }
}
