package org.closedloop.sim.pty;

import com.sun.jna.Memory;
import com.sun.jna.NativeLong;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A Linux pseudo-terminal pair created through libc ({@code posix_openpt}, {@code grantpt}, {@code unlockpt},
 * {@code ptsname_r}): the simulator owns the master side, the controller opens {@link #slavePath()} like a serial
 * port (jssc opens a pty slave by path or through a symlink).
 *
 * <p>Platform facts this class relies on:
 * <ul>
 *   <li>A new slave starts in cooked mode (echo, CR/LF translation, line buffering, signal characters). It is put
 *       in raw mode ({@code cfmakeraw} + {@code tcsetattr}) before {@link #open()} returns, so before anything is
 *       written; the termios settings belong to the terminal, not to a file descriptor.</li>
 *   <li>The simulator keeps its own slave descriptor open for the pty's whole life. Without it the master reads
 *       {@code EIO} whenever the controller closes the port, and bytes written before the controller first opens
 *       it are thrown away. With it, data written early waits in the terminal's input queue.</li>
 *   <li>Closing the master hangs up every slave descriptor (reads return EOF/{@code EIO}, poll reports
 *       {@code POLLHUP}), as a USB serial adapter being unplugged does.</li>
 *   <li>Because of that kept-open descriptor the terminal is never fully closed between the controller's sessions,
 *       so an exclusive mode ({@code TIOCEXCL}, which jssc sets on every open unless the {@code JSSC_NO_TIOCEXCL}
 *       system property is set) would outlive the controller's close and make its next open fail with
 *       {@code EBUSY} (unless it runs as root). Unlike a real device, where the last close clears it.
 *       {@link #clearExclusiveMode()} undoes it; the board calls it whenever its reader wakes.</li>
 *   <li>The master is non-blocking and every wait is a {@code poll} that also watches an internal wake-up pipe, so
 *       {@link #close()} from any thread promptly ends a blocked {@link #read} or {@link #write}, and descriptors
 *       are closed only once no call is using them (no fd-reuse races).</li>
 * </ul>
 *
 * <p><b>Thread safety:</b> thread safe: one reader at a time, writes from any thread are serialised and each
 * {@link #write} is contiguous in the stream; {@link #close()} may be called from any thread, any number of times.
 */
public final class PseudoTerminal implements AutoCloseable {
    private static final int CHUNK_BYTES = 8192;
    /** Upper bound of one poll while waiting for room to write: a safety net only, close() wakes it at once. */
    private static final int WRITE_POLL_MS = 1000;

    private final int masterFd;
    private final int slaveFd;
    private final int wakeReadFd;
    private final int wakeWriteFd;
    private final Path slavePath;
    private final AtomicBoolean closed = new AtomicBoolean();

    private final Object readLock = new Object();
    private final Memory readBuf = new Memory(CHUNK_BYTES);
    private final Memory readPoll = new Memory(2L * PtyNative.POLLFD_BYTES);

    private final Object writeLock = new Object();
    private final Memory writeBuf = new Memory(CHUNK_BYTES);
    private final Memory writePoll = new Memory(2L * PtyNative.POLLFD_BYTES);
    private final Memory drainBuf = new Memory(CHUNK_BYTES);

    private PseudoTerminal(int masterFd, int slaveFd, int wakeReadFd, int wakeWriteFd, Path slavePath) {
        this.masterFd = masterFd;
        this.slaveFd = slaveFd;
        this.wakeReadFd = wakeReadFd;
        this.wakeWriteFd = wakeWriteFd;
        this.slavePath = slavePath;
    }

    /**
     * Creates a new pty pair with its slave in raw mode.
     *
     * @throws IOException naming the libc call and errno if any step fails; nothing is left open then
     */
    public static PseudoTerminal open() throws IOException {
        int master = PtyNative.posix_openpt(PtyNative.O_RDWR | PtyNative.O_NOCTTY | PtyNative.O_NONBLOCK
                | PtyNative.O_CLOEXEC);
        if (master < 0) {
            throw failure("posix_openpt(O_RDWR|O_NOCTTY|O_NONBLOCK|O_CLOEXEC)", PtyNative.errno());
        }
        int slave = -1;
        int[] wake = {-1, -1};
        try {
            if (PtyNative.grantpt(master) != 0) {
                throw failure("grantpt", PtyNative.errno());
            }
            if (PtyNative.unlockpt(master) != 0) {
                throw failure("unlockpt", PtyNative.errno());
            }
            byte[] name = new byte[128];
            int rc = PtyNative.ptsname_r(master, name, new NativeLong(name.length));
            if (rc != 0) {
                throw failure("ptsname_r", rc);
            }
            int len = 0;
            while (len < name.length && name[len] != 0) {
                len++;
            }
            String path = new String(name, 0, len, StandardCharsets.US_ASCII);
            // O_NONBLOCK only affects this descriptor (the controller opens its own): discardUnreadOutput needs it.
            slave = PtyNative.open(path, PtyNative.O_RDWR | PtyNative.O_NOCTTY | PtyNative.O_NONBLOCK
                    | PtyNative.O_CLOEXEC);
            if (slave < 0) {
                throw failure("open(" + path + ")", PtyNative.errno());
            }
            makeRaw(slave, path);
            if (PtyNative.pipe2(wake, PtyNative.O_NONBLOCK | PtyNative.O_CLOEXEC) != 0) {
                throw failure("pipe2", PtyNative.errno());
            }
            return new PseudoTerminal(master, slave, wake[0], wake[1], Path.of(path));
        } catch (IOException | RuntimeException e) {
            closeQuietly(wake[1]);
            closeQuietly(wake[0]);
            closeQuietly(slave);
            closeQuietly(master);
            throw e;
        }
    }

    private static void makeRaw(int fd, String path) throws IOException {
        byte[] termios = new byte[PtyNative.TERMIOS_BUFFER_BYTES];
        if (PtyNative.tcgetattr(fd, termios) != 0) {
            throw failure("tcgetattr(" + path + ")", PtyNative.errno());
        }
        PtyNative.cfmakeraw(termios);
        if (PtyNative.tcsetattr(fd, PtyNative.TCSANOW, termios) != 0) {
            throw failure("tcsetattr(" + path + ", TCSANOW, raw)", PtyNative.errno());
        }
    }

    /** The slave device, e.g. {@code /dev/pts/7}: what a serial-port library opens. */
    public Path slavePath() {
        return slavePath;
    }

    /** True once {@link #close()} was called. */
    public boolean isClosed() {
        return closed.get();
    }

    /**
     * Reads what the other side wrote, waiting at most {@code timeoutMs} for the first byte.
     *
     * @param timeoutMs 0 for no wait, a positive number of milliseconds, or -1 to wait until data or close
     * @return bytes read (at least 1), 0 on timeout, or -1 once this pty is closed or hung up
     * @throws UncheckedIOException on an unexpected libc error
     */
    public int read(byte[] buf, int off, int len, int timeoutMs) {
        checkRange(buf, off, len);
        if (timeoutMs < -1) {
            throw new IllegalArgumentException("timeoutMs=" + timeoutMs + ": must be -1 (forever), 0 or positive");
        }
        if (len == 0) {
            return 0;
        }
        synchronized (readLock) {
            long deadlineNs = System.nanoTime() + timeoutMs * 1_000_000L;
            while (true) {
                if (closed.get()) {
                    return -1;
                }
                int waitMs = timeoutMs < 0 ? -1 : remainingMs(deadlineNs);
                int ready = pollTwo(readPoll, masterFd, PtyNative.POLLIN, waitMs);
                if (ready < 0) {
                    int errno = PtyNative.errno();
                    if (errno == PtyNative.EINTR) {
                        continue;
                    }
                    throw new UncheckedIOException(failure("poll(master)", errno));
                }
                if (closed.get() || revents(readPoll, 1) != 0) {
                    return -1;
                }
                if (ready == 0) {
                    if (timeoutMs >= 0 && System.nanoTime() - deadlineNs >= 0) {
                        return 0;
                    }
                    continue;
                }
                int n = (int) PtyNative.read(masterFd, readBuf, new NativeLong(Math.min(len, CHUNK_BYTES)))
                        .longValue();
                if (n > 0) {
                    readBuf.read(0, buf, off, n);
                    return n;
                }
                if (n == 0) {
                    return -1;
                }
                int errno = PtyNative.errno();
                if (errno == PtyNative.EAGAIN || errno == PtyNative.EINTR) {
                    continue;
                }
                if (errno == PtyNative.EIO) {
                    return -1; // every slave descriptor closed: cannot happen while we hold ours, kept for safety
                }
                throw new UncheckedIOException(failure("read(master)", errno));
            }
        }
    }

    /**
     * Writes all {@code len} bytes, waiting for room while the other side does not read (the kernel's pty buffer is
     * the only queue: nothing piles up in this process).
     *
     * @throws UncheckedIOException if this pty is closed before every byte was written, or on a libc error
     */
    public void write(byte[] buf, int off, int len) {
        checkRange(buf, off, len);
        synchronized (writeLock) {
            while (len > 0) {
                if (closed.get()) {
                    throw new UncheckedIOException(new IOException(
                            "pty " + slavePath + " closed with " + len + " bytes left to write"));
                }
                int chunk = Math.min(len, CHUNK_BYTES);
                writeBuf.write(0, buf, off, chunk);
                int n = (int) PtyNative.write(masterFd, writeBuf, new NativeLong(chunk)).longValue();
                if (n > 0) {
                    off += n;
                    len -= n;
                    continue;
                }
                int errno = n < 0 ? PtyNative.errno() : PtyNative.EAGAIN;
                if (errno == PtyNative.EINTR) {
                    continue;
                }
                if (errno != PtyNative.EAGAIN) {
                    throw new UncheckedIOException(failure("write(master)", errno));
                }
                if (pollTwo(writePoll, masterFd, PtyNative.POLLOUT, WRITE_POLL_MS) < 0
                        && PtyNative.errno() != PtyNative.EINTR) {
                    throw new UncheckedIOException(failure("poll(master, POLLOUT)", PtyNative.errno()));
                }
            }
        }
    }

    /**
     * Takes back every byte written to the master that no slave reader has consumed yet, until none has arrived for
     * {@code quietMs}. Used before an unplug: those bytes are lost to the controller, and knowing how many says
     * exactly which packets it never received. A concurrent reader on the controller's side keeps whatever it reads
     * first; each byte goes to exactly one reader.
     *
     * @return the number of bytes discarded, 0 if this pty is closed
     */
    public long discardUnreadOutput(int quietMs) {
        if (quietMs < 0) {
            throw new IllegalArgumentException("quietMs=" + quietMs + ": must be 0 or positive");
        }
        synchronized (writeLock) {
            long total = 0;
            while (!closed.get()) {
                // A non-blocking read returns what is queued whatever VMIN the controller set on the terminal.
                int n = (int) PtyNative.read(slaveFd, drainBuf, new NativeLong(CHUNK_BYTES)).longValue();
                if (n > 0) {
                    total += n;
                    continue;
                }
                if (n < 0 && PtyNative.errno() == PtyNative.EINTR) {
                    continue;
                }
                if (n < 0 && PtyNative.errno() != PtyNative.EAGAIN) {
                    break;
                }
                // Bytes still in the kernel's flip buffers reach the line discipline shortly: wait for a quiet spell.
                int ready = pollTwo(writePoll, slaveFd, PtyNative.POLLIN, quietMs);
                if (ready == 0) {
                    n = (int) PtyNative.read(slaveFd, drainBuf, new NativeLong(CHUNK_BYTES)).longValue();
                    if (n > 0) {
                        total += n;
                        continue;
                    }
                    break;
                }
                if (ready < 0 && PtyNative.errno() != PtyNative.EINTR) {
                    break;
                }
            }
            return total;
        }
    }

    /**
     * Clears the terminal's exclusive mode ({@code TIOCNXCL} through the simulator's own slave descriptor), so the
     * controller can open the port again after closing it; see the class comment. No-op once closed.
     */
    public void clearExclusiveMode() {
        synchronized (writeLock) {
            if (!closed.get()) {
                PtyNative.ioctl(slaveFd, new NativeLong(PtyNative.TIOCNXCL));
            }
        }
    }

    /**
     * Closes the master (hanging up the controller's side), the simulator's slave descriptor and the wake-up pipe.
     * Wakes any thread blocked in {@link #read} or {@link #write}; idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        wakeUp();
        synchronized (readLock) {
            synchronized (writeLock) {
                closeQuietly(masterFd); // first: this is what hangs up the controller's descriptor
                closeQuietly(slaveFd);
                closeQuietly(wakeReadFd);
                closeQuietly(wakeWriteFd);
            }
        }
    }

    @Override
    public String toString() {
        return "PseudoTerminal[" + slavePath + (closed.get() ? ", closed]" : "]");
    }

    private void wakeUp() {
        try (Memory one = new Memory(1)) {
            one.setByte(0, (byte) 1);
            PtyNative.write(wakeWriteFd, one, new NativeLong(1));
        }
    }

    /** Polls {@code fd} for {@code events} together with the wake-up pipe; returns poll's result. */
    private int pollTwo(Memory fds, int fd, short events, int timeoutMs) {
        fds.setInt(0, fd);
        fds.setShort(4, events);
        fds.setShort(6, (short) 0);
        fds.setInt(PtyNative.POLLFD_BYTES, wakeReadFd);
        fds.setShort(PtyNative.POLLFD_BYTES + 4L, PtyNative.POLLIN);
        fds.setShort(PtyNative.POLLFD_BYTES + 6L, (short) 0);
        return PtyNative.poll(fds, new NativeLong(2), timeoutMs);
    }

    private static short revents(Memory fds, int index) {
        return fds.getShort(index * (long) PtyNative.POLLFD_BYTES + 6);
    }

    private static int remainingMs(long deadlineNs) {
        long ns = deadlineNs - System.nanoTime();
        if (ns <= 0) {
            return 0;
        }
        return (int) Math.min(Integer.MAX_VALUE, (ns + 999_999) / 1_000_000);
    }

    private static void checkRange(byte[] buf, int off, int len) {
        if (off < 0 || len < 0 || off > buf.length - len) {
            throw new IndexOutOfBoundsException("off=" + off + ", len=" + len + ", buf.length=" + buf.length);
        }
    }

    private static void closeQuietly(int fd) {
        if (fd >= 0) {
            PtyNative.close(fd);
        }
    }

    private static IOException failure(String call, int errno) {
        return new IOException(call + " failed: errno=" + errno);
    }
}
