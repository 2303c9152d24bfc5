package org.closedloop.controller.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The session's control socket as a transport: what a silent, an over-long or an ordinary client gets. */
@Timeout(20)
class SessionControlServerTest {
    @TempDir
    Path dir;

    private final List<String> handled = new CopyOnWriteArrayList<>();
    private SessionControlServer server;

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.close();
        }
    }

    private void start(long deadlineMs) throws Exception {
        server = SessionControlServer.start(dir.resolve("session.sock"), (line, user) -> {
            if (line.equals("slow")) {
                try {
                    Thread.sleep(3 * deadlineMs); // a handler slower than the deadline, as a preview can be
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            handled.add(line);
            return "OK " + line + " for " + user + "\n";
        }, deadlineMs);
    }

    private SocketChannel connect() throws IOException {
        return SocketChannel.open(UnixDomainSocketAddress.of(server.socket()));
    }

    /** Blocks until the server closes the connection; what it sent before that. */
    private static String readToEnd(SocketChannel c) throws IOException {
        ByteBuffer all = ByteBuffer.allocate(4096);
        try {
            while (c.read(all) >= 0) {
                assertTrue(all.hasRemaining(), "reply too long");
            }
        } catch (IOException reset) {
            // closed on us: what came before still counts
        }
        return new String(all.array(), 0, all.position(), StandardCharsets.UTF_8);
    }

    @Test
    void shouldAnswerAStopWhileAnotherClientHoldsAConnectionOpenWithoutSendingAnything() throws Exception {
        start(60_000); // far longer than the test: the stop must not wait for the silent client's deadline
        try (SocketChannel silent = connect()) {
            String reply = SessionControlServer.call(server.socket(), "stop");
            assertEquals("OK stop for " + System.getProperty("user.name") + "\n", reply);
            silent.configureBlocking(false);
            assertEquals(0, silent.read(ByteBuffer.allocate(16)), "the silent client is still connected, unanswered");
        }
        assertEquals(List.of("stop"), handled);
    }

    @Test
    void shouldCutOffAClientThatSendsNoLineByTheDeadlineAndServeTheNextOne() throws Exception {
        start(200);
        try (SocketChannel silent = connect()) {
            silent.write(ByteBuffer.wrap("sta".getBytes(StandardCharsets.UTF_8))); // and nothing more
            assertEquals("", readToEnd(silent), "closed at the deadline with no reply");
        }
        assertEquals(List.of(), handled, "half a request is never handled");
        assertEquals("OK status for " + System.getProperty("user.name") + "\n",
                SessionControlServer.call(server.socket(), "status"));
    }

    @Test
    void shouldAnswerARequestThatTakesLongerThanTheDeadlineOnceItWasRead() throws Exception {
        start(200);
        assertEquals("OK slow for " + System.getProperty("user.name") + "\n",
                SessionControlServer.call(server.socket(), "slow"), "the operator learns what was done");
        assertEquals(List.of("slow"), handled);
    }

    @Test
    void shouldRefuseAConnectionBeyondTheWorkersAndTheQueueSayingSo() throws Exception {
        start(60_000);
        List<SocketChannel> silent = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 12; i++) { // 4 workers reading, 8 waiting
                silent.add(connect());
            }
            try (SocketChannel thirteenth = connect()) {
                assertEquals("ERROR busy: 12 connections are being served or waiting; try again\n",
                        readToEnd(thirteenth));
            }
        } finally {
            for (SocketChannel c : silent) {
                c.close();
            }
        }
    }

    @Test
    void shouldRefuseARequestLongerThanTheLimitWithoutReadingTheRest() throws Exception {
        start(60_000);
        byte[] longLine = new byte[SessionControlServer.MAX_LINE + 1];
        java.util.Arrays.fill(longLine, (byte) 'a');
        try (SocketChannel c = connect()) {
            c.write(ByteBuffer.wrap(longLine)); // no end of line within the limit; the connection stays open
            assertEquals("ERROR request longer than 1000 bytes without an end of line; send one line\n", readToEnd(c));
        }
        assertEquals(List.of(), handled);
    }

    @Test
    void shouldAcceptALineOfExactlyTheLimitAndALastLineWithoutItsNewlineButNotAnEmptyOne() throws Exception {
        start(60_000);
        String atLimit = "x".repeat(SessionControlServer.MAX_LINE);
        try (SocketChannel c = connect()) {
            c.write(ByteBuffer.wrap((atLimit + "\n").getBytes(StandardCharsets.UTF_8)));
            assertTrue(readToEnd(c).startsWith("OK " + atLimit + " for "));
        }
        try (SocketChannel c = connect()) {
            c.write(ByteBuffer.wrap("status".getBytes(StandardCharsets.UTF_8)));
            c.shutdownOutput();
            assertTrue(readToEnd(c).startsWith("OK status for "));
        }
        try (SocketChannel c = connect()) {
            c.shutdownOutput(); // connects and says nothing
            assertEquals("ERROR empty request; send one line: status, preview, arm TOKEN, stop, reset REASON or end\n",
                    readToEnd(c));
        }
        assertEquals(List.of(atLimit, "status"), handled, "an empty request reaches no handler");
    }
}
