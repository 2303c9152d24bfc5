package org.closedloop.controller.daemon;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.closedloop.controller.signing.Ed25519Keys;
import org.closedloop.controller.signing.ProtocolSignatures;
import org.closedloop.controller.signing.TrustedKeys;
import org.closedloop.protocol.config.ProtocolCodec;
import org.closedloop.protocol.config.v1.DaemonRequest;
import org.closedloop.protocol.config.v1.DaemonResponse;
import org.closedloop.protocol.config.v1.SignedProtocol;
import org.closedloop.protocol.config.v1.StimulationProtocol;
import org.closedloop.protocol.config.v1.UploadRequest;

/**
 * A daemon on a real Unix socket in a short temporary directory (sun_path is 108 bytes, @TempDir paths can be
 * longer), with one trusted author key ("alice") and one untrusted ("mallory").
 *
 * <p>Thread safety: not thread safe; one per test.
 */
final class DaemonFixture implements AutoCloseable {

    final Path base;
    final Path storeDir;
    final Path trustedDir;
    final Path keysDir;
    final Path socket;
    final KeyPair alice;
    final KeyPair mallory;
    ProtocolDaemon daemon;

    DaemonFixture() throws Exception {
        base = Files.createTempDirectory(Path.of("/tmp"), "cl");
        storeDir = base.resolve("store");
        trustedDir = Files.createDirectory(base.resolve("trusted"));
        keysDir = base.resolve("keys");
        socket = base.resolve("run").resolve("d.sock");
        alice = Ed25519Keys.generate();
        mallory = Ed25519Keys.generate();
        Ed25519Keys.write(alice, keysDir, "alice");
        Ed25519Keys.write(mallory, keysDir, "mallory");
        Files.copy(keysDir.resolve("alice.pub"), trustedDir.resolve("alice.pub"));
    }

    DaemonFixture start() throws Exception {
        return start(SessionGuard.NO_SESSION, ProtocolStore.WriteHook.NONE);
    }

    DaemonFixture start(SessionGuard guard, ProtocolStore.WriteHook hook) throws Exception {
        daemon = ProtocolDaemon.start(socket, ProtocolStore.open(storeDir, hook), TrustedKeys.load(trustedDir), guard);
        return this;
    }

    void stop() {
        if (daemon != null) {
            daemon.close();
            daemon = null;
        }
    }

    static StimulationProtocol example(String name) throws Exception {
        return ProtocolCodec.readFile(Path.of("..", "examples", name));
    }

    SignedProtocol signedByAlice(StimulationProtocol p) {
        return ProtocolSignatures.sign(ProtocolCodec.toBinary(p), alice);
    }

    DaemonResponse upload(SignedProtocol s) throws IOException {
        return DaemonClient.call(socket, DaemonRequest.newBuilder()
                .setUpload(UploadRequest.newBuilder().setSignedProtocol(s)).build());
    }

    /**
     * Every file under the store with the sha256 of its content, except the audit log (which records every upload,
     * refused ones included, and is checked on its own): equal snapshots mean an unchanged store.
     */
    Map<String, String> snapshot() {
        Map<String, String> files = new TreeMap<>();
        if (!Files.exists(storeDir)) {
            return files;
        }
        try (Stream<Path> walk = Files.walk(storeDir)) {
            walk.filter(Files::isRegularFile)
                    .filter(f -> !f.equals(storeDir.resolve(ProtocolDaemon.AUDIT_LOG_NAME))).forEach(f -> {
                try {
                    files.put(storeDir.relativize(f).toString(), ProtocolCodec.sha256Hex(Files.readAllBytes(f)));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    @Override
    public void close() throws IOException {
        stop();
        try (Stream<Path> walk = Files.walk(base)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
