package org.closedloop.controller.acquisition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.closedloop.sim.pty.PseudoTerminal;
import org.junit.jupiter.api.Test;

/** A board that does not answer, or answers {@code Failure}, on a real pty opened with jssc. */
class HandshakeFailureTest {

    private static AcquisitionConfig quick(String port) {
        AcquisitionConfig d = AcquisitionConfig.defaults(port);
        return new AcquisitionConfig(port, 250, d.gains(), Duration.ofMillis(300), d.stallThreshold(),
                d.reconnectAfterSilence(), 1024);
    }

    @Test
    void shouldSayNoBannerArrivedAndWhatToCheck() throws Exception {
        try (PseudoTerminal silent = PseudoTerminal.open()) {
            String port = silent.slavePath().toString();
            CytonAcquisition acq = new CytonAcquisition(quick(port), JsscSerialLink::new, new AcquisitionListener() { });
            AcquisitionException e = assertThrows(AcquisitionException.class, acq::start);
            assertEquals(AcquisitionException.Reason.NO_BANNER, e.reason());
            assertTrue(e.getMessage().startsWith("port=" + port + ": no reply ending in $$$ to 'v'"), e.getMessage());
            assertTrue(e.getMessage().contains("switched on"), e.getMessage());
        }
    }

    @Test
    void shouldStopWithTheBoardsOwnWordsWhenItAnswersFailure() throws Exception {
        try (PseudoTerminal pty = PseudoTerminal.open()) {
            Thread board = new Thread(() -> {
                byte[] b = new byte[64];
                while (!pty.isClosed()) {
                    int n = pty.read(b, 0, b.length, 100);
                    for (int i = 0; i < n; i++) {
                        String reply = b[i] == 'v' ? "OpenBCI V3 8-16 channel\nFirmware: v3.1.2\n$$$"
                                : b[i] == 'd' ? "Failure: ADS1299 not responding$$$" : null;
                        if (reply != null) {
                            byte[] r = reply.getBytes(StandardCharsets.US_ASCII);
                            pty.write(r, 0, r.length);
                        }
                    }
                    if (n < 0) {
                        return;
                    }
                }
            }, "fake-board");
            board.setDaemon(true);
            board.start();
            String port = pty.slavePath().toString();
            CytonAcquisition acq = new CytonAcquisition(quick(port), JsscSerialLink::new, new AcquisitionListener() { });
            AcquisitionException e = assertThrows(AcquisitionException.class, acq::start);
            assertEquals(AcquisitionException.Reason.BOARD_FAILURE, e.reason());
            assertTrue(e.getMessage().contains("refused 'd'"), e.getMessage());
            assertTrue(e.getMessage().contains("ADS1299 not responding"), e.getMessage());
        }
    }
}
