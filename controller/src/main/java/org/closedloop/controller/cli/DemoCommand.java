package org.closedloop.controller.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.closedloop.controller.daemon.DaemonClient;
import org.closedloop.controller.daemon.ProtocolDaemon;
import org.closedloop.controller.daemon.ProtocolStore;
import org.closedloop.controller.session.SessionLock;
import org.closedloop.controller.signing.Ed25519Keys;
import org.closedloop.controller.signing.ProtocolSignatures;
import org.closedloop.controller.signing.TrustedKeys;
import org.closedloop.protocol.config.ProtocolCodec;
import org.closedloop.protocol.config.v1.DaemonRequest;
import org.closedloop.protocol.config.v1.DaemonResponse;
import org.closedloop.protocol.config.v1.SignedProtocol;
import org.closedloop.protocol.config.v1.StimulationProtocol;
import org.closedloop.protocol.config.v1.UploadRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code closedloop demo}: the main job on the built-in simulators, with nothing set up: a demo signing key is made,
 * the example closed-loop protocol is signed and uploaded to a daemon of its own, and a session runs on the simulated
 * board and stimulator ({@code run --sim}), armed by the demo on an operator's behalf (saying so); stimulation is
 * triggered by the simulated alpha bursts; the recording, features, decisions and manifest are left in a directory
 * whose path is printed.
 *
 * <p><b>Thread safety:</b> runs once on the main thread.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run a closed-loop session on the built-in simulators (SYNTHETIC DATA): sign and upload the "
                + "example protocol, arm on the demo operator's behalf, stimulate on alpha bursts, write the files.")
final class DemoCommand implements Callable<Integer> {
    @ParentCommand
    Main parent;

    static final String PROTOCOL = "closed-loop-alpha-phase.textproto";

    @Option(names = "--duration", defaultValue = "60s", description = "Session length. Default: ${DEFAULT-VALUE}.")
    Duration duration;

    @Option(names = "--seed", defaultValue = "11", description = "Seed of the synthetic EEG. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--dir", paramLabel = "DIR", description = "Where the demo keeps its key, store and session. "
            + "Default: a new directory under the system's temporary directory.")
    Path dir;

    @Override
    public Integer call() throws Exception {
        Path home = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("closedloop-demo");
        System.out.println("closedloop demo: everything SIMULATED; files under " + home);
        // 1. a demo author key, trusted by the demo's daemon
        KeyPair pair = Ed25519Keys.generate();
        Ed25519Keys.write(pair, home.resolve("keys"), "demo");
        Path trusted = Files.createDirectories(home.resolve("trusted-keys"));
        Files.copy(home.resolve("keys").resolve("demo" + Ed25519Keys.PUBLIC_SUFFIX),
                trusted.resolve("demo" + Ed25519Keys.PUBLIC_SUFFIX));
        Path store = home.resolve("store");
        Path socket = home.resolve("daemon.sock");
        try (ProtocolDaemon daemon = ProtocolDaemon.start(socket, ProtocolStore.open(store), TrustedKeys.load(trusted),
                SessionLock.guard(store.resolve(SessionLock.FILE_NAME)))) {
            // 2. sign the example protocol and upload it
            StimulationProtocol p = ProtocolCodec.parseText(example());
            SignedProtocol signed = ProtocolSignatures.sign(ProtocolCodec.toBinary(p), pair);
            DaemonResponse r = DaemonClient.call(socket, DaemonRequest.newBuilder()
                    .setUpload(UploadRequest.newBuilder().setSignedProtocol(signed)).build());
            if (r.getStatus() != DaemonResponse.Status.STATUS_OK) {
                System.err.println("closedloop demo: upload refused: " + r.getMessage() + " " + r.getProblemsList());
                return ExitCodes.REFUSED;
            }
            System.out.println("  signed examples/" + PROTOCOL + " with demo key " + r.getEntry().getSignerKeyId()
                    + " and uploaded it: sha256 " + r.getEntry().getSha256());
            System.out.println("  " + p.getTitle());
            // 3. the session, on the simulators, armed by the demo on an operator's behalf
            RunCommand run = new RunCommand();
            run.parent = parent;
            run.protocol = r.getEntry().getSha256();
            run.subject = "DEMO-01";
            run.sim = true;
            run.seed = seed;
            run.duration = duration;
            run.armAs = "demo-operator";
            run.armAfter = Duration.ofSeconds(5);
            run.socket = socket;
            run.store = store;
            run.sessionsDir = home.resolve("sessions");
            run.sessionSocket = home.resolve("session.sock");
            run.acquisitionLatencyMs = 0;
            // the longest horizon: the demo runs on any machine, including busy ones where a thread can wait tens of
            // milliseconds for a core, and the simulated stimulator rightly faults (UNDERRUN) if its queue runs dry
            run.horizonMs = 90;
            System.out.println("  columns: time, interlock state, features (relative alpha power, alpha phase in rad), "
                    + "stimulation amplitude, samples lost, rule decisions, decision latency");
            return run.call();
        }
    }

    /** The example closed-loop protocol's text, from the jar (the build copies examples/ into it). */
    static String example() throws IOException {
        try (InputStream in = DemoCommand.class.getResourceAsStream("/examples/" + PROTOCOL)) {
            if (in == null) {
                throw new IOException("examples/" + PROTOCOL + " is missing from the jar; rebuild with ./closedloop");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
