package org.closedloop.controller.cli;

import java.util.concurrent.Callable;
import org.closedloop.protocol.config.v1.DaemonRequest;
import org.closedloop.protocol.config.v1.ShowRequest;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code closedloop protocol show SELECTOR}: one stored protocol in text format.
 *
 * <p>Thread safety: runs once, on the main thread.
 */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Print a stored protocol in text format, with its sha256, signer and upload time.")
final class ProtocolShowCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    DaemonCalls daemon;

    @Parameters(paramLabel = "SHA256|ID|ID@VERSION",
            description = "A sha256 (or 8+ of its first hex digits), an id (its highest version), or id@version.")
    String selector;

    @Override
    public Integer call() {
        return daemon.call(DaemonRequest.newBuilder().setShow(ShowRequest.newBuilder().setSelector(selector)).build(),
                spec.commandLine().getOut(), spec.commandLine().getErr(), (r, out) -> {
                    var e = r.getEntry();
                    out.println("# sha256:   " + e.getSha256());
                    out.println("# protocol: " + e.getId() + "@" + Integer.toUnsignedString(e.getVersion()) + ", "
                            + e.getSizeBytes() + " bytes");
                    out.println("# signer:   key id " + e.getSignerKeyId());
                    out.println("# uploaded: " + java.time.Instant.ofEpochMilli(e.getUploadedUnixMs()));
                    out.print(r.getProtocolText());
                });
    }
}
