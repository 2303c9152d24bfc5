package org.closedloop.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The archive `mvn package` built (path from the {@code closedloop.archive} system property), unpacked once with the
 * system's tar into a temp directory, and a way to run its programs with a clean environment.
 */
final class Dist {
    static final String VERSION = System.getProperty("closedloop.version");
    static final Path ARCHIVE = Path.of(System.getProperty("closedloop.archive", "target/closedloop-bin.tar.gz"));
    /** Set by .ci/run: a missing systemd-analyze or udevadm fails the tests instead of skipping them. */
    static final boolean REQUIRE_UNIT_TOOLS = "1".equals(System.getenv("CLOSEDLOOP_REQUIRE_UNIT_TOOLS"));

    private static Path unpacked;

    private Dist() {
    }

    /** The unpacked top directory, {@code closedloop-VERSION/}. */
    static synchronized Path home() {
        if (unpacked == null) {
            assertNotNull(VERSION, "run through Maven: closedloop.version is not set");
            assertTrue(Files.isRegularFile(ARCHIVE), ARCHIVE + " missing: run mvn package (or verify) first");
            try {
                Path dir = Files.createTempDirectory(Path.of("/tmp"), "closedloop-dist");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
                Run tar = run(dir, Map.of(), "tar", "-xzf", ARCHIVE.toString());
                assertEquals(0, tar.exitCode(), tar.toString());
                unpacked = dir.resolve("closedloop-" + VERSION);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return unpacked;
    }

    /** What a program printed and returned. */
    record Run(List<String> command, int exitCode, String out, String err) {
        @Override
        public String toString() {
            return String.join(" ", command) + " -> " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /**
     * Runs a program to completion (at most 60 s) in {@code dir}, with this process's environment minus every
     * CLOSEDLOOP_* variable, plus {@code env}; CLOSEDLOOP_ENV_FILE points nowhere unless {@code env} sets it, so a
     * developer's /etc/closedloop/closedloop.env never leaks in.
     */
    static Run run(Path dir, Map<String, String> env, String... command) throws IOException {
        ProcessBuilder pb = processBuilder(dir, env, command);
        Path out = Files.createTempFile(Path.of("/tmp"), "dist-out", ".txt");
        Path err = Files.createTempFile(Path.of("/tmp"), "dist-err", ".txt");
        try {
            Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within 60 s");
            }
            return new Run(List.of(command), p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    static ProcessBuilder processBuilder(Path dir, Map<String, String> env, String... command) {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("CLOSEDLOOP_"));
        pb.environment().put("CLOSEDLOOP_ENV_FILE", "/nonexistent/closedloop.env");
        pb.environment().putAll(env);
        return pb;
    }

    /** True if a program is on PATH. */
    static boolean onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String d : path.split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, program))) {
                return true;
            }
        }
        return false;
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lines of a file that are not blank and not comments. */
    static List<String> significantLines(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String l : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String t = l.strip();
            if (!t.isEmpty() && !t.startsWith("#")) {
                lines.add(t);
            }
        }
        return lines;
    }
}
