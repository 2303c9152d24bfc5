package org.closedloop.sim.cyton;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CytonCommandParserTest {
    private final List<CytonCommand> commands = new ArrayList<>();
    private final CytonCommandParser parser = new CytonCommandParser(commands::add);

    private void feed(String text, long nowNs) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        parser.feed(bytes, 0, bytes.length, nowNs);
    }

    @Test
    void shouldParseSingleCharacterCommands() {
        feed("vdbsV", 0);
        assertEquals(List.of(CytonCommand.Plain.SOFT_RESET, CytonCommand.Plain.CHANNEL_DEFAULTS,
                CytonCommand.Plain.START_STREAMING, CytonCommand.Plain.STOP_STREAMING,
                CytonCommand.Plain.QUERY_VERSION), commands);
    }

    @Test
    void shouldParseChannelPowerCommands() {
        feed("18!*", 0);
        assertEquals(List.of(new CytonCommand.SetChannelPower(1, false), new CytonCommand.SetChannelPower(8, false),
                new CytonCommand.SetChannelPower(1, true), new CytonCommand.SetChannelPower(8, true)), commands);
    }

    @Test
    void shouldParseAChannelSettingByteByByte() {
        for (char c : "x3150101X".toCharArray()) {
            feed(String.valueOf(c), 0);
        }
        assertEquals(List.of(new CytonCommand.SetChannel(3, new ChannelSettings(true, 5, 0, true, false, true))),
                commands);
    }

    @Test
    void shouldIgnoreUnknownBytesAndConsumeArgumentsOfIgnoredTwoByteCommands() {
        feed("yK\u0000\u00ff/2`3", 0);
        assertEquals(List.of(), commands, "'2' and '3' are arguments, not channel-off commands");
        assertTrue(parser.isIdle());
    }

    @Test
    void shouldReportTooFewCharsOnAnEarlyLatch() {
        feed("x102000Xb", 0);
        assertEquals(List.of(new CytonCommand.Failure("too few chars"), CytonCommand.Plain.START_STREAMING),
                commands);
    }

    @Test
    void shouldReportAMissingLatch() {
        feed("x1020000Vs", 0);
        assertEquals(List.of(new CytonCommand.Failure("Err: 9th char not X"), CytonCommand.Plain.STOP_STREAMING),
                commands);
    }

    @Test
    void shouldNameTheFirstValueOutOfRange() {
        feed("x1090110X", 0);
        feed("x1\u00016", 0);
        feed("0110X", 0);
        assertEquals(List.of(new CytonCommand.Failure("Err: gain '9' out of range 0-6"),
                new CytonCommand.Failure("Err: power '\\x01' out of range 0-1")), commands);
    }

    @Test
    void shouldParseSampleRateCommands() {
        feed("~~~0~6~7~a", 0);
        assertEquals(List.of(CytonCommand.Plain.QUERY_SAMPLE_RATE, new CytonCommand.SetSampleRate(0),
                new CytonCommand.SetSampleRate(6), new CytonCommand.Failure("sample value out of bounds"),
                new CytonCommand.Failure("invalid sample value")), commands);
    }

    @Test
    void shouldParseLeadOff() {
        feed("z801Zz1Zz1012", 0);
        assertEquals(List.of(new CytonCommand.SetLeadOff(8), new CytonCommand.Failure("too few chars"),
                new CytonCommand.Failure("Err: 5th char not Z")), commands);
    }

    @Test
    void shouldTimeOutAHalfReceivedCommandAndThenTreatBytesAsNew() {
        long second = 1_000_000_000L;
        feed("x12", 0);
        parser.tick(second - 1);
        assertEquals(List.of(), commands);
        feed("b", second);
        assertEquals(List.of(CytonCommand.Plain.TIMEOUT, CytonCommand.Plain.START_STREAMING), commands);
    }

    @Test
    void shouldForgetAHalfCommandOnReset() {
        feed("x12", 0);
        parser.reset();
        feed("s", 0);
        assertEquals(List.of(CytonCommand.Plain.STOP_STREAMING), commands);
    }
}
