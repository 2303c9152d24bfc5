package org.closedloop.controller.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.closedloop.controller.doctor.CheckResult;
import org.closedloop.controller.doctor.CheckStatus;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code closedloop doctor} through the real command line. */
class DoctorCommandTest {

    @Test
    void shouldRunEveryCheckAndExitOneWhenAPortIsMissing() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "doctor-cli");
        try {
            CommandLine cl = Main.commandLine(InputStream.nullInputStream());
            StringWriter out = new StringWriter();
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(new StringWriter(), true));
            int rc = cl.execute("doctor", "--eeg-port", dir.resolve("no-eeg").toString(), "--stim-port",
                    dir.resolve("no-stim").toString(), "--trusted-keys", dir.toString(), "--recordings", dir.toString());
            String text = out.toString();
            assertEquals(1, rc, text);
            List<String> names = List.of("java", "native libraries", "eeg port", "eeg latency timer", "stimulator port",
                    "stimulator latency timer", "distinct ports", "gpio", "clock", "disk space", "trusted keys");
            int at = 0;
            for (String name : names) {
                int i = text.indexOf("  " + name + "  ", at);
                assertTrue(i > at, name + " missing or out of order in:\n" + text);
                at = i;
            }
            assertTrue(text.contains("FAIL  eeg port "), text);
            assertTrue(text.contains("no-eeg is missing"), text);
            assertTrue(text.matches("(?s).*\\n\\d+ FAIL, \\d+ WARN, \\d+ OK\\n"), text);
        } finally {
            Files.delete(dir);
        }
    }

    @Test
    void shouldPrintAFixLineUnderEachProblemAndTheCounts() {
        StringWriter s = new StringWriter();
        DoctorCommand.print(List.of(CheckResult.fail("gpio", "no /dev/gpiochip0", "run it on the Pi"),
                new CheckResult("clock", CheckStatus.OK, "synchronised", ""),
                new CheckResult("disk space", CheckStatus.WARN, "3.0 GiB free", "free space")), new PrintWriter(s, true));
        assertEquals("""
                FAIL  gpio        no /dev/gpiochip0
                                  fix: run it on the Pi
                OK    clock       synchronised
                WARN  disk space  3.0 GiB free
                                  fix: free space
                1 FAIL, 1 WARN, 1 OK
                """, s.toString());
    }
}
