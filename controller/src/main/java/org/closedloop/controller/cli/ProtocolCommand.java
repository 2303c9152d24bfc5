package org.closedloop.controller.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code closedloop protocol ...}: write, validate, sign and upload stimulation protocols.
 *
 * <p>Thread safety: runs once, on the main thread.
 */
@Command(name = "protocol", mixinStandardHelpOptions = true,
        description = {"Stimulation protocols: validate, keygen, sign, then upload to the daemon; list and show what it stores.",
                "Exit codes: 0 ok, 1 invalid or refused, 2 usage or I/O error."},
        subcommands = {ProtocolValidateCommand.class, ProtocolKeygenCommand.class, ProtocolSignCommand.class,
                ProtocolUploadCommand.class, ProtocolListCommand.class, ProtocolShowCommand.class})
final class ProtocolCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
