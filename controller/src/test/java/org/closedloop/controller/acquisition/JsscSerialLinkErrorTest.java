package org.closedloop.controller.acquisition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The errors a researcher meets first, each naming the port and what to do. */
class JsscSerialLinkErrorTest {

    @Test
    void shouldSayThePortIsMissingAndHowToFindIt(@TempDir Path dir) {
        String port = dir.resolve("ttyUSB9").toString();
        AcquisitionException e = assertThrows(AcquisitionException.class,
                () -> new JsscSerialLink(port).open((d, n, t, q) -> { }));
        assertEquals(AcquisitionException.Reason.PORT_MISSING, e.reason());
        assertTrue(e.getMessage().startsWith("port=" + port + ": no such device"), e.getMessage());
        assertTrue(e.getMessage().contains("closedloop sim"), e.getMessage());
    }

    @Test
    void shouldRefuseAFileThatIsNotASerialPort(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-tty"), "hello");
        AcquisitionException e = assertThrows(AcquisitionException.class,
                () -> new JsscSerialLink(file.toString()).open((d, n, t, q) -> { }));
        assertEquals(AcquisitionException.Reason.NOT_A_SERIAL_PORT, e.reason(), e.getMessage());
        assertTrue(e.getMessage().startsWith("port=" + file + ":"), e.getMessage());
    }
}
