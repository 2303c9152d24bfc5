package org.closedloop.controller.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.closedloop.controller.signing.TrustedKeys;
import org.closedloop.protocol.config.v1.DaemonRequest;
import org.closedloop.protocol.config.v1.DaemonResponse;
import org.closedloop.protocol.config.v1.ListRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The daemon's socket: who may connect, what it refuses to start on, how it ends connections. */
class ProtocolDaemonSocketTest {

    private DaemonFixture fx;

    @BeforeEach
    void keys() throws Exception {
        fx = new DaemonFixture();
    }

    @AfterEach
    void cleanUp() throws Exception {
        fx.close();
    }

    private ProtocolDaemon startAt(Path socket) throws Exception {
        return ProtocolDaemon.start(socket, ProtocolStore.open(fx.storeDir), TrustedKeys.load(fx.trustedDir),
                SessionGuard.NO_SESSION);
    }

    @Test
    void shouldMakeTheSocketReadableAndWritableByOwnerAndGroupOnly() throws Exception {
        fx.start();
        int mode = SocketFiles.mode(fx.socket);
        assertEquals(0140000, mode & 0170000, "a socket");
        assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(fx.socket)));
        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(fx.socket.getParent())),
                "the directory the daemon created");
    }

    @Test
    void shouldRemoveTheSocketWhenClosed() throws Exception {
        fx.start();
        fx.stop();
        assertFalse(Files.exists(fx.socket));
    }

    @Test
    void shouldRefuseToStartOnAFileThatIsNotASocket() throws Exception {
        Files.createDirectories(fx.socket.getParent());
        Files.writeString(fx.socket, "precious data");
        DaemonStartException e = assertThrows(DaemonStartException.class, () -> startAt(fx.socket));
        assertTrue(e.getMessage().contains("exists and is not a socket"), e.getMessage());
        assertEquals("precious data", Files.readString(fx.socket));
    }

    @Test
    void shouldRefuseAWorldWritableDirectoryUnlessItIsSticky() throws Exception {
        Path dir = Files.createDirectory(fx.base.resolve("open"));
        Files.setAttribute(dir, "unix:mode", 0777);
        DaemonStartException e = assertThrows(DaemonStartException.class, () -> startAt(dir.resolve("d.sock")));
        assertTrue(e.getMessage().contains("writable by everyone without the sticky bit"), e.getMessage());
        Files.setAttribute(dir, "unix:mode", 01777); // like /tmp
        startAt(dir.resolve("d.sock")).close();
    }

    @Test
    void shouldRefuseASocketPathLongerThanTheKernelAllows() {
        Path longPath = fx.base.resolve("x".repeat(120) + ".sock");
        DaemonStartException e = assertThrows(DaemonStartException.class, () -> startAt(longPath));
        assertTrue(e.getMessage().contains("longer than 107 bytes"), e.getMessage());
    }

    @Test
    void shouldRefuseToStartWhenAnotherDaemonListens() throws Exception {
        fx.start();
        DaemonStartException e = assertThrows(DaemonStartException.class, () -> startAt(fx.socket));
        assertTrue(e.getMessage().contains("another daemon is listening"), e.getMessage());
        assertEquals(DaemonResponse.Status.STATUS_OK, list().getStatus(), "the first daemon still serves");
    }

    @Test
    void shouldReplaceAStaleSocketLeftByADeadDaemon() throws Exception {
        Files.createDirectories(fx.socket.getParent());
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(fx.socket)); // closing does not remove the file
        }
        assertTrue(Files.exists(fx.socket));
        fx.start();
        assertEquals(DaemonResponse.Status.STATUS_OK, list().getStatus());
    }

    @Test
    @Timeout(10)
    void shouldCloseAConnectionThatSendsNothingAtTheDeadline() throws Exception {
        fx.daemon = ProtocolDaemon.start(fx.socket, ProtocolStore.open(fx.storeDir), TrustedKeys.load(fx.trustedDir),
                SessionGuard.NO_SESSION, 200);
        try (SocketChannel silent = SocketChannel.open(UnixDomainSocketAddress.of(fx.socket))) {
            int n;
            try {
                n = silent.read(ByteBuffer.allocate(16)); // blocks until the daemon closes the connection
            } catch (IOException reset) {
                n = -1;
            }
            assertEquals(-1, n);
        }
        assertEquals(DaemonResponse.Status.STATUS_OK, list().getStatus(), "the worker was freed");
    }

    @Test
    void shouldTellTheUserWhatToCheckWhenNoDaemonRuns() {
        IOException e = assertThrows(IOException.class, () -> list());
        assertTrue(e.getMessage().contains("is `closedloop daemon` running"), e.getMessage());
    }

    private DaemonResponse list() throws IOException {
        return DaemonClient.call(fx.socket, DaemonRequest.newBuilder().setList(ListRequest.getDefaultInstance()).build());
    }
}
