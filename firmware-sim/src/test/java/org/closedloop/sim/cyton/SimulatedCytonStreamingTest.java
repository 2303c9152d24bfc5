package org.closedloop.sim.cyton;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.closedloop.protocol.cyton.CytonScaling;
import org.closedloop.sim.pty.SlaveTerminal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Packets over the real pty, decoded by the protocol module, against GroundTruth. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class SimulatedCytonStreamingTest {
    private SimulatedCytonBoard board;
    private SlaveTerminal port;
    private StreamCapture capture;

    @BeforeEach
    void start() throws IOException {
        board = SimulatedCytonBoard.start(CytonSimConfig.builder().seed(21).build());
        port = SlaveTerminal.open(board.devicePath());
        capture = new StreamCapture(port);
    }

    @AfterEach
    void stop() {
        port.close();
        board.close();
    }

    @Test
    void shouldStreamPacketsThatDecodeToExactlyTheGroundTruth() throws IOException {
        port.write("b");
        capture.readPackets(50);
        StreamCapture.Result result = StreamCapture.decode(capture.stopAndCollect());
        GroundTruth truth = board.groundTruth();
        List<GroundTruth.Sample> delivered = truth.delivered();
        StreamCapture.assertSameAsDelivered(result.packets(), delivered);
        assertTrue(delivered.size() >= 50);
        assertEquals(0, result.samplesLost());
        assertEquals(0, result.bytesDiscarded());
        assertEquals(0, truth.samplesLostByFaults());
        assertEquals(1, truth.currentStream());
        double uvPerCount = CytonScaling.microvoltsPerCount(24);
        for (int i = 0; i < delivered.size(); i++) {
            GroundTruth.Sample s = delivered.get(i);
            assertEquals(i, s.index());
            assertEquals(i & 0xFF, s.sampleNumber());
            for (int c = 0; c < 8; c++) {
                assertEquals(Math.round(s.microvolts()[c] / uvPerCount), s.counts()[c], "sample " + i + " ch " + c);
            }
        }
        assertFalse(board.isStreaming());
    }

    @Test
    void shouldRestartTheCounterOnEachB() throws IOException {
        port.write("b");
        capture.readPackets(5);
        int mark = capture.size();
        port.write("b~~"); // the reply comes once the second b has been handled
        capture.readUntilText("Hz$$$", mark);
        capture.readAtLeast(capture.size() + 10 * 33);
        StreamCapture.Result result = StreamCapture.decode(capture.stopAndCollect());
        List<GroundTruth.Sample> delivered = board.groundTruth().delivered();
        StreamCapture.assertSameAsDelivered(result.packets(), delivered);
        assertEquals(2, board.groundTruth().currentStream());
        GroundTruth.Sample firstOfSecond = delivered.stream().filter(s -> s.stream() == 2).findFirst().orElseThrow();
        assertEquals(0, firstOfSecond.index());
        assertEquals(0, firstOfSecond.sampleNumber());
    }

    @Test
    void shouldScaleCountsByGainAndSendZeroForAPoweredDownChannel() throws IOException {
        port.write("x1000000X"); // channel 1 on, gain x1
        assertEquals("Success: Channel set for 1$$$", port.readUntil("$$$", StreamCapture.TIMEOUT));
        port.write("x2160110X"); // channel 2 powered down
        assertEquals("Success: Channel set for 2$$$", port.readUntil("$$$", StreamCapture.TIMEOUT));
        port.write("x3061110X"); // channel 3 input shorted
        assertEquals("Success: Channel set for 3$$$", port.readUntil("$$$", StreamCapture.TIMEOUT));
        port.write("b");
        capture.readPackets(20);
        StreamCapture.Result result = StreamCapture.decode(capture.stopAndCollect());
        List<GroundTruth.Sample> delivered = board.groundTruth().delivered();
        StreamCapture.assertSameAsDelivered(result.packets(), delivered);
        double x1 = CytonScaling.microvoltsPerCount(1);
        double x24 = CytonScaling.microvoltsPerCount(24);
        boolean sawNonZero = false;
        for (GroundTruth.Sample s : delivered) {
            assertEquals(Math.round(s.microvolts()[0] / x1), s.counts()[0]);
            assertEquals(0, s.counts()[1]);
            assertEquals(0, s.counts()[2]);
            assertEquals(Math.round(s.microvolts()[3] / x24), s.counts()[3]);
            sawNonZero |= s.counts()[0] != 0;
        }
        assertTrue(sawNonZero, "x1 still resolves microvolts (0.54 uV per count)");
    }

    @Test
    void shouldApplySettingsWhileStreamingSilentlyAndRestartTheStream() throws IOException {
        port.write("b");
        capture.readPackets(10);
        int mark = capture.size();
        port.write("x5030110X~~"); // gain x6 on channel 5, while streaming; ~~ replies even then, after the x
        capture.readUntilText("Hz$$$", mark);
        capture.readAtLeast(capture.size() + 10 * 33);
        byte[] stream = capture.stopAndCollect();
        assertFalse(new String(stream, StandardCharsets.ISO_8859_1).contains("Channel set"), "silent while streaming");
        StreamCapture.Result result = StreamCapture.decode(stream);
        List<GroundTruth.Sample> delivered = board.groundTruth().delivered();
        StreamCapture.assertSameAsDelivered(result.packets(), delivered);
        assertEquals(2, board.groundTruth().currentStream(), "the settings change restarted the stream");
        double x6 = CytonScaling.microvoltsPerCount(6);
        List<GroundTruth.Sample> second = delivered.stream().filter(s -> s.stream() == 2).toList();
        assertTrue(second.size() >= 10);
        assertEquals(0, second.get(0).sampleNumber());
        second.forEach(s -> assertEquals(Math.round(s.microvolts()[4] / x6), s.counts()[4]));
    }

    @Test
    void shouldStreamAtTheSelectedRate() throws IOException, InterruptedException {
        port.write("~5");
        assertEquals("Success: Sample rate is 500Hz$$$", port.readUntil("$$$", StreamCapture.TIMEOUT));
        long start = System.nanoTime();
        port.write("b");
        capture.readPackets(250);
        long elapsedMs = (System.nanoTime() - start) / 1_000_000L;
        StreamCapture.Result result = StreamCapture.decode(capture.stopAndCollect());
        StreamCapture.assertSameAsDelivered(result.packets(), board.groundTruth().delivered());
        // 250 samples at 500 Hz take 500 ms; generous bounds, a sanity check of pacing rather than a timing test
        assertTrue(elapsedMs >= 450 && elapsedMs < 3000, "250 packets at 500 Hz took " + elapsedMs + " ms");
    }

    @Test
    void shouldWaitForAControllerThatDoesNotReadAndLoseNothing() throws IOException, InterruptedException {
        port.write("~0");
        assertEquals("Success: Sample rate is 16000Hz$$$", port.readUntil("$$$", StreamCapture.TIMEOUT));
        port.write("b");
        // Unread, the pty holds about 2000 packets; 0.5 s at 16 kHz would be 8000. The board must be held back by
        // the full pty rather than queue packets in memory.
        boolean ranAway = board.groundTruth().awaitGenerated(6000, java.time.Duration.ofMillis(500));
        assertFalse(ranAway, "generated " + board.groundTruth().generated() + " samples with nobody reading");
        capture.readPackets(8000);
        StreamCapture.Result result = StreamCapture.decode(capture.stopAndCollect());
        StreamCapture.assertSameAsDelivered(result.packets(), board.groundTruth().delivered());
        assertEquals(0, board.groundTruth().samplesLostByFaults());
        assertEquals(0, result.samplesLost());
    }
}
