package org.closedloop.controller.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.closedloop.controller.daemon.DaemonClient;
import org.closedloop.controller.session.SessionReplay;
import org.closedloop.protocol.config.ProtocolCodec;
import org.closedloop.protocol.config.v1.DaemonRequest;
import org.closedloop.protocol.config.v1.DaemonResponse;
import org.closedloop.protocol.config.v1.ShowRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code closedloop replay RECORDING --protocol ID}: feeds a recorded session through the same pipeline and compares
 * the decisions with the live session's {@code decisions.csv}.
 *
 * <p>Thread safety: runs once, on the main thread.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Replay a recorded session (its directory or recording.bdf) through the same features and rules; "
                + "print the decisions and whether they are identical to the live session's.")
final class ReplayCommand implements Callable<Integer> {
    @Parameters(paramLabel = "RECORDING", description = "A session directory or its recording.bdf.")
    Path recording;

    @Option(names = "--protocol", required = true, paramLabel = "SHA256|ID|ID@VERSION",
            description = "The protocol the session ran (from the daemon's store).")
    String protocol;

    @Option(names = "--socket", paramLabel = "PATH", description = "The daemon's socket.")
    Path socket;

    @Override
    public Integer call() throws Exception {
        DaemonResponse r = DaemonClient.call(DefaultPaths.ofSystem().socket(socket), DaemonRequest.newBuilder()
                .setShow(ShowRequest.newBuilder().setSelector(protocol)).build());
        if (r.getStatus() != DaemonResponse.Status.STATUS_OK) {
            System.err.println("closedloop replay: protocol " + protocol + " refused by the daemon: " + r.getMessage());
            return ExitCodes.REFUSED;
        }
        SessionReplay.Result result = SessionReplay.run(recording, ProtocolCodec.parseText(r.getProtocolText()));
        System.out.println("sample_index,rule,action,onset_samples,value");
        result.decisions().forEach(System.out::println);
        System.out.printf("replayed %d samples (%d no-data skipped): %d decisions%n", result.samples(),
                result.missing(), result.decisions().size());
        if (result.recorded() == null) {
            System.out.println("no decisions.csv next to the recording: nothing to compare");
            return ExitCodes.OK;
        }
        if (result.identical()) {
            System.out.println("IDENTICAL to the live session's " + result.recorded().size() + " decisions");
            return ExitCodes.OK;
        }
        int i = result.firstDifference();
        System.out.println("DIFFERENT from the live session at decision " + (i + 1) + ": live "
                + (i < result.recorded().size() ? result.recorded().get(i) : "(none)") + ", replay "
                + (i < result.decisions().size() ? result.decisions().get(i) : "(none)"));
        return ExitCodes.REFUSED;
    }
}
