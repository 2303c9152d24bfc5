package org.closedloop.controller.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.UnaryOperator;
import org.closedloop.protocol.config.ProtocolCodec;
import org.closedloop.protocol.config.v1.BlockStart;
import org.closedloop.protocol.config.v1.ClosedLoopRule;
import org.closedloop.protocol.config.v1.RuleAction;
import org.closedloop.protocol.config.v1.ScaleAmplitude;
import org.closedloop.protocol.config.v1.StimulationBlock;
import org.closedloop.protocol.config.v1.StimulationProtocol;
import org.closedloop.protocol.config.v1.TacsComponent;
import org.closedloop.protocol.config.v1.ThresholdCondition;
import org.closedloop.safety.SafetyLimits;
import org.junit.jupiter.api.Test;

/**
 * Each check at its boundary and one step beyond, starting from a valid example. Limits are read from
 * {@link SafetyLimits}, so these tests follow the safety module if a limit changes.
 */
class ProtocolValidatorTest {

    private static StimulationProtocol openLoop() throws Exception {
        return ExampleProtocolsTest.example("open-loop-10hz.textproto");
    }

    private static StimulationProtocol closedLoop() throws Exception {
        return ExampleProtocolsTest.example("closed-loop-alpha-phase.textproto");
    }

    private static StimulationProtocol withBlock(StimulationProtocol p, UnaryOperator<StimulationBlock.Builder> edit) {
        return p.toBuilder().setBlocks(0, edit.apply(p.getBlocks(0).toBuilder())).build();
    }

    private static StimulationProtocol withComponent(StimulationProtocol p, UnaryOperator<TacsComponent.Builder> edit) {
        return withBlock(p, b -> b.setComponents(0, edit.apply(b.getComponents(0).toBuilder())));
    }

    private static List<String> problems(StimulationProtocol p) {
        return ProtocolValidator.validate(p).stream().map(Problem::toString).toList();
    }

