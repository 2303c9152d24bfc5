package org.closedloop.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The daemon as the systemd unit runs it, from the unpacked archive: the unit's environment (paths, the shipped
 * tinylog configuration with its rotating file, the log directory), SIGTERM to stop, and a private network namespace
 * (PrivateNetwork=yes) where the machine allows one. systemd itself is not involved: the unit's sandbox (users,
 * ProtectSystem=, seccomp) is only exercised on a real Pi.
 */
class DaemonFromArchiveTest {

    private Path dir;
    private Process daemon;

    @BeforeEach
    void dirs() throws IOException {
        // short: a Unix socket path has at most 107 bytes
        dir = Files.createTempDirectory(Path.of("/tmp"), "cld");
        Files.createDirectories(dir.resolve("keys"));
        Files.createDirectories(dir.resolve("log")); // systemd's LogsDirectory=
    }

    @AfterEach
    void stop() throws Exception {
        if (daemon != null && daemon.isAlive()) {
            daemon.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        Dist.deleteTree(dir);
    }

    @Test
    void shouldServeLogToTheJournalAndARotatingFileAndStopCleanlyOnSigterm() throws Exception {
        start(List.of());
        Dist.Run list = Dist.run(Dist.home(), env(), "bin/closedloop", "protocol", "list");
        assertEquals(0, list.exitCode(), list.toString());
        daemon.destroy(); // SIGTERM, as systemctl stop sends
        assertTrue(daemon.waitFor(15, TimeUnit.SECONDS), "the daemon did not stop within 15 s of SIGTERM");
        assertEquals(143, daemon.exitValue(), "128 + SIGTERM, declared clean by the unit's SuccessExitStatus=143");
        String stderr = Files.readString(dir.resolve("stderr.txt"), StandardCharsets.UTF_8);
        assertTrue(stderr.contains("INFO  [main] daemon: listening on " + dir.resolve("run/daemon.sock")), stderr);
        // the rolling file writer: the finished file gzipped when the daemon stopped
        String logged = gunzipAll(dir.resolve("log"));
        assertTrue(logged.matches("(?s)\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}[+-]\\d{4} INFO  \\[main\\] "
                + "org\\.closedloop\\.controller\\.daemon\\.ProtocolDaemon: daemon: listening on .*"), logged);
    }

    @Test
    void shouldServeItsSocketFromAPrivateNetworkNamespace() throws Exception {
        List<String> prefix = Tools.unsharePrefix("-n");
        Assumptions.assumeTrue(prefix != null, "no network namespace allowed on this machine: PrivateNetwork=yes not tried");
        start(prefix);
        // e.g. net:[4026532871] against this JVM's net:[4026531840]
        Path its = Files.readSymbolicLink(Path.of("/proc", String.valueOf(daemon.pid()), "ns", "net"));
        assertNotEquals(Files.readSymbolicLink(Path.of("/proc/self/ns/net")), its, "not in its own network namespace");
        // the socket is a file: a client outside the namespace reaches it
        Dist.Run list = Dist.run(Dist.home(), env(), "bin/closedloop", "protocol", "list");
        assertEquals(0, list.exitCode(), list.toString());
    }

    private Map<String, String> env() {
        return Map.of("CLOSEDLOOP_SOCKET", dir.resolve("run/daemon.sock").toString(),
                "CLOSEDLOOP_STORE", dir.resolve("store").toString(),
                "CLOSEDLOOP_TRUSTED_KEYS", dir.resolve("keys").toString(),
                "CLOSEDLOOP_LOG_DIR", dir.resolve("log").toString(),
                "CLOSEDLOOP_JAVA_OPTS", "-Dtinylog.configuration=" + Dist.home().resolve("conf/tinylog.properties")
                        + " -XX:+ExitOnOutOfMemoryError");
    }

    private void start(List<String> prefix) throws Exception {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(Dist.home().resolve("bin/closedloop").toString());
        cmd.add("daemon");
        daemon = Dist.processBuilder(Dist.home(), env(), cmd.toArray(String[]::new))
                .redirectOutput(dir.resolve("stdout.txt").toFile()).redirectError(dir.resolve("stderr.txt").toFile())
                .start();
        Path socket = dir.resolve("run/daemon.sock");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(socket)) {
            assertTrue(daemon.isAlive(), () -> "the daemon exited: " + read(dir.resolve("stderr.txt")));
            assertTrue(System.nanoTime() < deadline, "no socket after 30 s");
            Thread.sleep(50);
        }
    }

    private static String gunzipAll(Path logDir) throws IOException {
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> files = Files.list(logDir)) {
            List<Path> gz = files.filter(p -> p.getFileName().toString().matches("closedloop-\\d{4}-\\d\\d-\\d\\d-\\d+\\.log\\.gz"))
                    .sorted().toList();
            assertEquals(1, gz.size(), "one gzipped log file expected in " + logDir);
            try (InputStream in = new GZIPInputStream(Files.newInputStream(gz.get(0)))) {
                sb.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return sb.toString();
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
