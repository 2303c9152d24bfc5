package org.closedloop.controller.daemon;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.closedloop.protocol.config.DelimitedFrames;
import org.closedloop.protocol.config.v1.DaemonRequest;
import org.closedloop.protocol.config.v1.DaemonResponse;

/**
 * Sends one request to the daemon over its Unix domain socket and returns its response.
 *
 * <p>If the daemon refuses a request from its length prefix (too large), it answers and closes without reading the
 * rest, so writing the rest fails; the client then still reads the answer that is waiting, instead of reporting a
 * broken pipe.
 *
 * <p>Thread safety: stateless; thread safe (one connection per call).
 */
public final class DaemonClient {

    /** Largest response read (a long list, or a large protocol shown as text). */
    static final int MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

    private DaemonClient() {
    }

    /**
     * One request, one response.
     *
     * @throws IOException with a message that says what to check if the daemon cannot be reached or does not answer
     */
    public static DaemonResponse call(Path socket, DaemonRequest request) throws IOException {
        return call(socket, out -> request.writeDelimitedTo(out));
    }

    /** For tests: sends whatever {@code writer} writes (e.g. a hostile length prefix) and reads the response. */
    static DaemonResponse call(Path socket, RequestWriter writer) throws IOException {
        try (SocketChannel ch = connect(socket)) {
            OutputStream out = Channels.newOutputStream(ch);
            InputStream in = Channels.newInputStream(ch);
            IOException writeFailure = null;
            try {
                writer.write(out);
                out.flush();
                ch.shutdownOutput();
            } catch (IOException e) {
                writeFailure = e; // the daemon may have answered and closed early: read its answer below
            }
            byte[] frame;
            try {
                frame = DelimitedFrames.read(in, MAX_RESPONSE_BYTES);
            } catch (IOException e) {
                if (writeFailure != null) {
                    e.addSuppressed(writeFailure);
                }
                throw new IOException("the daemon at " + socket + " closed the connection without a complete answer ("
                        + e.getMessage() + "); see the daemon's log", e);
            }
            if (frame == null) {
                IOException e = new IOException("the daemon at " + socket + " closed the connection without answering; "
                        + "see the daemon's log");
                if (writeFailure != null) {
                    e.addSuppressed(writeFailure);
                }
                throw e;
            }
            return DaemonResponse.parseFrom(frame);
        }
    }

    private static SocketChannel connect(Path socket) throws IOException {
        SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.connect(UnixDomainSocketAddress.of(socket));
            return ch;
        } catch (IOException e) {
            ch.close();
            throw new IOException(reachHint(socket, e), e);
        }
    }

    private static String reachHint(Path socket, IOException e) {
        if (!Files.exists(socket)) {
            return "cannot reach the daemon: no socket at " + socket + "; is `closedloop daemon` running, and is this "
                    + "its socket (--socket or CLOSEDLOOP_SOCKET)?";
        }
        if (e instanceof SocketException && String.valueOf(e.getMessage()).contains("ermission")) {
            return "not allowed to talk to the daemon at " + socket + ": the socket is readable and writable by its "
                    + "owner and group only; ask for your user to be added to its group";
        }
        return "cannot reach the daemon at " + socket + ": " + e.getMessage();
    }

    /** Writes a request to the socket. */
    @FunctionalInterface
    interface RequestWriter {
        void write(OutputStream out) throws IOException;
    }
}
