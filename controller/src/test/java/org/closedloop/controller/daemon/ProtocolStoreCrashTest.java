package org.closedloop.controller.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.closedloop.protocol.config.v1.DaemonRequest;
import org.closedloop.protocol.config.v1.DaemonResponse;
import org.closedloop.protocol.config.v1.ListRequest;
import org.closedloop.protocol.config.v1.RefusalReason;
import org.closedloop.protocol.config.v1.SignedProtocol;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** An upload that dies half-way never leaves a visible or half-written protocol. */
class ProtocolStoreCrashTest {

    private DaemonFixture fx;

    @BeforeEach
    void keys() throws Exception {
        fx = new DaemonFixture();
    }

    @AfterEach
    void cleanUp() throws Exception {
        fx.close();
    }

    @Test
    @Timeout(60)
    void shouldLeaveNoHalfWrittenProtocolWhenTheDaemonIsKilledDuringAWrite() throws Exception {
        // one protocol stored before the crash, by a normal daemon
        fx.start();
        assertEquals(DaemonResponse.Status.STATUS_OK,
                fx.upload(fx.signedByAlice(DaemonFixture.example("motor-cortex-stroke.textproto"))).getStatus());
        fx.stop();
        Map<String, String> before = fx.snapshot();

        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CrashingDaemonMain.class.getName(),
                fx.storeDir.toString(), fx.trustedDir.toString(), fx.socket.toString())
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.equals("ready")) {
                // start-up output, if any
            }
            assertEquals("ready", line, "the crashing daemon did not start");
            SignedProtocol s = fx.signedByAlice(DaemonFixture.example("open-loop-10hz.textproto"));
            IOException e = assertThrows(IOException.class, () -> fx.upload(s));
            assertTrue(e.getMessage().contains("without"), e.getMessage());
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            assertEquals(CrashingDaemonMain.CRASH_STATUS, child.exitValue());

            // the evidence of the crash: one half-written temp file, and no new protocol file
            List<Path> temps = temps();
            assertEquals(1, temps.size(), temps.toString());
            assertEquals(s.toByteArray().length / 2, Files.size(temps.get(0)));
            assertEquals(before.keySet().stream().filter(k -> k.endsWith(".signed.binpb")).toList(),
                    protocolFiles());
        } finally {
            child.destroyForcibly();
        }

        // restart: the temp file is cleaned, the store is exactly as before the crash, and the upload now succeeds
        fx.start();
        assertEquals(List.of(), temps());
        assertEquals(before, fx.snapshot());
        DaemonResponse list = DaemonClient.call(fx.socket, DaemonRequest.newBuilder().setList(ListRequest.getDefaultInstance()).build());
        assertEquals(List.of("motor-cortex-stroke"), list.getEntriesList().stream().map(e -> e.getId()).toList());
        DaemonResponse retry = fx.upload(fx.signedByAlice(DaemonFixture.example("open-loop-10hz.textproto")));
        assertEquals(DaemonResponse.Status.STATUS_OK, retry.getStatus(), retry.toString());
        assertEquals(2, protocolFiles().size());
    }

    @Test
    void shouldRefuseAndCleanUpWhenAWriteFails() throws Exception {
        fx.start(SessionGuard.NO_SESSION, temp -> {
            throw new IOException("No space left on device (simulated)");
        });
        Map<String, String> before = fx.snapshot();
        DaemonResponse r = fx.upload(fx.signedByAlice(DaemonFixture.example("open-loop-10hz.textproto")));
        assertEquals(RefusalReason.REFUSAL_REASON_INTERNAL_ERROR, r.getReason(), r.toString());
        assertTrue(r.getMessage().contains("nothing was stored"), r.getMessage());
        assertEquals(before, fx.snapshot());
        assertEquals(List.of(), temps());
    }

    private List<Path> temps() throws IOException {
        try (Stream<Path> files = Files.list(fx.storeDir.resolve("protocols"))) {
            return files.filter(f -> f.getFileName().toString().startsWith(ProtocolStore.TEMP_PREFIX)).toList();
        }
    }

    private List<String> protocolFiles() throws IOException {
        try (Stream<Path> files = Files.list(fx.storeDir.resolve("protocols"))) {
            return files.map(f -> "protocols/" + f.getFileName()).filter(n -> n.endsWith(".signed.binpb")).sorted().toList();
        }
    }
}
