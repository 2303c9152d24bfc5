package org.closedloop.controller.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.closedloop.controller.audit.AuditLog;
import org.closedloop.controller.audit.AuditVerification;
import org.closedloop.controller.daemon.ProtocolDaemon;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code closedloop audit verify}: checks the audit log's hash chain. Thread safety: runs once on the main thread. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "The append-only, hash-chained audit log of uploads, arming, faults and resets.",
        subcommands = {AuditCommand.Verify.class})
final class AuditCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Check that no entry of the audit log was changed, removed, inserted or reordered.",
                "Exit codes: 0 intact, 1 broken, 2 cannot read."})
    static final class Verify implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--log", paramLabel = "FILE", description = "The log. Default: audit.log in the daemon's store "
                + "($CLOSEDLOOP_STORE, else $XDG_DATA_HOME/closedloop, else ~/.local/share/closedloop).")
        Path log;

        @Option(names = "--store", paramLabel = "DIR", description = "The daemon's store, whose audit.log to check.")
        Path store;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            Path file = log != null ? log : DefaultPaths.ofSystem().store(store).resolve(ProtocolDaemon.AUDIT_LOG_NAME);
            if (!Files.exists(file)) {
                spec.commandLine().getErr().println("closedloop audit verify: log=" + file + ": no such file");
                return ExitCodes.USAGE_OR_IO;
            }
            AuditVerification v;
            try {
                v = AuditLog.verify(file);
            } catch (IOException e) {
                spec.commandLine().getErr().println("closedloop audit verify: log=" + file + ": " + e.getMessage());
                return ExitCodes.USAGE_OR_IO;
            }
            if (!v.intact()) {
                out.println(file + ": BROKEN at " + v.problem());
                out.println("  the first " + v.entries() + " entries are intact; head hash before the break " + v.headHash());
                return ExitCodes.REFUSED;
            }
            out.println(file + ": intact, " + v.entries() + " entries, head hash " + v.headHash());
            if (v.incompleteTailBytes() > 0) {
                out.println("  note: " + v.incompleteTailBytes() + " bytes of an entry cut off by a crash follow the"
                        + " last entry; the next append records and removes them");
            }
            out.println("  (removing entries from the end is visible only against a head hash recorded elsewhere,"
                    + " e.g. in a session manifest)");
            return ExitCodes.OK;
        }
    }
}
