package org.closedloop.controller.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code closedloop stop [--end]}: operator stop of the running session (a run ramps down, the session is disarmed);
 * with {@code --end} the session then ends and closes its files. {@code --reset REASON} resets a latched fault.
 *
 * <p>Thread safety: runs once, on the main thread.
 */
@Command(name = "stop", mixinStandardHelpOptions = true,
        description = "Stop stimulation in the running session (ramp down, disarm); --end also ends the session; "
                + "--reset REASON resets a latched fault.")
final class StopCommand implements Callable<Integer> {
    @Mixin
    SessionCalls session;

    @Option(names = "--end", description = "Then end the session (files closed, manifest completed).")
    boolean end;

    @Option(names = "--reset", paramLabel = "REASON", description = "Reset a latched fault, saying what was found and "
            + "fixed; the session must then be armed again.")
    String reset;

    @Override
    public Integer call() throws Exception {
        if (reset != null) {
            return SessionCalls.print(session.call("reset " + reset.replace('\n', ' ')));
        }
        int rc = SessionCalls.print(session.call("stop"));
        if (end) {
            rc = Math.max(rc, SessionCalls.print(session.call("end")));
        }
        return rc;
    }
}
