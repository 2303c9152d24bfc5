package org.closedloop.controller.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.concurrent.atomic.AtomicInteger;
import org.closedloop.controller.daemon.DaemonClient;
import org.closedloop.controller.daemon.ProtocolDaemon;
import org.closedloop.controller.daemon.ProtocolStore;
import org.closedloop.controller.session.SessionControlServer;
import org.closedloop.controller.session.SessionLock;
import org.closedloop.controller.signing.Ed25519Keys;
import org.closedloop.controller.signing.ProtocolSignatures;
import org.closedloop.controller.signing.TrustedKeys;
import org.closedloop.protocol.config.ProtocolCodec;
import org.closedloop.protocol.config.v1.DaemonRequest;
import org.closedloop.protocol.config.v1.DaemonResponse;
import org.closedloop.protocol.config.v1.UploadRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's workflow through the real command line and sockets: `run --sim` a stored protocol, `status`, `arm`
 * (a stale token refused, the previewed one accepted), an upload refused while the session runs, `stop --end`, and
 * the upload accepted afterwards.
 */
class SessionCommandsTest {
    @TempDir
    Path dir;

    private static DaemonResponse upload(Path socket, String example, KeyPair key) throws Exception {
        byte[] bytes = ProtocolCodec.toBinary(ProtocolCodec.readFile(Path.of("..", "examples", example)));
        return DaemonClient.call(socket, DaemonRequest.newBuilder().setUpload(UploadRequest.newBuilder()
                .setSignedProtocol(ProtocolSignatures.sign(bytes, key))).build());
    }

    @Test
    void shouldRunArmReportAndEndASessionAndRefuseUploadsMeanwhile() throws Exception {
        KeyPair key = Ed25519Keys.generate();
        Ed25519Keys.write(key, dir.resolve("trusted"), "author");
        Files.delete(dir.resolve("trusted").resolve("author.key"));
        Path store = dir.resolve("store");
        Path socket = dir.resolve("d.sock");
        Path sessionSocket = dir.resolve("s.sock");
        try (ProtocolDaemon daemon = ProtocolDaemon.start(socket, ProtocolStore.open(store),
                TrustedKeys.load(dir.resolve("trusted")), SessionLock.guard(store.resolve(SessionLock.FILE_NAME)))) {
            DaemonResponse stored = upload(socket, "closed-loop-alpha-phase.textproto", key);
            assertEquals(DaemonResponse.Status.STATUS_OK, stored.getStatus(), stored::toString);
            AtomicInteger runExit = new AtomicInteger(-1);
            Thread run = new Thread(() -> runExit.set(Main.commandLine(InputStream.nullInputStream()).execute("run", "--protocol",
                    "closed-loop-alpha-phase", "--subject", "CLI-01", "--sim", "--socket", socket.toString(),
                    "--store", store.toString(), "--recordings-dir", dir.resolve("sessions").toString(),
                    "--session-socket", sessionSocket.toString(), "--duration", "120s", "--horizon-ms", "90")),
                    "test-run");
            run.start();
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!Files.exists(sessionSocket) && run.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(Files.exists(sessionSocket), "the session's control socket appeared; run exit " + runExit);

            String status = SessionControlServer.call(sessionSocket, "status");
            assertTrue(status.startsWith("OK") && status.contains("DISARMED"), status);
            assertEquals(ExitCodes.OK, Main.commandLine(InputStream.nullInputStream()).execute("status", "--session-socket", sessionSocket.toString()));

            assertEquals(ExitCodes.REFUSED, Main.commandLine(InputStream.nullInputStream()).execute("arm", "--session-socket",
                    sessionSocket.toString(), "--confirm", "not-the-token"), "a token not from this preview");
            // without --confirm, arm asks on its console and arms only on "yes"
            assertEquals(ExitCodes.REFUSED, Main.commandLine(new ByteArrayInputStream(
                    "no\n".getBytes(StandardCharsets.UTF_8))).execute("arm", "--session-socket",
                    sessionSocket.toString()), "answered no");
            assertTrue(SessionControlServer.call(sessionSocket, "status").contains("DISARMED"), "still disarmed");
            String preview = SessionControlServer.call(sessionSocket, "preview");
            assertTrue(preview.contains("Impedance") && preview.contains("closed-loop-alpha-phase"), preview);
            String token = preview.lines().findFirst().orElseThrow().substring("OK token ".length());
            assertEquals(ExitCodes.OK, Main.commandLine(InputStream.nullInputStream()).execute("arm", "--session-socket", sessionSocket.toString(),
                    "--confirm", token));
            String armed = SessionControlServer.call(sessionSocket, "status");
            assertTrue(armed.contains("ARMED") || armed.contains("STIMULATING"), armed);

            DaemonResponse during = upload(socket, "open-loop-10hz.textproto", key);
            assertEquals(org.closedloop.protocol.config.v1.RefusalReason.REFUSAL_REASON_SESSION_RUNNING, during.getReason(), during::toString);
            assertTrue(during.getMessage().contains("CLI-01"), "names the running session: " + during.getMessage());

            assertEquals(ExitCodes.OK, Main.commandLine(InputStream.nullInputStream()).execute("stop", "--end", "--session-socket",
                    sessionSocket.toString()));
            run.join(60_000);
            assertEquals(ExitCodes.OK, runExit.get(), "run ended cleanly");
            Path session;
            try (var s = Files.list(dir.resolve("sessions"))) {
                session = s.findFirst().orElseThrow();
            }
            String manifest = Files.readString(session.resolve("manifest.json"));
            assertTrue(manifest.contains("\"operator\": \"" + System.getProperty("user.name") + "\""), manifest);
            assertTrue(manifest.contains("\"status\": \"ended: ended by "), manifest);
            assertTrue(manifest.contains("\"protocol_sha256\": \"" + stored.getEntry().getSha256() + "\""), manifest);

            DaemonResponse after = upload(socket, "open-loop-10hz.textproto", key);
            assertEquals(DaemonResponse.Status.STATUS_OK, after.getStatus(), after::toString);
        }
    }
}
