package org.closedloop.controller.cli;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the protocol commands and the daemon look when no option is given. Each path: the option if given, else
 * its environment variable, else an XDG location:
 * <ul>
 *   <li>socket: {@code --socket}, {@code CLOSEDLOOP_SOCKET}, {@code $XDG_RUNTIME_DIR/closedloop/daemon.sock},
 *       else {@code /tmp/closedloop-$USER/daemon.sock};</li>
 *   <li>store: {@code --store}, {@code CLOSEDLOOP_STORE}, {@code $XDG_DATA_HOME/closedloop}, else
 *       {@code ~/.local/share/closedloop};</li>
 *   <li>trusted keys: {@code --trusted-keys}, {@code CLOSEDLOOP_TRUSTED_KEYS},
 *       {@code $XDG_CONFIG_HOME/closedloop/trusted-keys}, else {@code ~/.config/closedloop/trusted-keys};</li>
 *   <li>an author's own keys ({@code keygen --out}): {@code $XDG_CONFIG_HOME/closedloop/keys}, else
 *       {@code ~/.config/closedloop/keys}.</li>
 * </ul>
 *
 * <p>Thread safety: immutable.
 */
final class DefaultPaths {

    static final String SOCKET_ENV = "CLOSEDLOOP_SOCKET";
    static final String STORE_ENV = "CLOSEDLOOP_STORE";
    static final String TRUSTED_KEYS_ENV = "CLOSEDLOOP_TRUSTED_KEYS";
    static final String RECORDINGS_ENV = "CLOSEDLOOP_RECORDINGS";

    private final Map<String, String> env;
    private final Path home;
    private final String user;

    DefaultPaths(Map<String, String> env, Path home, String user) {
        this.env = env;
        this.home = home;
        this.user = user;
    }

    /** From this process's environment, home directory and user name. */
    static DefaultPaths ofSystem() {
        return new DefaultPaths(System.getenv(), Path.of(System.getProperty("user.home")),
                System.getProperty("user.name"));
    }

    Path socket(Path option) {
        if (option != null) {
            return option;
        }
        if (set(SOCKET_ENV)) {
            return Path.of(env.get(SOCKET_ENV));
        }
        if (set("XDG_RUNTIME_DIR")) {
            return Path.of(env.get("XDG_RUNTIME_DIR"), "closedloop", "daemon.sock");
        }
        return Path.of("/tmp", "closedloop-" + user, "daemon.sock");
    }

    Path store(Path option) {
        if (option != null) {
            return option;
        }
        if (set(STORE_ENV)) {
            return Path.of(env.get(STORE_ENV));
        }
        return set("XDG_DATA_HOME") ? Path.of(env.get("XDG_DATA_HOME"), "closedloop")
                : home.resolve(".local/share/closedloop");
    }

    Path trustedKeys(Path option) {
        if (option != null) {
            return option;
        }
        if (set(TRUSTED_KEYS_ENV)) {
            return Path.of(env.get(TRUSTED_KEYS_ENV));
        }
        return config().resolve("trusted-keys");
    }

    Path authorKeys(Path option) {
        return option != null ? option : config().resolve("keys");
    }

    /**
     * Where sessions are recorded: {@code --recordings-dir}, {@code CLOSEDLOOP_RECORDINGS}, else {@code recordings} in the
     * store's directory.
     */
    Path sessions(Path option, Path storeOption) {
        if (option != null) {
            return option;
        }
        if (set(RECORDINGS_ENV)) {
            return Path.of(env.get(RECORDINGS_ENV));
        }
        return store(storeOption).resolve("recordings");
    }

    /** The running session's control socket: {@code --session-socket}, else {@code session.sock} next to the daemon's. */
    Path sessionSocket(Path option, Path daemonSocketOption) {
        return option != null ? option : socket(daemonSocketOption).resolveSibling("session.sock");
    }

    private Path config() {
        return set("XDG_CONFIG_HOME") ? Path.of(env.get("XDG_CONFIG_HOME"), "closedloop") : home.resolve(".config/closedloop");
    }

    private boolean set(String name) {
        String v = env.get(name);
        return v != null && !v.isBlank();
    }
}
