package org.closedloop.sim.pty;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * Direct JNA mapping of the few libc calls a pseudo-terminal needs. Constants are the Linux asm-generic values,
 * identical on x86_64, arm64 and armhf (the Raspberry Pi targets).
 *
 * <p>{@code size_t}/{@code ssize_t}/{@code nfds_t} are {@link NativeLong}: the width of a C {@code long} is the
 * width of {@code size_t} on every Linux ABI we target (64-bit on x86_64/arm64, 32-bit on armhf).
 *
 * <p><b>Thread safety:</b> stateless; errno is per thread ({@link Native#getLastError()} right after the call).
 */
final class PtyNative {
    static final int O_RDWR = 2;
    static final int O_NOCTTY = 0x100;
    static final int O_NONBLOCK = 0x800;
    static final int O_CLOEXEC = 0x80000;

    static final short POLLIN = 0x1;
    static final short POLLOUT = 0x4;
    static final short POLLERR = 0x8;
    static final short POLLHUP = 0x10;
    static final short POLLNVAL = 0x20;

    static final int EINTR = 4;
    static final int EIO = 5;
    static final int EAGAIN = 11;

    /** ioctl requests (asm-generic, same on x86_64, arm64, armhf). */
    static final long TIOCEXCL = 0x540C;
    static final long TIOCNXCL = 0x540D;
    static final long TIOCGEXCL = 0x80045440L;

    static final int TCSANOW = 0;
    /** glibc's struct termios is 60 bytes; a larger buffer is harmless and safe against other libcs. */
    static final int TERMIOS_BUFFER_BYTES = 256;
    /** struct pollfd { int fd; short events; short revents; }. */
    static final int POLLFD_BYTES = 8;

    static {
        Native.register(PtyNative.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
    }

    private PtyNative() {
    }

    static native int posix_openpt(int flags);

    static native int grantpt(int fd);

    static native int unlockpt(int fd);

    /** Returns 0 or an error number (not -1/errno). */
    static native int ptsname_r(int fd, byte[] buf, NativeLong buflen);

    /**
     * open(2) is variadic; mapping it with two fixed int arguments is safe on the Linux ABIs we target (the
     * variadic mode argument is only read with O_CREAT/O_TMPFILE).
     */
    static native int open(String path, int flags);

    static native int close(int fd);

    static native int tcgetattr(int fd, byte[] termios);

    static native void cfmakeraw(byte[] termios);

    static native int tcsetattr(int fd, int optionalActions, byte[] termios);

    static native int poll(Pointer fds, NativeLong nfds, int timeoutMs);

    static native NativeLong read(int fd, Pointer buf, NativeLong count);

    static native NativeLong write(int fd, Pointer buf, NativeLong count);

    static native int pipe2(int[] fds, int flags);

    /** ioctl(2) without an argument (variadic; safe with fixed arguments on our ABIs, as for open). */
    static native int ioctl(int fd, NativeLong request);

    /** ioctl(2) with an {@code int *} argument. */
    static native int ioctl(int fd, NativeLong request, int[] arg);

    static int errno() {
        return Native.getLastError();
    }
}
