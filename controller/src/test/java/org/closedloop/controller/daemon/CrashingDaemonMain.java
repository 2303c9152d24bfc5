package org.closedloop.controller.daemon;

import java.nio.file.Path;
import org.closedloop.controller.signing.TrustedKeys;

/**
 * A daemon, run in its own JVM by {@link ProtocolStoreCrashTest}, that dies in the middle of writing an upload: the
 * store's write hook halts the JVM (no finally blocks, no shutdown hooks, like {@code kill -9}) after half the file.
 * Arguments: store directory, trusted-keys directory, socket path. Prints {@code ready} when it listens.
 */
public final class CrashingDaemonMain {

    /** Exit status of the simulated crash. */
    static final int CRASH_STATUS = 137;

    private CrashingDaemonMain() {
    }

    public static void main(String[] args) throws Exception {
        ProtocolStore store = ProtocolStore.open(Path.of(args[0]), temp -> {
            System.out.println("half-written " + temp);
            System.out.flush();
            Runtime.getRuntime().halt(CRASH_STATUS);
        });
        ProtocolDaemon.start(Path.of(args[2]), store, TrustedKeys.load(Path.of(args[1])), SessionGuard.NO_SESSION);
        System.out.println("ready");
        System.out.flush();
        Thread.currentThread().join();
    }
}
