package org.closedloop.controller.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.closedloop.controller.daemon.ProtocolDaemon;
import org.closedloop.controller.daemon.ProtocolStore;
import org.closedloop.controller.daemon.SessionGuard;
import org.closedloop.controller.signing.TrustedKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The author's workflow through the real command line: validate, keygen, sign, upload, list, show. */
class ProtocolCommandsTest {

    private static final Path EXAMPLES = Path.of("..", "examples");

    private Path base;
    private ProtocolDaemon daemon;

    record Run(int exitCode, String out, String err) {
    }

    @BeforeEach
    void dirs() throws Exception {
        base = Files.createTempDirectory(Path.of("/tmp"), "cl");
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (daemon != null) {
            daemon.close();
        }
        try (Stream<Path> walk = Files.walk(base)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static Run run(String... args) {
        CommandLine cl = Main.commandLine(InputStream.nullInputStream());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int rc = cl.execute(args);
        return new Run(rc, out.toString(), err.toString());
    }

    @Test
    void shouldValidateTheGoodExamplesWithExitCodeZero() {
        Run r = run("protocol", "validate", EXAMPLES.resolve("open-loop-10hz.textproto").toString(),
                EXAMPLES.resolve("open-loop-10hz-sham.textproto").toString(),
                EXAMPLES.resolve("closed-loop-alpha-phase.textproto").toString(),
                EXAMPLES.resolve("motor-cortex-stroke.textproto").toString());
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(4, r.out().lines().filter(l -> l.contains(": valid: id=")).count(), r.out());
    }

    @Test
    void shouldPrintEveryProblemOfTheHostileExampleWithExitCodeOne() {
        Run r = run("protocol", "validate", EXAMPLES.resolve("hostile.textproto").toString());
        assertEquals(1, r.exitCode(), r.toString());
        assertTrue(r.out().contains("hostile.textproto: INVALID: 12 problems"), r.out());
        assertTrue(r.out().contains("\n  blocks[0].components[0].frequency_hz = 200: safety frequency"), r.out());
        assertTrue(r.out().contains("\n  montage.stimulation_electrodes[0].area_cm2 = (missing): safety electrode_area"), r.out());
    }

    @Test
    void shouldPrintParseErrorsAsFileLineColumn() throws Exception {
        Path f = base.resolve("typo.textproto");
        Files.writeString(f, "id: \"x\"\nversion: 1\ntitel: \"typo\"\n");
        Run r = run("protocol", "validate", f.toString());
        assertEquals(1, r.exitCode(), r.toString());
        assertTrue(r.err().startsWith(f + ":3:1: parse error: "), r.err());
        assertTrue(r.err().contains("titel"), r.err());
        Run wrongType = run("protocol", "validate", write("type.textproto", "version: \"one\"\n").toString());
        assertTrue(wrongType.err().contains("type.textproto:1:10: parse error: "), wrongType.err());
        Run unknownExtension = run("protocol", "validate", write("p.json", "{}").toString());
        assertEquals(1, unknownExtension.exitCode());
        assertTrue(unknownExtension.err().contains(".textproto"), unknownExtension.err());
    }

    @Test
    void shouldRunTheWholeAuthorWorkflowAgainstARealDaemon() throws Exception {
        Path keys = base.resolve("keys");
        Run keygen = run("protocol", "keygen", "--out", keys.toString(), "--name", "alice");
        assertEquals(0, keygen.exitCode(), keygen.toString());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keys.resolve("alice.key"))));
        assertEquals(2, run("protocol", "keygen", "--out", keys.toString(), "--name", "alice").exitCode(),
                "a key is never overwritten");
        Path trusted = Files.createDirectory(base.resolve("trusted"));
        Files.copy(keys.resolve("alice.pub"), trusted.resolve("alice.pub"));
        Path socket = base.resolve("d.sock");
        daemon = ProtocolDaemon.start(socket, ProtocolStore.open(base.resolve("store")), TrustedKeys.load(trusted),
                SessionGuard.NO_SESSION);

        Path protocol = Files.copy(EXAMPLES.resolve("open-loop-10hz.textproto"), base.resolve("open-loop-10hz.textproto"));
        Run unsigned = run("protocol", "upload", "--socket", socket.toString(), protocol.toString());
        assertEquals(1, unsigned.exitCode(), unsigned.toString());
        assertTrue(unsigned.err().startsWith("refused (UNSIGNED): the protocol is not signed"), unsigned.err());

        Run sign = run("protocol", "sign", "--key", keys.resolve("alice.key").toString(), protocol.toString());
        assertEquals(0, sign.exitCode(), sign.toString());
        Path signed = base.resolve("open-loop-10hz.signed.binpb");
        assertTrue(Files.exists(signed));
        assertTrue(run("protocol", "validate", signed.toString()).out().contains(": valid: id=open-loop-10hz"));

