package org.closedloop.controller.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.closedloop.controller.config.Problem;
import org.closedloop.controller.config.ProtocolValidator;
import org.closedloop.protocol.config.ProtocolCodec;
import org.closedloop.protocol.config.ProtocolFileFormat;
import org.closedloop.protocol.config.ProtocolParseException;
import org.closedloop.protocol.config.v1.StimulationProtocol;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code closedloop protocol validate FILE...}: every problem of each file, at once.
 *
 * <p>Thread safety: runs once, on the main thread.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Check protocol files and print every problem at once: parse errors as FILE:LINE:COLUMN, "
                + "other problems with their field path; safety limits come from the safety module's plan check.",
                "The format follows the file name: " + ProtocolFileFormat.ACCEPTED + "."})
final class ProtocolValidateCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Protocol files.")
    List<Path> files;

    @Override
    public Integer call() {
        int rc = ExitCodes.OK;
        for (Path f : files) {
            rc = Math.max(rc, validate(f, spec.commandLine().getOut(), spec.commandLine().getErr()));
        }
        return rc;
    }

    /** Reads and validates one file, printing the outcome; returns its exit code. */
    static int validate(Path file, PrintWriter out, PrintWriter err) {
        StimulationProtocol p = read(file, err);
        if (p == null) {
            return ExitCodes.REFUSED;
        }
        boolean valid = report(file, p, out);
        if (ProtocolFileFormat.of(file) == ProtocolFileFormat.SIGNED) {
            out.println("  (the signature was not checked here; the daemon checks it against its trusted keys)");
            out.flush();
        }
        return valid ? ExitCodes.OK : ExitCodes.REFUSED;
    }

    /** Reads a protocol file, printing a parse or I/O error to {@code err}; null if it cannot be read. */
    static StimulationProtocol read(Path file, PrintWriter err) {
        try {
            return ProtocolCodec.readFile(file);
        } catch (ProtocolParseException e) {
            err.println(file + (e.hasPosition() ? ":" + e.line() + ":" + e.column() : "") + ": parse error: " + e.reason());
        } catch (IOException | IllegalArgumentException e) {
            err.println(file + ": " + e.getMessage());
        }
        err.flush();
        return null;
    }

    /** Prints whether the protocol is valid, with every problem; true if valid. */
    static boolean report(Path file, StimulationProtocol p, PrintWriter out) {
        List<Problem> problems = ProtocolValidator.validate(p);
        if (problems.isEmpty()) {
            out.println(file + ": valid: id=" + p.getId() + " version=" + p.getVersion() + " sha256="
                    + ProtocolCodec.sha256Hex(ProtocolCodec.toBinary(p)));
        } else {
            out.println(file + ": INVALID: " + problems.size() + " problem" + (problems.size() == 1 ? "" : "s"));
            for (Problem problem : problems) {
                out.println("  " + problem);
            }
        }
        out.flush();
        return problems.isEmpty();
    }
}
