package org.closedloop.controller.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.concurrent.Callable;
import org.closedloop.controller.signing.Ed25519Keys;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code closedloop protocol keygen}: a new Ed25519 signing key pair.
 *
 * <p>Thread safety: runs once, on the main thread.
 */
@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = "Create an Ed25519 key pair for signing protocols: NAME.key (private, permissions 0600; keep it "
                + "secret) and NAME.pub (give it to the daemon's administrator for the trusted-keys directory).")
final class ProtocolKeygenCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Directory for the key files. Default: $XDG_CONFIG_HOME/closedloop/keys or ~/.config/closedloop/keys.")
    Path out;

    @Option(names = "--name", paramLabel = "NAME", description = "File name of the pair. Default: your user name.")
    String name;

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path dir = DefaultPaths.ofSystem().authorKeys(out);
        String n = name != null ? name : System.getProperty("user.name");
        if (!n.matches("[A-Za-z0-9._-]{1,64}")) {
            err.println("name=" + n + ": use 1-64 characters of [A-Za-z0-9._-]");
            return ExitCodes.USAGE_OR_IO;
        }
        KeyPair pair = Ed25519Keys.generate();
        try {
            Ed25519Keys.write(pair, dir, n);
        } catch (FileAlreadyExistsException e) {
            err.println("key " + e.getFile() + " exists; keys are never overwritten: choose another --name or --out");
            return ExitCodes.USAGE_OR_IO;
        } catch (IOException e) {
            err.println("cannot write the key files in " + dir + ": " + e);
            return ExitCodes.USAGE_OR_IO;
        }
        o.println("private key: " + dir.resolve(n + Ed25519Keys.PRIVATE_SUFFIX) + " (0600; keep it secret, never copy it to the Pi)");
        o.println("public key:  " + dir.resolve(n + Ed25519Keys.PUBLIC_SUFFIX) + " (install it in the daemon's trusted-keys directory)");
        o.println("key id:      " + Ed25519Keys.keyId(pair.getPublic()));
        return ExitCodes.OK;
    }
}
