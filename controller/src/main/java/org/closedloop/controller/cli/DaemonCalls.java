package org.closedloop.controller.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.closedloop.controller.daemon.DaemonClient;
import org.closedloop.protocol.config.v1.DaemonRequest;
import org.closedloop.protocol.config.v1.DaemonResponse;
import org.closedloop.protocol.config.v1.ProtocolEntry;
import picocli.CommandLine.Option;

/**
 * The {@code --socket} option of the commands that talk to the daemon, and how they print its answers.
 *
 * <p>Thread safety: not thread safe; one per command invocation.
 */
final class DaemonCalls {
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    @Option(names = "--socket", paramLabel = "PATH", description = "The daemon's socket. Default: $CLOSEDLOOP_SOCKET, "
            + "else $XDG_RUNTIME_DIR/closedloop/daemon.sock, else /tmp/closedloop-$USER/daemon.sock.")
    Path socket;

    /** Sends the request; prints refusals (with every problem) to {@code err}; returns the exit code. */
    int call(DaemonRequest request, PrintWriter out, PrintWriter err, ResponsePrinter onOk) {
        DaemonResponse r;
        try {
            r = DaemonClient.call(DefaultPaths.ofSystem().socket(socket), request);
        } catch (IOException e) {
            err.println(e.getMessage());
            err.flush();
            return ExitCodes.USAGE_OR_IO;
        }
        if (r.getStatus() != DaemonResponse.Status.STATUS_OK) {
            err.println("refused (" + r.getReason().name().replace("REFUSAL_REASON_", "") + "): " + r.getMessage());
            for (String p : r.getProblemsList()) {
                err.println("  " + p);
            }
            for (ProtocolEntry e : r.getEntriesList()) {
                err.println("  " + line(e));
            }
            err.flush();
            return ExitCodes.REFUSED;
        }
        onOk.print(r, out);
        out.flush();
        return ExitCodes.OK;
    }

    /** One protocol on one line: sha256 prefix, id@version, signer, upload time, title. */
    static String line(ProtocolEntry e) {
        return String.format("%s  %-32s  key %s  %s  %s", e.getSha256().substring(0, 16),
                e.getId() + "@" + Integer.toUnsignedString(e.getVersion()), e.getSignerKeyId(),
                UTC.format(Instant.ofEpochMilli(e.getUploadedUnixMs())), e.getTitle());
    }

    /** Prints a successful response. */
    @FunctionalInterface
    interface ResponsePrinter {
        void print(DaemonResponse r, PrintWriter out);
    }
}
