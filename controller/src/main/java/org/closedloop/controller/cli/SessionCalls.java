package org.closedloop.controller.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.closedloop.controller.session.SessionControlServer;
import picocli.CommandLine.Option;

/**
 * The socket options of the commands that talk to a running session ({@code arm}, {@code status}, {@code stop}).
 *
 * <p>Thread safety: not thread safe; one per command invocation.
 */
final class SessionCalls {
    @Option(names = "--session-socket", paramLabel = "PATH", description = "The session's control socket. Default: "
            + "session.sock next to the daemon's socket ($XDG_RUNTIME_DIR/closedloop/session.sock).")
    Path sessionSocket;

    @Option(names = "--socket", paramLabel = "PATH", description = "The daemon's socket (its directory holds the "
            + "session's socket by default).")
    Path daemonSocket;

    /** Sends one request; the reply's first line starts with OK, REFUSED or ERROR. */
    String call(String request) throws IOException {
        return SessionControlServer.call(DefaultPaths.ofSystem().sessionSocket(sessionSocket, daemonSocket), request);
    }

    /** Prints the reply and maps its first word to an exit code. */
    static int print(String reply) {
        System.out.print(reply);
        System.out.flush();
        return reply.startsWith("OK") ? ExitCodes.OK : reply.startsWith("REFUSED") ? ExitCodes.REFUSED
                : ExitCodes.USAGE_OR_IO;
    }
}
