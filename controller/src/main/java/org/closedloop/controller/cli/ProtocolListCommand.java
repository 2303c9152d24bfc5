package org.closedloop.controller.cli;

import java.util.concurrent.Callable;
import org.closedloop.protocol.config.v1.DaemonRequest;
import org.closedloop.protocol.config.v1.ListRequest;
import org.closedloop.protocol.config.v1.ProtocolEntry;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code closedloop protocol list}: what the daemon stores.
 *
 * <p>Thread safety: runs once, on the main thread.
 */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List the protocols the daemon stores: sha256 (first 16 hex digits), id@version, signer key id, "
                + "upload time (UTC), title.")
final class ProtocolListCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    DaemonCalls daemon;

    @Override
    public Integer call() {
        return daemon.call(DaemonRequest.newBuilder().setList(ListRequest.getDefaultInstance()).build(),
                spec.commandLine().getOut(), spec.commandLine().getErr(), (r, out) -> {
                    for (ProtocolEntry e : r.getEntriesList()) {
                        out.println(DaemonCalls.line(e));
                    }
                    out.println(r.getEntriesCount() + " protocol" + (r.getEntriesCount() == 1 ? "" : "s"));
                });
    }
}
