package org.closedloop.controller.cli;

import java.io.InputStream;
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

    /** Where commands read what a person types (the software E-stop, the arming confirmation, fault commands). */
    private final InputStream console;

    private Main(InputStream console) {
        this.console = console;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, reading the console from {@code System.in}. */
    public static CommandLine commandLine() {
        return commandLine(System.in);
    }

    /**
     * The configured command line, shared by main and the tests; commands read typed input from {@code console}.
     * Tests pass their own: in a test JVM, System.in is the test runner's command channel, and a command reading it
     * would take the runner's messages (surefire then waits 30 s for an exit acknowledgement that was swallowed).
     */
    public static CommandLine commandLine(InputStream console) {
        CommandLine cl = new CommandLine(new Main(console));
        cl.registerConverter(java.time.Duration.class, new DurationConverter());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }

    /** The console of {@code parent}, or System.in for a command made outside a command line. */
    static InputStream console(Main parent) {
        return parent == null ? System.in : parent.console;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
