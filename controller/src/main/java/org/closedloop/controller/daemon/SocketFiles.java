package org.closedloop.controller.daemon;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.tinylog.Logger;

/**
 * Checks and prepares the path of the daemon's Unix domain socket before it is bound. The socket file's permissions
 * decide who may talk to the daemon, so the path must not be somewhere others can swap it.
 *
 * <p>Thread safety: stateless; thread safe.
 */
public final class SocketFiles {

    /** sun_path is 108 bytes on Linux, including the terminating NUL. */
    static final int MAX_PATH_BYTES = 107;
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;
    private static final int S_ISVTX = 01000;
    private static final int S_IWOTH = 0002;

    private SocketFiles() {
    }

    /**
     * Makes {@code socket} ready to bind: creates its directory (0750) if missing; refuses a directory owned by
     * another user (other than root), a directory that anyone may write to without the sticky bit, a path that is too long, a file in the way that is not a socket, and a
     * socket another daemon is listening on; removes a stale socket left by a daemon that died.
     *
     * @throws DaemonStartException with a message that says how to fix it
     */
    public static void prepare(Path socket) throws IOException, DaemonStartException {
        Path abs = socket.toAbsolutePath();
        if (abs.toString().getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
            throw new DaemonStartException("socket=" + abs + " is longer than " + MAX_PATH_BYTES
                    + " bytes, the limit of a Unix socket path; choose a shorter --socket");
        }
        Path dir = abs.getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-x---")));
        }
        String owner = Files.getOwner(dir).getName();
        String me = System.getProperty("user.name");
        if (!owner.equals(me) && !owner.equals("root")) {
            throw new DaemonStartException("socket=" + abs + ": its directory " + dir + " belongs to user " + owner
                    + ", who could replace the socket; use a directory owned by " + me + " or root");
        }
        int dirMode = mode(dir);
        if ((dirMode & S_IWOTH) != 0 && (dirMode & S_ISVTX) == 0) {
            throw new DaemonStartException("socket=" + abs + ": its directory " + dir + " is writable by everyone "
                    + "without the sticky bit, so anyone could replace the socket; use a private directory "
                    + "(e.g. --socket $XDG_RUNTIME_DIR/closedloop/daemon.sock) or chmod o-w " + dir);
        }
        if (Files.exists(abs, LinkOption.NOFOLLOW_LINKS)) {
            if ((mode(abs) & S_IFMT) != S_IFSOCK) {
                throw new DaemonStartException("socket=" + abs + " exists and is not a socket; remove it or choose "
                        + "another --socket");
            }
            if (listening(abs)) {
                throw new DaemonStartException("socket=" + abs + ": another daemon is listening there; stop it first");
            }
            Files.delete(abs); // stale: left by a daemon that did not shut down cleanly
        }
    }

    private static boolean listening(Path socket) {
        try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            return c.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            return false;
        }
    }

    /** st_mode of a path, without following a symbolic link. */
    static int mode(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * {@link #prepare} then binds a Unix server socket at {@code socket} with mode 0660 (group members may connect).
     * Java cannot set the umask, so the socket is briefly created with the process's default mode; the directory
     * (0750 when we create it) keeps others out during that moment.
     */
    public static ServerSocketChannel bind(Path socket) throws IOException, DaemonStartException {
        Path abs = socket.toAbsolutePath();
        prepare(abs);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(abs));
            Files.setPosixFilePermissions(abs, PosixFilePermissions.fromString("rw-rw----"));
        } catch (IOException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** The OS user at the other end of a connection (SO_PEERCRED), or "unknown". */
    public static String peerUser(SocketChannel ch) {
        try {
            UnixDomainPrincipal p = ch.getOption(ExtendedSocketOptions.SO_PEERCRED);
            return p.user().getName();
        } catch (IOException | UnsupportedOperationException e) {
            return "unknown";
        }
    }

    /** A daemon thread (it never keeps the JVM alive) named {@code name}, not started. */
    public static Thread daemonThread(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Closes a connection, logging (at debug) rather than throwing if that fails. */
    public static void closeQuietly(SocketChannel c) {
        try {
            c.close();
        } catch (IOException e) {
            Logger.debug("closing a connection: {}", e.toString());
        }
    }
}
