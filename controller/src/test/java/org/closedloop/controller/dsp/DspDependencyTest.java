package org.closedloop.controller.dsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The dsp package depends on the JDK only: no import outside java.*, and no reference to another closedloop package. */
class DspDependencyTest {

    @Test
    void shouldImportNothingButTheJdk() throws IOException {
        Path dir = Path.of("src/main/java/org/closedloop/controller/dsp");
        assertTrue(Files.isDirectory(dir), "run from the controller module: " + dir.toAbsolutePath());
        List<String> offending = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                for (String line : Files.readAllLines(file)) {
                    String t = line.trim();
                    if ((t.startsWith("import ") && !t.startsWith("import java.") && !t.startsWith("import static java."))
                            || (t.contains("org.closedloop.") && !t.contains("org.closedloop.controller.dsp"))) {
                        offending.add(file.getFileName() + ": " + t);
                    }
                }
            }
        }
        assertEquals(List.of(), offending);
    }
}
