package org.closedloop.controller.session;

import static org.closedloop.controller.daemon.SocketFiles.closeQuietly;
import static org.closedloop.controller.daemon.SocketFiles.daemonThread;

import java.io.IOException;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
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
 * <p>A client that has not sent its line {@link #REQUEST_DEADLINE_MS} after it connected (waiting for a reader
 * included) is cut off unanswered, and a request longer than {@link #MAX_LINE} bytes is refused without reading
 * further: a stray {@code nc -U} left open on the socket never keeps {@code closedloop stop} from the session. Once
 * read, a request is carried out and answered however long it takes (a preview measures impedance, up to 10 s), so
 * an operator is never told nothing about an action that happened.
 *
 * <p><b>Thread safety:</b> an accept thread ({@code session-control}) hands connections to {@value #READERS} worker
 * threads, which read and handle them concurrently (the session's methods are thread safe, so a {@code stop} never
 * waits behind a preview).
 */
public final class SessionControlServer implements AutoCloseable {
    /** Longest request line, in bytes. */
    static final int MAX_LINE = 1000;
    /** How long a client has to send its request line. */
    static final long REQUEST_DEADLINE_MS = 2000;
    private static final int READERS = 4;
    private static final int QUEUED_CONNECTIONS = 8;
    private final ServerSocketChannel server;
    private final Path socket;
    private final Requests requests;
    private final long deadlineMs;
    private final Thread thread;
    private final ThreadPoolExecutor readers;
    private final ScheduledExecutorService deadlines;

    /** Answers one request line from a user; called from several worker threads at once. */
    @FunctionalInterface
    interface Requests {
        String handle(String line, String user);
    }

    private SessionControlServer(Path socket, ServerSocketChannel server, Requests requests, long deadlineMs) {
        this.socket = socket;
        this.server = server;
        this.requests = requests;
        this.deadlineMs = deadlineMs;
        this.thread = daemonThread(this::acceptLoop, "session-control");
        this.readers = new ThreadPoolExecutor(READERS, READERS, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(QUEUED_CONNECTIONS), r -> daemonThread(r, "session-control-worker"));
        this.deadlines = Executors.newSingleThreadScheduledExecutor(r -> daemonThread(r, "session-control-deadlines"));
    }

    /**
     * Binds {@code socket} (0660) and serves {@code session}.
     *
     * @param onEnd called with the requesting user when a client asks to end the session
     */
    public static SessionControlServer start(Path socket, ClosedLoopSession session, Consumer<String> onEnd)
            throws IOException, DaemonStartException {
        return start(socket, (line, user) -> handle(session, onEnd, line, user), REQUEST_DEADLINE_MS);
    }

    /** Binds {@code socket} (0660) and answers each request line with {@code requests}. */
    static SessionControlServer start(Path socket, Requests requests, long deadlineMs)
            throws IOException, DaemonStartException {
        Path abs = socket.toAbsolutePath();
        ServerSocketChannel ch = SocketFiles.bind(abs);
        SessionControlServer s = new SessionControlServer(abs, ch, requests, deadlineMs);
        s.thread.start();
        return s;
    }

    public Path socket() {
        return socket;
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            SocketChannel c;
            try {
                c = server.accept();
            } catch (IOException e) {
                if (server.isOpen()) {
                    Logger.warn("session control: {}", e.getMessage());
                }
                continue;
            }
            // the deadline runs from the connection, so silent connections waiting for a worker expire too
            ScheduledFuture<?> deadline = deadlines.schedule(() -> closeQuietly(c), deadlineMs, TimeUnit.MILLISECONDS);
            try {
                readers.execute(() -> serve(c, deadline));
            } catch (RejectedExecutionException e) {
                if (server.isOpen()) {
                    Logger.warn("session control: {} connections busy or waiting; refusing a new one",
                            READERS + QUEUED_CONNECTIONS);
                    refuseBusy(c);
                }
                deadline.cancel(false);
                closeQuietly(c);
            }
        }
    }

    private static void refuseBusy(SocketChannel c) {
        try {
            c.configureBlocking(false); // never wait on a client here
            c.write(ByteBuffer.wrap(("ERROR busy: " + (READERS + QUEUED_CONNECTIONS) + " connections are being served"
                    + " or waiting; try again\n").getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            Logger.debug("session control: refusing a connection: {}", e.toString());
        }
    }

    private void serve(SocketChannel c, ScheduledFuture<?> deadline) {
        try (c) {
            String user = SocketFiles.peerUser(c);
            String line = readLine(c);
            if (!deadline.cancel(false)) {
                return; // cut off at the deadline (the channel is closed): nothing to answer, nothing done
            }
            String reply;
            if (line == null) {
                reply = "ERROR request longer than " + MAX_LINE + " bytes without an end of line; send one line\n";
            } else if (line.isBlank()) {
                reply = "ERROR empty request; send one line: status, preview, arm TOKEN, stop, reset REASON or end\n";
            } else {
                reply = requests.handle(line.trim(), user);
            }
            OutputStream out = Channels.newOutputStream(c);
            out.write(reply.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            if (server.isOpen()) {
                Logger.warn("session control: connection ended before its request was answered ({}; a client has "
                        + "{} ms to send one line)", e.toString(), deadlineMs);
            }
        } finally {
            deadline.cancel(false);
        }
    }

    /**
     * The request line without its end: the bytes up to the first newline, or up to the end of input ("" if none
     * came). Null if no newline came within {@link #MAX_LINE} bytes: the rest is never read.
     */
    static String readLine(SocketChannel c) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(MAX_LINE + 1);
        while (buf.hasRemaining()) {
            int from = buf.position();
            if (c.read(buf) < 0) {
                return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
            }
            for (int i = from; i < buf.position(); i++) {
                if (buf.get(i) == '\n') {
                    return new String(buf.array(), 0, i, StandardCharsets.UTF_8);
                }
            }
        }
        return null;
    }

    private static String handle(ClosedLoopSession session, Consumer<String> onEnd, String line, String user) {
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
            c.write(ByteBuffer.wrap((request + "\n").getBytes(StandardCharsets.UTF_8)));
            c.shutdownOutput();
            return new String(Channels.newInputStream(c).readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * Stops accepting, lets the requests being read finish (a reply being written, e.g. to {@code end}, still
     * arrives; a silent client is cut off at its deadline), removes the socket.
     */
    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            Logger.warn("closing the session socket: {}", e.getMessage());
        }
        readers.shutdown();
        try {
            if (!readers.awaitTermination(deadlineMs + 500, TimeUnit.MILLISECONDS)) {
                readers.shutdownNow();
            }
        } catch (InterruptedException e) {
            readers.shutdownNow();
            Thread.currentThread().interrupt();
        }
        deadlines.shutdownNow();
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            Logger.warn("removing {}: {}", socket, e.getMessage());
        }
    }
}
