package org.closedloop.controller.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.closedloop.controller.recording.BdfPlusReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM (systemd stop, kill) ends a session cleanly: the controller's demo session runs in a child JVM, receives
 * SIGTERM while armed, and leaves a complete manifest (status, end time, latency) and a BDF+ file whose header
 * states every record it holds.
 */
class SigtermHilTest {
    @TempDir
    Path dir;

    @Test
    void shouldRampDownCloseTheFilesAndCompleteTheManifestOnSigterm() throws Exception {
        Path home = dir.resolve("demo");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "demo", "--duration", "300s",
                "--dir", home.toString());
        pb.redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile());
        Process child = pb.start();
        try {
            long deadline = System.nanoTime() + 90_000_000_000L;
            Path manifest = null;
            while (System.nanoTime() < deadline && child.isAlive()) {
                manifest = findManifest(home);
                if (manifest != null && Files.readString(manifest).contains("\"operator\": \"demo-operator\"")) {
                    break; // armed
                }
                Thread.sleep(50);
            }
            assertTrue(child.isAlive(), "the demo is running: " + Files.readString(dir.resolve("child.log")));
            assertTrue(manifest != null && Files.readString(manifest).contains("demo-operator"),
                    "armed within 90 s: " + Files.readString(dir.resolve("child.log")));
            child.destroy(); // SIGTERM
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "exited after SIGTERM");
            String m = Files.readString(manifest);
            assertTrue(m.contains("\"status\": \"ended: SIGTERM or Ctrl-C\""), m);
            assertTrue(m.contains("\"end_time\": \"20"), m);
            assertTrue(m.contains("\"latency_p99_ns\""), m);
            assertTrue(List.of("DISARMED", "FAULT").stream().anyMatch(s -> m.contains("\"final_interlock_state\": \"" + s)),
                    "stimulation stopped: " + m);
            try (BdfPlusReader r = BdfPlusReader.open(manifest.resolveSibling("recording.bdf"))) {
                assertEquals(r.recordsInFile(), r.header().headerRecordCount(), "the header counts every record");
                assertEquals(0, r.bytesIgnoredAtEnd(), "closed, not truncated");
                assertTrue(r.recordsInFile() >= 5, "at least the 5 s before arming: " + r.recordsInFile());
            }
            assertTrue(Files.readString(manifest.resolveSibling("session.log")).contains("ending: SIGTERM or Ctrl-C"));
        } finally {
            child.destroyForcibly();
        }
    }

    private static Path findManifest(Path home) throws Exception {
        Path sessions = home.resolve("sessions");
        if (!Files.isDirectory(sessions)) {
            return null;
        }
        try (var s = Files.list(sessions)) {
            return s.map(p -> p.resolve("manifest.json")).filter(Files::exists).findFirst().orElse(null);
        }
    }
}
