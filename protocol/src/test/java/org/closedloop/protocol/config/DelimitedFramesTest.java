package org.closedloop.protocol.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import org.closedloop.protocol.config.v1.DaemonRequest;
import org.closedloop.protocol.config.v1.ShowRequest;
import org.junit.jupiter.api.Test;

class DelimitedFramesTest {

    @Test
    void shouldReadWhatWriteDelimitedToWrote() throws IOException {
        DaemonRequest r = DaemonRequest.newBuilder().setShow(ShowRequest.newBuilder().setSelector("abc")).build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        r.writeDelimitedTo(out);
        r.writeDelimitedTo(out);
        InputStream in = new ByteArrayInputStream(out.toByteArray());
        assertEquals(r, DaemonRequest.parseFrom(DelimitedFrames.read(in, 1024)));
        assertEquals(r, DaemonRequest.parseFrom(DelimitedFrames.read(in, 1024)));
        assertNull(DelimitedFrames.read(in, 1024));
    }

    @Test
    void shouldAcceptAFrameOfExactlyTheCapAndRefuseOneByteMore() throws IOException {
        assertEquals(100, DelimitedFrames.read(new ByteArrayInputStream(frame(100)), 100).length);
        DelimitedFrames.FrameTooLargeException e = assertThrows(DelimitedFrames.FrameTooLargeException.class,
                () -> DelimitedFrames.read(new ByteArrayInputStream(frame(101)), 100));
        assertEquals(101, e.declaredBytes());
    }

    @Test
    void shouldRefuseAnOversizedFrameWithoutReadingItsPayload() throws IOException {
        byte[] prefix = prefix(50L * 1024 * 1024);
        CountingStream in = new CountingStream(prefix);
        assertThrows(DelimitedFrames.FrameTooLargeException.class, () -> DelimitedFrames.read(in, 1 << 20));
        assertEquals(prefix.length, in.bytesRead);
    }

    @Test
    void shouldRefuseALengthAboveTwoGigabytes() throws IOException {
        // 0xFFFFFFFF as a varint: a negative int if read naively
        byte[] prefix = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f};
        assertThrows(DelimitedFrames.FrameTooLargeException.class,
                () -> DelimitedFrames.read(new ByteArrayInputStream(prefix), 1 << 20));
    }

    @Test
    void shouldReportAStreamThatEndsInsideAFrame() {
        byte[] f = frame(10);
        byte[] cut = java.util.Arrays.copyOf(f, f.length - 3);
        assertThrows(EOFException.class, () -> DelimitedFrames.read(new ByteArrayInputStream(cut), 100));
    }

    private static byte[] frame(int payloadBytes) {
        byte[] p = prefix(payloadBytes);
        byte[] f = new byte[p.length + payloadBytes];
        System.arraycopy(p, 0, f, 0, p.length);
        return f;
    }

    private static byte[] prefix(long length) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            CodedOutputStream c = CodedOutputStream.newInstance(out);
            c.writeUInt64NoTag(length);
            c.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static final class CountingStream extends InputStream {
        private final byte[] data;
        int bytesRead;

        CountingStream(byte[] prefix) {
            this.data = prefix;
        }

        @Override
        public int read() {
            if (bytesRead >= data.length) {
                throw new AssertionError("read past the length prefix");
            }
            return data[bytesRead++] & 0xff;
        }
    }
}
