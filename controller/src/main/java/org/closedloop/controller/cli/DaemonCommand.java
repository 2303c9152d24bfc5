package org.closedloop.controller.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.closedloop.controller.daemon.DaemonStartException;
import org.closedloop.controller.daemon.ProtocolDaemon;
import org.closedloop.controller.daemon.ProtocolStore;
import org.closedloop.controller.session.SessionLock;
import org.closedloop.controller.signing.KeyFileException;
import org.closedloop.controller.signing.TrustedKeys;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code closedloop daemon}: the protocol store and its Unix socket, until stopped.
 *
 * <p>Thread safety: runs on the main thread, which waits for the shutdown hook (SIGTERM, Ctrl-C) to close the daemon.
 */
@Command(name = "daemon", mixinStandardHelpOptions = true,
        description = {"Run the controller daemon: owns the protocol store and serves `closedloop protocol "
                + "upload|list|show` on a Unix domain socket (no TCP). The socket is made 0660: its owner and group "
                + "may talk to the daemon, nobody else. Stop it with Ctrl-C or SIGTERM.",
                "Exit codes: 0 stopped, 2 could not start."})
final class DaemonCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--store", paramLabel = "DIR", description = "Protocol store. Default: $CLOSEDLOOP_STORE, else "
            + "$XDG_DATA_HOME/closedloop, else ~/.local/share/closedloop.")
    Path store;

    @Option(names = "--trusted-keys", paramLabel = "DIR", description = "Directory of trusted authors' NAME.pub files "
            + "(read at start). Default: $CLOSEDLOOP_TRUSTED_KEYS, else $XDG_CONFIG_HOME/closedloop/trusted-keys, "
            + "else ~/.config/closedloop/trusted-keys.")
    Path trustedKeys;

    @Option(names = "--socket", paramLabel = "PATH", description = "Socket path. Default: $CLOSEDLOOP_SOCKET, else "
            + "$XDG_RUNTIME_DIR/closedloop/daemon.sock, else /tmp/closedloop-$USER/daemon.sock.")
    Path socket;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        DefaultPaths paths = DefaultPaths.ofSystem();
        ProtocolDaemon daemon;
        try {
            TrustedKeys keys = TrustedKeys.load(paths.trustedKeys(trustedKeys));
            if (keys.size() == 0) {
                err.println("warning: no trusted keys in " + keys.dir() + ": every upload will be refused");
            }
            daemon = ProtocolDaemon.start(paths.socket(socket), ProtocolStore.open(paths.store(store)), keys,
                    SessionLock.guard(paths.store(store).resolve(SessionLock.FILE_NAME)));
        } catch (KeyFileException | DaemonStartException e) {
            err.println("closedloop daemon: " + e.getMessage());
            return ExitCodes.USAGE_OR_IO;
        } catch (IOException e) {
            err.println("closedloop daemon: cannot start: " + e);
            return ExitCodes.USAGE_OR_IO;
        }
        out.println("closedloop daemon: listening on " + daemon.socket() + "; Ctrl-C to stop");
        out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            daemon.close();
            stopped.countDown();
        }, "daemon-shutdown"));
        stopped.await();
        return ExitCodes.OK;
    }
}
