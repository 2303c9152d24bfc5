package org.closedloop.controller.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;
import org.closedloop.controller.doctor.CheckResult;
import org.closedloop.controller.doctor.CheckStatus;
import org.closedloop.controller.doctor.ClockCheck;
import org.closedloop.controller.doctor.DiskSpaceCheck;
import org.closedloop.controller.doctor.DistinctPortsCheck;
import org.closedloop.controller.doctor.Doctor;
import org.closedloop.controller.doctor.DoctorCheck;
import org.closedloop.controller.doctor.GpioCheck;
import org.closedloop.controller.doctor.HostRoots;
import org.closedloop.controller.doctor.JavaRuntimeCheck;
import org.closedloop.controller.doctor.LatencyTimerCheck;
import org.closedloop.controller.doctor.NativeLibrariesCheck;
import org.closedloop.controller.doctor.PortRole;
import org.closedloop.controller.doctor.ProcessIdentity;
import org.closedloop.controller.doctor.SerialPortCheck;
import org.closedloop.controller.doctor.TrustedKeysCheck;
import org.closedloop.controller.gpio.GpioConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code closedloop doctor}: is this Raspberry Pi ready for a session? Every check prints OK, WARN or FAIL, what it
 * found, and for a problem how to fix it. Read-only: no port is opened, no GPIO line driven.
 *
 * <p><b>Thread safety:</b> runs once on the main thread.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {"Check that this machine is ready to run the controller: Java, native libraries, the "
                + "acquisition and stimulator ports (present, permitted, FTDI latency timer), GPIO, the clock, disk "
                + "space for recordings, trusted keys. Says how to fix each problem. Reads only: opens no port, drives "
                + "no GPIO line.",
                "Run it as the daemon's user to see what the daemon sees: sudo -u closedloop closedloop doctor",
                "Exit codes: 0 ready (warnings allowed), 1 at least one FAIL, 2 usage error."})
final class DoctorCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--eeg-port", paramLabel = "PATH", description = "Acquisition port. Default: /dev/closedloop-eeg "
            + "(the name the distribution's udev rules give the OpenBCI dongle).")
    Path eegPort = PortRole.EEG.defaultPath();

    @Option(names = "--stim-port", paramLabel = "PATH", description = "Stimulator port. Default: /dev/closedloop-stim.")
    Path stimPort = PortRole.STIMULATOR.defaultPath();

    @Option(names = "--trusted-keys", paramLabel = "DIR", description = "The daemon's trusted keys. Default: "
            + "$CLOSEDLOOP_TRUSTED_KEYS, else $XDG_CONFIG_HOME/closedloop/trusted-keys, else "
            + "~/.config/closedloop/trusted-keys.")
    Path trustedKeys;

    @Option(names = "--store", paramLabel = "DIR", description = "The daemon's store. Default: $CLOSEDLOOP_STORE, else "
            + "$XDG_DATA_HOME/closedloop, else ~/.local/share/closedloop.")
    Path store;

    @Option(names = "--recordings", paramLabel = "DIR", description = "Where recordings are written, for the disk-space "
            + "check. Default: $" + DefaultPaths.RECORDINGS_ENV + ", else STORE/recordings.")
    Path recordings;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        HostRoots roots = HostRoots.system();
        String user = System.getProperty("user.name");
        ProcessIdentity identity;
        try {
            identity = ProcessIdentity.read(roots.proc(), user);
        } catch (IOException e) {
            spec.commandLine().getErr().println("closedloop doctor: cannot tell who this process is: " + e.getMessage());
            return ExitCodes.USAGE_OR_IO;
        }
        DefaultPaths paths = DefaultPaths.ofSystem();
        List<DoctorCheck> checks = List.of(
                JavaRuntimeCheck.ofThisJvm(),
                NativeLibrariesCheck.ofThisJvm(),
                new SerialPortCheck(PortRole.EEG, eegPort, identity),
                new LatencyTimerCheck(PortRole.EEG, eegPort, roots.sys()),
                new SerialPortCheck(PortRole.STIMULATOR, stimPort, identity),
                new LatencyTimerCheck(PortRole.STIMULATOR, stimPort, roots.sys()),
                new DistinctPortsCheck(eegPort, stimPort),
                new GpioCheck(roots, identity, GpioConfig.defaults()),
                new ClockCheck(roots.run(), Instant.now(), VersionProvider.releasedAt(), ZoneId.systemDefault()),
                DiskSpaceCheck.of(paths.sessions(recordings, store)),
                new TrustedKeysCheck(paths.trustedKeys(trustedKeys), user));
        List<CheckResult> results = Doctor.run(checks);
        out.println("closedloop doctor " + VersionProvider.version() + ", as user " + user + " (uid " + identity.uid()
                + ")");
        if (identity.isRoot()) {
            out.println("note: root may open every device; to check the daemon's permissions run: "
                    + "sudo -u closedloop closedloop doctor");
        }
        print(results, out);
        out.flush();
        return Doctor.worst(results) == CheckStatus.FAIL ? ExitCodes.REFUSED : ExitCodes.OK;
    }

    /** One line per check, a {@code fix:} line under each problem, and the counts. */
    static void print(List<CheckResult> results, PrintWriter out) {
        int width = results.stream().mapToInt(r -> r.name().length()).max().orElse(0);
        int[] counts = new int[CheckStatus.values().length];
        for (CheckResult r : results) {
            counts[r.status().ordinal()]++;
            out.printf("%-4s  %-" + width + "s  %s%n", r.status(), r.name(), r.detail());
            if (!r.fix().isEmpty()) {
                out.printf("      %-" + width + "s  fix: %s%n", "", r.fix());
            }
        }
        out.printf("%d FAIL, %d WARN, %d OK%n", counts[CheckStatus.FAIL.ordinal()], counts[CheckStatus.WARN.ordinal()],
                counts[CheckStatus.OK.ordinal()]);
    }
}
