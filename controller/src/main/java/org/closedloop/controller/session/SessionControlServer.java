package org.closedloop.controller.session;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.closedloop.controller.daemon.DaemonStartException;
import org.closedloop.controller.daemon.SocketFiles;
import org.closedloop.safety.interlock.ActionResult;
import org.tinylog.Logger;

/**
 * The running session's control socket: a Unix socket (mode 0660, never TCP) on which {@code closedloop arm},
 * {@code status}, {@code stop} and {@code reset} talk to the session. One request per connection, one line of UTF-8
 * text: {@code status}, {@code preview}, {@code arm TOKEN}, {@code stop}, {@code reset REASON}, {@code end}. The reply
 * is text whose first line starts with {@code OK}, {@code REFUSED} or {@code ERROR}. The operator is the OS user at
 * the other end (SO_PEERCRED): whoever may open the socket may arm, which is why its file permissions matter.
 *
 * <p><b>Thread safety:</b> one accept thread ({@code session-control}) handles requests one at a time.
 */
public final class SessionControlServer implements AutoCloseable {
    private static final int MAX_LINE = 1000;
    private final ServerSocketChannel server;
    private final Path socket;
    private final ClosedLoopSession session;
    private final Consumer<String> onEnd;
    private final Thread thread;

    private SessionControlServer(Path socket, ServerSocketChannel server, ClosedLoopSession session,
                                 Consumer<String> onEnd) {
        this.socket = socket;
        this.server = server;
        this.session = session;
        this.onEnd = onEnd;
        this.thread = new Thread(this::serve, "session-control");
        this.thread.setDaemon(true);
    }

    /**
     * Binds {@code socket} (0660) and serves {@code session}.
     *
     * @param onEnd called with the requesting user when a client asks to end the session
     */
    public static SessionControlServer start(Path socket, ClosedLoopSession session, Consumer<String> onEnd)
            throws IOException, DaemonStartException {
        Path abs = socket.toAbsolutePath();
        ServerSocketChannel ch = SocketFiles.bind(abs);
        SessionControlServer s = new SessionControlServer(abs, ch, session, onEnd);
        s.thread.start();
        return s;
    }

    public Path socket() {
        return socket;
    }

    private void serve() {
        while (server.isOpen()) {
            try (SocketChannel c = server.accept()) {
                String user = SocketFiles.peerUser(c);
                BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(c),
                        StandardCharsets.UTF_8));
                String line = in.readLine();
                String reply = line == null || line.length() > MAX_LINE ? "ERROR request missing or longer than "
                        + MAX_LINE + " characters\n" : handle(line.trim(), user);
                OutputStream out = Channels.newOutputStream(c);
                out.write(reply.getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                if (server.isOpen()) {
                    Logger.warn("session control: {}", e.getMessage());
                }
            }
        }
    }

    String handle(String line, String user) {
        String cmd = line.split("\\s+", 2)[0];
        String arg = line.length() > cmd.length() ? line.substring(cmd.length()).trim() : "";
        try {
            switch (cmd) {
                case "status":
                    return "OK\n" + session.statusLine() + "\n";
                case "preview": {
                    ClosedLoopSession.ArmPreview p = session.armPreview();
                    return "OK token " + p.token() + "\n" + p.text();
                }
                case "arm":
                    return result(session.arm(user, arg), "armed by " + user);
                case "stop":
                    return result(session.stop(user), "stopped by " + user);
                case "reset":
                    return result(session.resetFault(user, arg), "fault reset by " + user);
                case "end":
                    onEnd.accept(user);
                    return "OK the session is ending\n";
                default:
                    return "ERROR unknown request \"" + cmd + "\"; use status, preview, arm TOKEN, stop, reset REASON"
                            + " or end\n";
            }
        } catch (IOException | RuntimeException e) {
            return "ERROR " + e.getMessage() + "\n";
        }
    }

    private static String result(ActionResult r, String what) {
        if (r.accepted()) {
            return "OK " + what + ": " + r.reason() + " (state " + r.state() + ")\n";
        }
        StringBuilder b = new StringBuilder("REFUSED ").append(r.reason()).append(" (state ").append(r.state())
                .append(")\n");
        r.violations().forEach(v -> b.append("  ").append(v.message()).append('\n'));
        return b.toString();
    }

    /**
     * Sends one request and returns the reply.
     *
     * @throws IOException if no session is listening (the message says so)
     */
    public static String call(Path socket, String request) throws IOException {
        try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            try {
                c.connect(UnixDomainSocketAddress.of(socket));
            } catch (IOException e) {
                throw new IOException("no session is listening on " + socket + " (" + e.getMessage()
                        + "); start one with `closedloop run`", e);
            }
            c.write(java.nio.ByteBuffer.wrap((request + "\n").getBytes(StandardCharsets.UTF_8)));
            c.shutdownOutput();
            return new String(Channels.newInputStream(c).readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            Logger.warn("closing the session socket: {}", e.getMessage());
        }
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            Logger.warn("removing {}: {}", socket, e.getMessage());
        }
    }
}
