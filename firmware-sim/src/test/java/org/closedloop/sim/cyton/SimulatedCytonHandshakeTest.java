package org.closedloop.sim.cyton;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.closedloop.sim.pty.SlaveTerminal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The command/reply handshake over a real pty, byte for byte. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class SimulatedCytonHandshakeTest {
    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(3);
    private static final String BANNER = "OpenBCI V3 8-16 channel\nOn Board ADS1299 Device ID: 0x3E\n"
            + "LIS3DH Device ID: 0x33\nFirmware: v3.1.2\nclosedloop firmware-sim: SYNTHETIC DATA\n$$$";

    private SimulatedCytonBoard board;
    private SlaveTerminal port;

    @BeforeEach
    void start() throws IOException {
        board = SimulatedCytonBoard.start(CytonSimConfig.defaults());
        port = SlaveTerminal.open(board.devicePath());
    }

    @AfterEach
    void stop() {
        port.close();
        board.close();
    }

    private String ask(String command) throws IOException {
        port.write(command);
        return port.readUntil("$$$", REPLY_TIMEOUT);
    }

    @Test
    void shouldAnswerSoftResetWithTheBannerLabelledSynthetic() throws IOException {
        assertEquals(BANNER, ask("v"));
        assertFalse(board.isStreaming());
    }

    @Test
    void shouldLetAJsscStyleControllerReopenThePort() throws IOException {
        port.setExclusive(); // jssc does this on every open
        assertEquals(BANNER, ask("v"));
        assertFalse(port.isExclusive(), "cleared by the board, else a non-root controller gets EBUSY on reopen");
    }

    @Test
    void shouldResetChannelsOnD() throws IOException {
        assertEquals("updating channel settings to default$$$", ask("d"));
    }

    @Test
    void shouldAcceptChannelSettings() throws IOException {
        assertEquals("Success: Channel set for 1$$$", ask("x1060110X"));
        assertEquals("Success: Channel set for 8$$$", ask("x8100000X"));
    }

    @Test
    void shouldRejectMalformedChannelSettingsNamingTheProblem() throws IOException {
        assertEquals("Failure: too few chars$$$", ask("x10601X"));
        assertEquals("Failure: Err: 9th char not X$$$", ask("x1060110Y"));
        assertEquals("Failure: Err: channel '9' out of range 1-8$$$", ask("x9060110X"));
        assertEquals("Failure: Err: gain '7' out of range 0-6$$$", ask("x1070110X"));
        assertEquals("Failure: Err: input '8' out of range 0-7$$$", ask("x1068110X"));
        assertEquals("Failure: Err: srb1 '2' out of range 0-1$$$", ask("x1060112X"));
        // the board is still in sync afterwards
        assertEquals("Success: Channel set for 2$$$", ask("x2060110X"));
    }

    @Test
    void shouldSetAndReportTheSampleRate() throws IOException {
        assertEquals("Success: Sample rate is 250Hz$$$", ask("~~"));
        assertEquals("Success: Sample rate is 1000Hz$$$", ask("~4"));
        assertEquals(1000, board.sampleRateHz());
        assertEquals("Success: Sample rate is 1000Hz$$$", ask("~~"));
        assertEquals("Success: Sample rate is 16000Hz$$$", ask("~0"));
        assertEquals("Success: Sample rate is 250Hz$$$", ask("~6"));
        assertEquals("Failure: sample value out of bounds$$$", ask("~9"));
        assertEquals("Failure: invalid sample value$$$", ask("~q"));
        assertEquals(250, board.sampleRateHz());
    }

    @Test
    void shouldIgnoreUnknownCommandsSilently() throws IOException {
        port.write(new byte[] {'y', 'K', 0x00, (byte) 0xFF, '\n'});
        assertEquals("Success: Sample rate is 250Hz$$$", ask("~~"), "nothing before the reply");
    }

    @Test
    void shouldParseCommandsSplitAcrossWritesAndBatchedInOne() throws IOException {
        port.write("x3");
        port.write("0601");
        assertEquals("Success: Channel set for 3$$$", ask("10X"));
        port.write("dx4060110X~~");
        assertEquals("updating channel settings to default$$$", port.readUntil("$$$", REPLY_TIMEOUT));
        assertEquals("Success: Channel set for 4$$$", port.readUntil("$$$", REPLY_TIMEOUT));
        assertEquals("Success: Sample rate is 250Hz$$$", port.readUntil("$$$", REPLY_TIMEOUT));
    }

    @Test
    void shouldAcknowledgeLeadOffAndVersion() throws IOException {
        assertEquals("Success: Lead off set for 2$$$", ask("z201Z"));
        assertEquals("v3.1.2$$$", ask("V"));
    }

    @Test
    void shouldGiveUpAHalfSentCommandAfterOneSecond() throws IOException {
        port.write("x12");
        assertEquals("Timeout processing multi byte message - please send all commands at once as of v2$$$",
                port.readUntil("$$$", REPLY_TIMEOUT));
        assertEquals("Success: Sample rate is 250Hz$$$", ask("~~"));
    }

    @Test
    void shouldMaintainAStableSymlinkAndHangUpOnClose(@TempDir Path dir) throws IOException {
        Path link = dir.resolve("ttyCyton");
        try (SimulatedCytonBoard linked = SimulatedCytonBoard.start(
                CytonSimConfig.builder().linkPath(link).build())) {
            assertEquals(link.toAbsolutePath(), linked.devicePath());
            assertTrue(Files.readSymbolicLink(link).startsWith("/dev/pts"));
            try (SlaveTerminal viaLink = SlaveTerminal.open(link)) {
                viaLink.write("v");
                assertEquals(BANNER, viaLink.readUntil("$$$", REPLY_TIMEOUT));
                linked.close();
                assertEquals(-1, viaLink.read(new byte[64], 0, 64, 3000), "hang-up after close");
            }
            assertFalse(Files.exists(link, LinkOption.NOFOLLOW_LINKS), "symlink removed on close");
        }
    }

    @Test
    void shouldRejectAnInvalidConfigNamingTheValue() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> CytonSimConfig.builder().sampleRateHz(300).build());
        assertTrue(e.getMessage().startsWith("sampleRateHz=300"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CytonSimConfig.builder().realTime(false).build());
        assertTrue(e.getMessage().startsWith("realTime=false"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CytonSimConfig.builder().channels(9).build());
        assertTrue(e.getMessage().startsWith("channels=9"), e.getMessage());
    }
}
