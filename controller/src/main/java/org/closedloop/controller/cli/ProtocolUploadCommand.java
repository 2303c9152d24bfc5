package org.closedloop.controller.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.closedloop.protocol.config.ProtocolCodec;
import org.closedloop.protocol.config.ProtocolFileFormat;
import org.closedloop.protocol.config.ProtocolParseException;
import org.closedloop.protocol.config.v1.DaemonRequest;
import org.closedloop.protocol.config.v1.SignedProtocol;
import org.closedloop.protocol.config.v1.UploadRequest;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code closedloop protocol upload FILE.signed.binpb}: hand a signed protocol to the daemon.
 *
 * <p>Thread safety: runs once, on the main thread.
 */
@Command(name = "upload", mixinStandardHelpOptions = true,
        description = {"Upload a signed protocol (FILE.signed.binpb from `closedloop protocol sign`) to the daemon, "
                + "which verifies the signature against its trusted keys, validates and stores it.",
                "On a remote Pi: scp FILE.signed.binpb pi@bench: && ssh pi@bench closedloop protocol upload FILE.signed.binpb"})
final class ProtocolUploadCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    DaemonCalls daemon;

    @Parameters(paramLabel = "FILE", description = "The signed protocol.")
    Path file;

    @Override
    public Integer call() {
        var err = spec.commandLine().getErr();
        SignedProtocol signed;
        try {
            signed = load(file);
        } catch (ProtocolParseException e) {
            err.println(file + (e.hasPosition() ? ":" + e.line() + ":" + e.column() : "") + ": parse error: " + e.reason());
            return ExitCodes.REFUSED;
        } catch (IOException | IllegalArgumentException e) {
            err.println(file + ": " + e.getMessage());
            return ExitCodes.USAGE_OR_IO;
        }
        DaemonRequest request = DaemonRequest.newBuilder().setUpload(UploadRequest.newBuilder().setSignedProtocol(signed)).build();
        return daemon.call(request, spec.commandLine().getOut(), err, (r, out) -> out.println(
                (r.getAlreadyStored() ? "already stored: " : "stored: ") + DaemonCalls.line(r.getEntry())
                        + "\n  sha256 " + r.getEntry().getSha256()));
    }

    /**
     * A signed file as it is; an unsigned protocol file is sent without a signature, so that the daemon's refusal
     * says exactly what is missing.
     */
    static SignedProtocol load(Path file) throws IOException, ProtocolParseException {
        if (ProtocolFileFormat.of(file) == ProtocolFileFormat.SIGNED) {
            return ProtocolCodec.parseSigned(ProtocolCodec.readCapped(file));
        }
        return SignedProtocol.newBuilder().setProtocol(ProtocolCodec.readFile(file).toByteString()).build();
    }
}
