package org.closedloop.controller.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.util.concurrent.Callable;
import org.closedloop.controller.signing.Ed25519Keys;
import org.closedloop.controller.signing.KeyFileException;
import org.closedloop.controller.signing.ProtocolSignatures;
import org.closedloop.protocol.config.ProtocolCodec;
import org.closedloop.protocol.config.ProtocolFileFormat;
import org.closedloop.protocol.config.v1.SignedProtocol;
import org.closedloop.protocol.config.v1.StimulationProtocol;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code closedloop protocol sign --key KEY FILE}: validate, then sign the canonical bytes.
 *
 * <p>Thread safety: runs once, on the main thread.
 */
@Command(name = "sign", mixinStandardHelpOptions = true,
        description = "Validate a protocol and sign its canonical binary form with your Ed25519 key; writes "
                + "FILE.signed.binpb (the protocol bytes, the signature and your key id). An invalid protocol is not signed.")
final class ProtocolSignCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--key", required = true, paramLabel = "KEY",
            description = "Your private key, NAME.key (NAME.pub must be next to it).")
    Path key;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Output file. Default: FILE with its extension replaced by .signed.binpb.")
    Path out;

    @Parameters(paramLabel = "FILE", description = "The protocol, .textproto or .binpb.")
    Path file;

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            if (ProtocolFileFormat.of(file) == ProtocolFileFormat.SIGNED) {
                err.println(file + " is already signed; sign the .textproto it was made from");
                return ExitCodes.USAGE_OR_IO;
            }
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return ExitCodes.USAGE_OR_IO;
        }
        KeyPair pair;
        try {
            pair = Ed25519Keys.readPair(key);
        } catch (KeyFileException | IOException e) {
            err.println(e.getMessage());
            return ExitCodes.USAGE_OR_IO;
        }
        StimulationProtocol p = ProtocolValidateCommand.read(file, err);
        if (p == null) {
            return ExitCodes.REFUSED;
        }
        if (!ProtocolValidateCommand.report(file, p, o)) {
            err.println("not signed: fix the problems above first");
            return ExitCodes.REFUSED;
        }
        SignedProtocol signed = ProtocolSignatures.sign(ProtocolCodec.toBinary(p), pair);
        Path target = out != null ? out : defaultOut(file);
        try {
            Path temp = Files.createTempFile(target.toAbsolutePath().getParent(), ".sign-", ".tmp");
            try {
                Files.write(temp, signed.toByteArray());
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            err.println("cannot write " + target + ": " + e);
            return ExitCodes.USAGE_OR_IO;
        }
        o.println("signed with key id=" + signed.getKeyId() + ": " + target);
        return ExitCodes.OK;
    }

    /** {@code dir/name.textproto} becomes {@code dir/name.signed.binpb}. */
    static Path defaultOut(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return file.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".signed.binpb");
    }
}
