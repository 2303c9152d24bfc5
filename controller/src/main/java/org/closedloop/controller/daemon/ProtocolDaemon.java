package org.closedloop.controller.daemon;

import static org.closedloop.controller.daemon.SocketFiles.closeQuietly;
import static org.closedloop.controller.daemon.SocketFiles.daemonThread;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.google.protobuf.InvalidProtocolBufferException;
import org.closedloop.controller.audit.AuditLog;
import org.closedloop.controller.signing.TrustedKeys;
import org.closedloop.protocol.config.DelimitedFrames;
import org.closedloop.protocol.config.v1.DaemonRequest;
import org.closedloop.protocol.config.v1.DaemonResponse;
import org.closedloop.protocol.config.v1.RefusalReason;
import org.tinylog.Logger;

/**
 * The controller daemon: owns the protocol store and answers {@code closedloop protocol upload|list|show} on a Unix
 * domain socket only (there is no TCP listener). The socket file is made {@code 0660} right after it is bound, so
 * its owner and group may connect and nobody else; remote authors reach it through SSH.
 *
 * <p>One request and one response per connection, each a length-delimited protobuf message. A request whose
 * declared length is above {@link #MAX_REQUEST_BYTES} is refused ({@code TOO_LARGE}) from its length prefix, before
 * any of it is read. A connection that has not finished after {@link #CONNECTION_DEADLINE_MS} is closed, so a silent
 * client cannot hold a worker.
 *
 * <p>Thread safety: an acceptor thread hands connections to a pool of {@link #WORKERS} worker threads (up to
 * {@link #QUEUED_CONNECTIONS} more wait; beyond that a connection is closed at once); {@link #close()} may be called
 * from any thread.
 */
public final class ProtocolDaemon implements AutoCloseable {
    /** The audit log's file name inside the store directory. */
    public static final String AUDIT_LOG_NAME = "audit.log";

    /** Largest request accepted (1 MiB): a signed protocol of {@code ProtocolCodec.MAX_PROTOCOL_BYTES} fits easily. */
    public static final int MAX_REQUEST_BYTES = 1024 * 1024;
    /** Time a client has to send its request and receive the response. */
    public static final long CONNECTION_DEADLINE_MS = 10_000;
    static final int WORKERS = 4;
    static final int QUEUED_CONNECTIONS = 16;

    private final Path socket;
    private final long deadlineMs;
    private final ServerSocketChannel server;
    private final RequestHandler handler;
    private final ThreadPoolExecutor workers;
    private final ScheduledExecutorService deadlines;
    private final Thread acceptor;
    private volatile boolean closing;

    private ProtocolDaemon(Path socket, ServerSocketChannel server, RequestHandler handler, long deadlineMs) {
        this.socket = socket;
        this.deadlineMs = deadlineMs;
        this.server = server;
        this.handler = handler;
        AtomicInteger n = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(WORKERS, WORKERS, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(QUEUED_CONNECTIONS), r -> daemonThread(r, "closedloop-daemon-" + n.incrementAndGet()));
        this.deadlines = Executors.newSingleThreadScheduledExecutor(r -> daemonThread(r, "closedloop-daemon-deadlines"));
        this.acceptor = daemonThread(this::acceptLoop, "closedloop-daemon-accept");
    }

    /**
     * Binds the socket and starts serving.
     *
     * @throws DaemonStartException if the socket path is unusable (see {@link SocketFiles#prepare})
     */
    public static ProtocolDaemon start(Path socket, ProtocolStore store, TrustedKeys trusted, SessionGuard guard)
            throws IOException, DaemonStartException {
        return start(socket, store, trusted, guard, CONNECTION_DEADLINE_MS);
    }

    static ProtocolDaemon start(Path socket, ProtocolStore store, TrustedKeys trusted, SessionGuard guard,
                                long deadlineMs) throws IOException, DaemonStartException {
        Path abs = socket.toAbsolutePath();
        ServerSocketChannel server = SocketFiles.bind(abs);
        AuditLog audit;
        try {
            audit = AuditLog.open(store.root().resolve(AUDIT_LOG_NAME));
        } catch (IOException e) {
            server.close();
            throw e;
        }
        ProtocolDaemon d = new ProtocolDaemon(abs, server, new RequestHandler(store, trusted, guard, audit), deadlineMs);
        d.acceptor.start();
        Logger.info("daemon: listening on {} (store {}, {} trusted keys in {})", abs, store.dir(), trusted.size(),
                trusted.dir());
        return d;
    }

    private void acceptLoop() {
        while (!closing) {
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (!closing) {
                    Logger.error(e, "daemon: accept failed");
                }
                return;
            }
            try {
                workers.execute(() -> serve(ch));
            } catch (RejectedExecutionException e) {
                Logger.warn("daemon: {} connections busy or waiting; closing a new one", WORKERS + QUEUED_CONNECTIONS);
                closeQuietly(ch);
            }
        }
    }

    private void serve(SocketChannel ch) {
        ScheduledFuture<?> deadline = deadlines.schedule(() -> closeQuietly(ch), deadlineMs,
                TimeUnit.MILLISECONDS);
        try (ch) {
            InputStream in = Channels.newInputStream(ch);
            OutputStream out = Channels.newOutputStream(ch);
            DaemonResponse response;
            byte[] frame;
            try {
                frame = DelimitedFrames.read(in, MAX_REQUEST_BYTES);
            } catch (InvalidProtocolBufferException e) {
                write(Responses.refused(RefusalReason.REFUSAL_REASON_MALFORMED_REQUEST,
                        "the request does not start with a valid length prefix: " + e.getMessage()), out);
                return;
            } catch (DelimitedFrames.FrameTooLargeException e) {
                // refused from the length prefix alone; the rest of the request is never read
                response = Responses.refused(RefusalReason.REFUSAL_REASON_TOO_LARGE, "request size="
                        + e.declaredBytes() + " bytes is above the limit of " + MAX_REQUEST_BYTES + " bytes");
                Logger.info("daemon: refused a request from user={}: {}", SocketFiles.peerUser(ch), response.getMessage());
                write(response, out);
                return;
            }
            if (frame == null) {
                return;
            }
            DaemonRequest request;
            try {
                request = DaemonRequest.parseFrom(frame);
            } catch (IOException e) {
                write(Responses.refused(RefusalReason.REFUSAL_REASON_MALFORMED_REQUEST,
                        "the request is not a DaemonRequest: " + e.getMessage()), out);
                return;
            }
            write(handler.handle(request, SocketFiles.peerUser(ch)), out);
        } catch (IOException e) {
            if (!closing) {
                Logger.warn("daemon: connection ended early: {}", e.toString());
            }
        } catch (RuntimeException e) {
            Logger.error(e, "daemon: request failed");
        } finally {
            deadline.cancel(false);
        }
    }

    private static void write(DaemonResponse response, OutputStream out) throws IOException {
        response.writeDelimitedTo(out);
        out.flush();
    }

    /** The socket's absolute path. */
    public Path socket() {
        return socket;
    }

    /** Stops accepting, waits for the connections being served (at most the connection deadline), removes the socket. */
    @Override
    public void close() {
        closing = true;
        try {
            server.close();
        } catch (IOException e) {
            Logger.warn("daemon: closing the socket: {}", e.toString());
        }
        workers.shutdown();
        try {
            acceptor.join(deadlineMs);
            if (!workers.awaitTermination(deadlineMs, TimeUnit.MILLISECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
        deadlines.shutdownNow();
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            Logger.warn("daemon: removing {}: {}", socket, e.toString());
        }
    }
}