    private static void assertValid(StimulationProtocol p) {
        List<String> problems = problems(p);
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    /** Exactly one problem, starting with {@code expected}. */
    private static void assertOnly(StimulationProtocol p, String expected) {
        List<String> problems = problems(p);
        assertEquals(1, problems.size(), String.join("\n", problems));
        assertTrue(problems.get(0).startsWith(expected), problems.get(0));
    }

    @Test
    void shouldReportTheFrequencyAtItsFieldPathAtTheLimitAndOneStepBeyond() throws Exception {
        assertValid(withComponent(openLoop(), c -> c.setFrequencyHz(SafetyLimits.MAX_FREQUENCY_HZ)));
        assertOnly(withComponent(openLoop(), c -> c.setFrequencyHz(SafetyLimits.MAX_FREQUENCY_HZ + 0.5)),
                "blocks[0].components[0].frequency_hz = 150.5: safety frequency component=0 value=150.5 Hz limit=150 Hz");
        assertValid(withComponent(openLoop(), c -> c.setFrequencyHz(SafetyLimits.MIN_FREQUENCY_HZ)));
        assertOnly(withComponent(openLoop(), c -> c.setFrequencyHz(0.4)),
                "blocks[0].components[0].frequency_hz = 0.4: safety frequency");
        assertOnly(withComponent(openLoop(), c -> c.setFrequencyHz(Double.NaN)),
                "blocks[0].components[0].frequency_hz = NaN: safety frequency");
    }

    @Test
    void shouldReportTheFrequencyOfTheSecondBlockAsInTheIssue() throws Exception {
        StimulationProtocol p = openLoop();
        StimulationBlock second = p.getBlocks(0).toBuilder().setId("second")
                .setComponents(0, p.getBlocks(0).getComponents(0).toBuilder().setFrequencyHz(300)).build();
        List<String> problems = problems(p.toBuilder().addBlocks(second).build());
        assertEquals(1, problems.size(), String.join("\n", problems));
        assertTrue(problems.get(0).startsWith("blocks[1].components[0].frequency_hz = 300: safety frequency "
                + "component=0 value=300 Hz limit=150 Hz"), problems.get(0));
    }

    @Test
    void shouldCheckBothEndsOfATrackedIafRange() throws Exception {
        StimulationProtocol p = closedLoop();
        assertValid(withComponent(p, c -> c.setTrackIaf(c.getTrackIaf().toBuilder().setMaxHz(150))));
        assertOnly(withComponent(p, c -> c.setTrackIaf(c.getTrackIaf().toBuilder().setMaxHz(151))),
                "blocks[0].components[0].track_iaf.max_hz = 151: safety frequency");
        assertOnly(withComponent(p, c -> c.setTrackIaf(c.getTrackIaf().toBuilder().setMinHz(0.25))),
                "blocks[0].components[0].track_iaf.min_hz = 0.25: safety frequency");
        assertOnly(withComponent(p, c -> c.setTrackIaf(c.getTrackIaf().toBuilder().setMinHz(13))),
                "blocks[0].components[0].track_iaf = [13, 12] Hz: min_hz must be below max_hz");
    }

    @Test
    void shouldReportPeakCurrentAtTheLimitAndOneMicroampBeyond() throws Exception {
        int max = SafetyLimits.MAX_ELECTRODE_CURRENT_MICROAMPS;
        StimulationProtocol noSessionLimit = openLoop().toBuilder().clearSessionLimits().build();
        // 2000 µA needs a ramp of at least 1 s at 2 mA/s; the example's are 10 s
        assertValid(withComponent(noSessionLimit, c -> c.setElectrodes(0, c.getElectrodes(0).toBuilder().setPeakAmplitudeUa(max))
                .setElectrodes(1, c.getElectrodes(1).toBuilder().setPeakAmplitudeUa(max))));
        List<String> problems = problems(withComponent(noSessionLimit, c -> c
                .setElectrodes(0, c.getElectrodes(0).toBuilder().setPeakAmplitudeUa(max + 1))
                .setElectrodes(1, c.getElectrodes(1).toBuilder().setPeakAmplitudeUa(max + 1))));
        assertEquals(List.of(
                "blocks[0].components[0].electrodes[0].peak_amplitude_ua = 2001: safety peak_current electrode=Cz value=2001 µA limit=2000 µA",
                "blocks[0].components[0].electrodes[1].peak_amplitude_ua = 2001: safety peak_current electrode=Oz value=2001 µA limit=2000 µA"),
                problems);
    }

    @Test
    void shouldApplyStricterSessionLimitsThroughThePlanCheck() throws Exception {
        StimulationProtocol p = openLoop(); // max_peak_amplitude_ua: 1000, max_duration_s: 1200
        assertValid(withComponent(p, c -> c.setElectrodes(0, c.getElectrodes(0).toBuilder().setPeakAmplitudeUa(1000))
                .setElectrodes(1, c.getElectrodes(1).toBuilder().setPeakAmplitudeUa(1000))));
        List<String> problems = problems(withBlock(p, b -> b.setDurationS(1200.5)));
        assertEquals(List.of("blocks[0].duration_s = 1200.5: safety session_duration field=durationNs value=1200.5 s limit=1200 s"),
                problems);
    }

    @Test
    void shouldRefuseSessionLimitsLooserThanTheHardLimits() throws Exception {
        double maxS = SafetyLimits.MAX_SESSION_STIMULATION_MINUTES * 60.0;
        StimulationProtocol p = openLoop();
        assertValid(p.toBuilder().setSessionLimits(p.getSessionLimits().toBuilder().setMaxDurationS(maxS)
                .setMaxPeakAmplitudeUa(SafetyLimits.MAX_ELECTRODE_CURRENT_MICROAMPS)
                .setMaxChargeUc(SafetyLimits.MAX_SESSION_CHARGE_MILLICOULOMBS * 1000L)).build());
        List<String> problems = problems(p.toBuilder().setSessionLimits(p.getSessionLimits().toBuilder()
                .setMaxDurationS(maxS + 1).setMaxPeakAmplitudeUa(SafetyLimits.MAX_ELECTRODE_CURRENT_MICROAMPS + 1)
                .setMaxChargeUc(SafetyLimits.MAX_SESSION_CHARGE_MILLICOULOMBS * 1000L + 1)).build());
        assertEquals(3, problems.size(), String.join("\n", problems));
        assertTrue(problems.get(0).startsWith("session_limits.max_duration_s = 2401: safety session_limit"), problems.get(0));
        assertTrue(problems.get(1).startsWith("session_limits.max_peak_amplitude_ua = 2001: safety session_limit"), problems.get(1));
        assertTrue(problems.get(2).startsWith("session_limits.max_charge_uc = 7200001: safety session_limit"), problems.get(2));
        assertOnly(p.toBuilder().setSessionLimits(p.getSessionLimits().toBuilder().setMaxPeakAmplitudeUa(0)).build(),
                "session_limits.max_peak_amplitude_ua = 0: must be > 0");
    }

    @Test
    void shouldReportRampRateAtTheLimitAndBeyond() throws Exception {
        // 750 µA at 2000 µA/s needs 0.375 s
        assertValid(withBlock(openLoop(), b -> b.setRampUpS(0.375).setRampDownS(0.375)));
        assertOnly(withBlock(openLoop(), b -> b.setRampUpS(0.374)),
                "blocks[0].ramp_up_s = 0.374: safety ramp_rate field=rampUpNs");
        assertOnly(withBlock(openLoop(), b -> b.setRampDownS(-1)), "blocks[0].ramp_down_s = -1: must be a finite number");
    }

    @Test
    void shouldCheckAScaledBlockAtItsMaximumFactor() throws Exception {
        // 500 µA per electrode; ramps of 1 s so that 4 x 500 µA stays within the ramp-rate limit
        StimulationProtocol p = withBlock(closedLoop().toBuilder().clearSessionLimits().build(),
                b -> b.setRampUpS(1).setRampDownS(1));
        ClosedLoopRule.Builder scale = p.getRules(0).toBuilder().setId("scale-up")
                .setAction(RuleAction.newBuilder().setScaleAmplitude(ScaleAmplitude.newBuilder()
                        .setBlockId("alpha-burst").setStepFactor(1.1).setMinFactor(0.5).setMaxFactor(4)));
        assertValid(p.toBuilder().addRules(scale).build());
        List<String> problems = problems(p.toBuilder().addRules(scale.setAction(scale.getActionBuilder()
                .setScaleAmplitude(scale.getAction().getScaleAmplitude().toBuilder().setMaxFactor(4.002)))).build());
        assertTrue(problems.size() >= 2, String.join("\n", problems));
        assertTrue(problems.get(0).startsWith("blocks[0].components[0].electrodes[0].peak_amplitude_ua = 500: safety "
                + "peak_current electrode=Cz value=2001 µA limit=2000 µA (at rules[2].action.scale_amplitude.max_factor = 4.002)"),
                problems.get(0));
    }

    @Test
    void shouldReportAMissingAreaAndAnElectrodeOutsideTheMontage() throws Exception {
        StimulationProtocol p = openLoop();
        StimulationProtocol noArea = p.toBuilder().setMontage(p.getMontage().toBuilder()
                .setStimulationElectrodes(1, p.getMontage().getStimulationElectrodes(1).toBuilder().clearAreaCm2())).build();
        assertOnly(noArea, "montage.stimulation_electrodes[1].area_cm2 = (missing): safety electrode_area electrode=Oz");
        // the unknown electrode is left out of the plan, so the remaining current no longer cancels: both are reported
        assertEquals(List.of(
                "blocks[0].components[0].electrodes[1].electrode = \"O2\": not a stimulation electrode of the montage [Cz, Oz]",
                "blocks[0]: safety net_current plan value=750 µA limit=10 µA (electrode currents must cancel at every instant)"),
                problems(withComponent(p, c -> c.setElectrodes(1, c.getElectrodes(1).toBuilder().setElectrode("O2")))));
    }

    @Test
    void shouldCheckRecordingChannelsAndAcquisitionAtTheirBoundaries() throws Exception {
        StimulationProtocol p = openLoop();
        for (int ch : new int[] {0, 9}) {
            assertOnly(p.toBuilder().setMontage(p.getMontage().toBuilder().setRecordingChannels(0,
                    p.getMontage().getRecordingChannels(0).toBuilder().setBoardChannel(ch))).build(),
                    "montage.recording_channels[0].board_channel = " + ch + ": must be 1-8");
        }
        assertValid(p.toBuilder().setMontage(p.getMontage().toBuilder().setRecordingChannels(0,
                p.getMontage().getRecordingChannels(0).toBuilder().setBoardChannel(8))).build());
        for (int gain : new int[] {1, 2, 4, 6, 8, 12, 24}) {
            assertValid(p.toBuilder().setMontage(p.getMontage().toBuilder().setRecordingChannels(0,
                    p.getMontage().getRecordingChannels(0).toBuilder().setGain(gain))).build());
        }
        assertOnly(p.toBuilder().setMontage(p.getMontage().toBuilder().setRecordingChannels(0,
                p.getMontage().getRecordingChannels(0).toBuilder().setGain(16))).build(),
                "montage.recording_channels[0].gain = 16: must be 1, 2, 4, 6, 8, 12 or 24");
        assertOnly(p.toBuilder().setAcquisition(p.getAcquisition().toBuilder().setSampleRateHz(300)).build(),
                "acquisition.sample_rate_hz = 300: must be one of 250");
        assertValid(p.toBuilder().setAcquisition(p.getAcquisition().toBuilder().setLineNoiseHz(60)).build());
        assertOnly(p.toBuilder().setAcquisition(p.getAcquisition().toBuilder().setLineNoiseHz(0)).build(),
                "acquisition.line_noise_hz = 0: must be 50 or 60");
    }

    @Test
    void shouldCheckHysteresisInBothDirectionsAndAcceptEqualThresholds() throws Exception {
        StimulationProtocol p = closedLoop();
        ThresholdCondition c0 = p.getRules(0).getCondition(); // ABOVE, enter 0.35
        assertValid(p.toBuilder().setRules(0, p.getRules(0).toBuilder().setCondition(c0.toBuilder().setExitThreshold(0.35))).build());
        assertOnly(p.toBuilder().setRules(0, p.getRules(0).toBuilder().setCondition(c0.toBuilder().setExitThreshold(0.36))).build(),
                "rules[0].condition.exit_threshold = 0.36: hysteresis inverted: for DIRECTION_ABOVE");
        ThresholdCondition c1 = p.getRules(1).getCondition(); // BELOW, enter 0.20
        assertOnly(p.toBuilder().setRules(1, p.getRules(1).toBuilder().setCondition(c1.toBuilder().setExitThreshold(0.19))).build(),
                "rules[1].condition.exit_threshold = 0.19: hysteresis inverted: for DIRECTION_BELOW");
        assertOnly(p.toBuilder().setRules(0, p.getRules(0).toBuilder().setCondition(c0.toBuilder().setEnterThreshold(1.5)
                .setExitThreshold(0.9))).build(), "rules[0].condition.enter_threshold = 1.5: relative power is a fraction");
    }

    @Test
    void shouldResolveEveryReferenceOfTheRules() throws Exception {
        StimulationProtocol p = closedLoop();
        List<String> problems = problems(p.toBuilder()
                .setRules(0, p.getRules(0).toBuilder().setFeatureId("alpha-phase-pz"))
                .setRules(1, p.getRules(1).toBuilder().setAction(RuleAction.newBuilder()
                        .setStopBlock(p.getRules(1).getAction().getStopBlock().toBuilder().setBlockId("nope"))))
                .build());
        assertEquals(List.of(
                "rules[0].feature_id = \"alpha-phase-pz\": a condition needs a band_power feature; a phase is used by start_block_at_phase",
                "rules[1].action.stop_block.block_id = \"nope\": not the id of a block; blocks: [alpha-burst]"), problems);
    }

    @Test
    void shouldRequireThatRulesStartOnlyBlocksWaitingForThem() throws Exception {
        StimulationProtocol p = closedLoop();
        assertOnly(p.toBuilder().removeRules(0).build(), "blocks[0].start = BLOCK_START_ON_RULE: no rule starts this block");
        assertOnly(withBlock(p, b -> b.setStart(BlockStart.BLOCK_START_SEQUENTIAL)),
                "rules[0].action.start_block_at_phase.block_id = \"alpha-burst\": this block runs BLOCK_START_SEQUENTIAL");
    }

    @Test
    void shouldListEveryProblemOfAnEmptyProtocolWithoutFailing() throws Exception {
        List<String> problems = problems(StimulationProtocol.getDefaultInstance());
        assertEquals(List.of(
                "id = (missing): required; use 1-64 characters of [a-z0-9._-], starting with a letter or digit",
                "version = 0: must be >= 1; bump it whenever the protocol changes",
                "title = (missing): required",
                "author = (missing): required",
                "montage = (missing): required: the stimulation electrodes and recording channels",
                "acquisition = (missing): required: sample_rate_hz and line_noise_hz",
                "recording.mode = (missing): set RECORDING_MODE_RAW_AND_FEATURES or RECORDING_MODE_FEATURES_ONLY",
                "blocks = (missing): at least one stimulation block is required"), problems);
    }

    @Test
    void shouldReadNanFromTextAndRefuseIt() throws Exception {
        String text = ProtocolCodec.toText(openLoop()).replace("frequency_hz: 10.0", "frequency_hz: nan");
        assertFalse(text.equals(ProtocolCodec.toText(openLoop())), "the replacement must hit");
        assertOnly(ProtocolCodec.parseText(text), "blocks[0].components[0].frequency_hz = NaN: safety frequency");
    }
}