        Run upload = run("protocol", "upload", "--socket", socket.toString(), signed.toString());
        assertEquals(0, upload.exitCode(), upload.toString());
        assertTrue(upload.out().startsWith("stored: "), upload.out());
        Run again = run("protocol", "upload", "--socket", socket.toString(), signed.toString());
        assertEquals(0, again.exitCode(), again.toString());
        assertTrue(again.out().startsWith("already stored: "), again.out());

        Run list = run("protocol", "list", "--socket", socket.toString());
        assertEquals(0, list.exitCode(), list.toString());
        assertTrue(list.out().contains("open-loop-10hz@1"), list.out());
        assertTrue(list.out().endsWith("1 protocol\n"), list.out());
        Run show = run("protocol", "show", "--socket", socket.toString(), "open-loop-10hz@1");
        assertEquals(0, show.exitCode(), show.toString());
        assertTrue(show.out().contains("frequency_hz: 10.0"), show.out());
        assertEquals(1, run("protocol", "show", "--socket", socket.toString(), "nope").exitCode());
    }

    @Test
    void shouldNotSignAnInvalidProtocol() throws Exception {
        Path keys = base.resolve("keys");
        assertEquals(0, run("protocol", "keygen", "--out", keys.toString(), "--name", "bob").exitCode());
        Path hostile = Files.copy(EXAMPLES.resolve("hostile.textproto"), base.resolve("hostile.textproto"));
        Run r = run("protocol", "sign", "--key", keys.resolve("bob.key").toString(), hostile.toString());
        assertEquals(1, r.exitCode(), r.toString());
        assertTrue(r.err().contains("not signed"), r.err());
        assertFalse(Files.exists(base.resolve("hostile.signed.binpb")));
    }

    @Test
    void shouldRefuseAPrivateKeyOthersCanRead() throws Exception {
        Path keys = base.resolve("keys");
        assertEquals(0, run("protocol", "keygen", "--out", keys.toString(), "--name", "carol").exitCode());
        Files.setPosixFilePermissions(keys.resolve("carol.key"), PosixFilePermissions.fromString("rw-r--r--"));
        Run r = run("protocol", "sign", "--key", keys.resolve("carol.key").toString(),
                EXAMPLES.resolve("open-loop-10hz.textproto").toString(), "--out", base.resolve("x.signed.binpb").toString());
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("chmod 600"), r.err());
    }

    @Test
    void shouldSayHowToReachTheDaemonWhenItIsNotRunning() {
        Run r = run("protocol", "list", "--socket", base.resolve("none.sock").toString());
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("is `closedloop daemon` running"), r.err());
    }

    @Test
    void shouldRefuseToStartTheDaemonWithoutATrustedKeysDirectory() {
        Run r = run("daemon", "--trusted-keys", base.resolve("missing").toString(), "--store",
                base.resolve("store").toString(), "--socket", base.resolve("d.sock").toString());
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.err().contains("trusted-keys=" + base.resolve("missing") + " is not a directory"), r.err());
    }

    @Test
    void shouldResolveDefaultPathsFromOptionsThenEnvironmentThenXdg() {
        Path home = Path.of("/home/ada");
        DefaultPaths bare = new DefaultPaths(Map.of(), home, "ada");
        assertEquals(Path.of("/tmp/closedloop-ada/daemon.sock"), bare.socket(null));
        assertEquals(home.resolve(".local/share/closedloop"), bare.store(null));
        assertEquals(home.resolve(".config/closedloop/trusted-keys"), bare.trustedKeys(null));
        DefaultPaths xdg = new DefaultPaths(Map.of("XDG_RUNTIME_DIR", "/run/user/1000", "XDG_DATA_HOME", "/d",
                "XDG_CONFIG_HOME", "/c"), home, "ada");
        assertEquals(Path.of("/run/user/1000/closedloop/daemon.sock"), xdg.socket(null));
        assertEquals(Path.of("/d/closedloop"), xdg.store(null));
        assertEquals(Path.of("/c/closedloop/keys"), xdg.authorKeys(null));
        DefaultPaths env = new DefaultPaths(Map.of("XDG_RUNTIME_DIR", "/run/user/1000", "CLOSEDLOOP_SOCKET", "/run/closedloop/d.sock",
                "CLOSEDLOOP_STORE", "/var/lib/closedloop", "CLOSEDLOOP_TRUSTED_KEYS", "/etc/closedloop/trusted-keys"), home, "ada");
        assertEquals(Path.of("/run/closedloop/d.sock"), env.socket(null));
        assertEquals(Path.of("/var/lib/closedloop"), env.store(null));
        assertEquals(Path.of("/etc/closedloop/trusted-keys"), env.trustedKeys(null));
        assertEquals(Path.of("/x.sock"), env.socket(Path.of("/x.sock")));
    }

    private Path write(String name, String content) throws Exception {
        return Files.writeString(base.resolve(name), content);
    }
}
