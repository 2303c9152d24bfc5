package org.closedloop.controller.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.closedloop.protocol.config.ProtocolCodec;
import org.closedloop.protocol.config.v1.StimulationProtocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExampleProtocolsTest {

    static final Path EXAMPLES = Path.of("..", "examples");

    static StimulationProtocol example(String name) throws Exception {
        return ProtocolCodec.readFile(EXAMPLES.resolve(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"open-loop-10hz.textproto", "open-loop-10hz-sham.textproto",
            "closed-loop-alpha-phase.textproto", "motor-cortex-stroke.textproto"})
    void shouldValidateEveryGoodExample(String name) throws Exception {
        List<Problem> problems = ProtocolValidator.validate(example(name));
        assertTrue(problems.isEmpty(), name + ":\n" + lines(problems));
    }

    @Test
    void shouldMakeTheShamTwinDifferOnlyInIdentityAndShamFlag() throws Exception {
        StimulationProtocol active = example("open-loop-10hz.textproto");
        StimulationProtocol sham = example("open-loop-10hz-sham.textproto");
        assertTrue(sham.getBlocks(0).getSham());
        StimulationProtocol shamAsActive = sham.toBuilder().setId(active.getId()).setTitle(active.getTitle())
                .setDescription(active.getDescription())
                .setBlocks(0, sham.getBlocks(0).toBuilder().setId(active.getBlocks(0).getId()).setSham(false))
                .build();
        assertEquals(active, shamAsActive, "the sham twin must match the active protocol in everything the subject feels");
    }

    @Test
    void shouldListEveryProblemOfTheHostileExampleAtOnce() throws Exception {
        List<Problem> problems = ProtocolValidator.validate(example("hostile.textproto"));
        String all = lines(problems);
        String[] expected = {
            // structural, the controller's own
            "montage.recording_channels[0].board_channel = 9: must be 1-8",
            "montage.recording_channels[0].gain = 3: must be 1, 2, 4, 6, 8, 12 or 24",
            "acquisition.line_noise_hz = 55: must be 50 or 60",
            "blocks[0].components[0].electrodes[2].electrode = \"T7\": not a stimulation electrode of the montage [F3, F4]",
            "rules[0].condition.exit_threshold = 20: hysteresis inverted",
            // safety, from the safety module's plan check
            "montage.stimulation_electrodes[0].area_cm2 = (missing): safety electrode_area electrode=F3",
            "blocks[0].components[0].electrodes[0].peak_amplitude_ua = 3000: safety peak_current electrode=F3 value=3000 µA limit=2000 µA",
            "blocks[0].components[0].electrodes[1].peak_amplitude_ua = 3000: safety peak_current electrode=F4 value=3000 µA limit=2000 µA",
            "blocks[0].components[0].frequency_hz = 200: safety frequency component=0 value=200 Hz limit=150 Hz",
            "blocks[0].ramp_up_s = 0: safety ramp_rate field=rampUpNs value=Infinity µA/s limit=2000 µA/s",
            "blocks[0].ramp_down_s = 0: safety ramp_rate field=rampDownNs value=Infinity µA/s limit=2000 µA/s",
            "session_limits.max_peak_amplitude_ua = 5000: safety session_limit field=maxAmplitudeMicroAmps value=5000 µA limit=2000 µA",
        };
        for (String e : expected) {
            assertTrue(problems.stream().anyMatch(p -> p.toString().startsWith(e)), "missing: " + e + "\nin:\n" + all);
        }
        // nothing else: every problem is one the author must fix, none is reported twice
        assertEquals(expected.length, problems.size(), all);
    }

    static String lines(List<Problem> problems) {
        return problems.stream().map(Problem::toString).collect(Collectors.joining("\n"));
    }
}
