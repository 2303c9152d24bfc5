package org.closedloop.sim.pty;

import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Test stand-in for the controller's serial port: opens a pty slave (or a symlink to one) the way jssc does
 * ({@code O_RDWR|O_NOCTTY|O_NONBLOCK}), leaves its termios alone, and reads with deadlines so no test can hang.
 *
 * <p><b>Thread safety:</b> not thread safe; one test thread.
 */
public final class SlaveTerminal implements AutoCloseable {
    private final int fd;
    private final Memory buf = new Memory(8192);
    private final Memory pollFd = new Memory(PtyNative.POLLFD_BYTES);
    private boolean closed;

    private SlaveTerminal(int fd) {
        this.fd = fd;
    }

    public static SlaveTerminal open(Path path) throws IOException {
        int fd = PtyNative.open(path.toString(), PtyNative.O_RDWR | PtyNative.O_NOCTTY | PtyNative.O_NONBLOCK
                | PtyNative.O_CLOEXEC);
        if (fd < 0) {
            throw new IOException("open(" + path + ") failed: errno=" + PtyNative.errno());
        }
        return new SlaveTerminal(fd);
    }

    /** Bytes read (>0), 0 on timeout, -1 on hang-up. */
    public int read(byte[] dst, int off, int len, int timeoutMs) throws IOException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (true) {
            int n = (int) PtyNative.read(fd, buf, new NativeLong(Math.min(len, 8192))).longValue();
            if (n > 0) {
                buf.read(0, dst, off, n);
                return n;
            }
            if (n == 0) {
                return -1;
            }
            int errno = PtyNative.errno();
            if (errno == PtyNative.EIO) {
                return -1;
            }
            if (errno != PtyNative.EAGAIN && errno != PtyNative.EINTR) {
                throw new IOException("read failed: errno=" + errno);
            }
            long leftMs = (deadline - System.nanoTime()) / 1_000_000L;
            if (leftMs <= 0) {
                return 0;
            }
            pollFd.setInt(0, fd);
            pollFd.setShort(4, PtyNative.POLLIN);
            pollFd.setShort(6, (short) 0);
            int ready = PtyNative.poll(pollFd, new NativeLong(1), (int) leftMs);
            if (ready > 0 && (pollFd.getShort(6) & PtyNative.POLLIN) == 0
                    && (pollFd.getShort(6) & (PtyNative.POLLHUP | PtyNative.POLLERR)) != 0) {
                return -1;
            }
        }
    }

    /** Reads exactly {@code n} bytes or fails when the deadline passes or the line hangs up. */
    public byte[] readExactly(int n, Duration timeout) throws IOException {
        byte[] out = new byte[n];
        long deadline = System.nanoTime() + timeout.toNanos();
        int got = 0;
        while (got < n) {
            int leftMs = (int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000L);
            int r = read(out, got, n - got, leftMs);
            if (r < 0) {
                throw new IOException("hung up after " + got + " of " + n + " bytes");
            }
            if (r == 0 && System.nanoTime() - deadline >= 0) {
                throw new IOException("timeout after " + timeout + " with " + got + " of " + n + " bytes");
            }
            got += r;
        }
        return out;
    }

    /** Reads byte by byte until the text ends with {@code terminator}; returns the whole text including it. */
    public String readUntil(String terminator, Duration timeout) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] one = new byte[1];
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            int leftMs = (int) ((deadline - System.nanoTime()) / 1_000_000L);
            if (leftMs <= 0) {
                throw new IOException("timeout waiting for '" + terminator + "', got: "
                        + out.toString(StandardCharsets.ISO_8859_1));
            }
            int r = read(one, 0, 1, leftMs);
            if (r < 0) {
                throw new IOException("hung up waiting for '" + terminator + "', got: "
                        + out.toString(StandardCharsets.ISO_8859_1));
            }
            if (r == 1) {
                out.write(one[0]);
                String s = out.toString(StandardCharsets.ISO_8859_1);
                if (s.endsWith(terminator)) {
                    return s;
                }
            }
        }
    }

    public void write(byte[] data) throws IOException {
        int off = 0;
        while (off < data.length) {
            int chunk = Math.min(data.length - off, 8192);
            buf.write(0, data, off, chunk);
            int n = (int) PtyNative.write(fd, buf, new NativeLong(chunk)).longValue();
            if (n > 0) {
                off += n;
            } else if (PtyNative.errno() != PtyNative.EAGAIN && PtyNative.errno() != PtyNative.EINTR) {
                throw new IOException("write failed: errno=" + PtyNative.errno());
            }
        }
    }

    public void write(String ascii) throws IOException {
        write(ascii.getBytes(StandardCharsets.US_ASCII));
    }

    /** Sets exclusive mode as jssc does on open (TIOCEXCL). */
    public void setExclusive() throws IOException {
        if (PtyNative.ioctl(fd, new NativeLong(PtyNative.TIOCEXCL)) != 0) {
            throw new IOException("ioctl(TIOCEXCL) failed: errno=" + PtyNative.errno());
        }
    }

    /** Whether the terminal is in exclusive mode (TIOCGEXCL). */
    public boolean isExclusive() throws IOException {
        int[] out = new int[1];
        if (PtyNative.ioctl(fd, new NativeLong(PtyNative.TIOCGEXCL), out) != 0) {
            throw new IOException("ioctl(TIOCGEXCL) failed: errno=" + PtyNative.errno());
        }
        return out[0] != 0;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            PtyNative.close(fd);
        }
    }
}
