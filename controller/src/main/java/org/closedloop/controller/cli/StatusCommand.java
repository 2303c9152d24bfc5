package org.closedloop.controller.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code closedloop status}: the running session's status line (state, features, amplitude, loss, latency).
 *
 * <p>Thread safety: runs once, on the main thread.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the running session's state, features, stimulation amplitude, sample loss and latency.")
final class StatusCommand implements Callable<Integer> {
    @Mixin
    SessionCalls session;

    @Override
    public Integer call() throws Exception {
        return SessionCalls.print(session.call("status"));
    }
}
