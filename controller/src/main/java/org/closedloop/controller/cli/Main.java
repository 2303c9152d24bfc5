package org.closedloop.controller.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code ./closedloop}.
 *
 * <p><b>Thread safety:</b> runs once on the main thread.
 */
@Command(name = "closedloop", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Closed-loop tACS research controller. Run `closedloop demo` to see it work on the built-in simulator.",
        subcommands = {DemoCommand.class, SimCommand.class, AcquireCommand.class, StimSimCommand.class,
            StimDemoCommand.class, ProtocolCommand.class, DaemonCommand.class, AuditCommand.class, RunCommand.class,
            ArmCommand.class, StatusCommand.class, StopCommand.class, ReplayCommand.class, BenchLatencyCommand.class,
            DoctorCommand.class,
            CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, shared by main and the tests. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.registerConverter(java.time.Duration.class, new DurationConverter());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
