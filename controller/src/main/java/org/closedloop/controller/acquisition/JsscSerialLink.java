package org.closedloop.controller.acquisition;

import java.nio.file.Files;
import java.nio.file.Path;
import jssc.SerialPort;
import jssc.SerialPortEvent;
import jssc.SerialPortEventListener;
import jssc.SerialPortException;
import org.tinylog.Logger;

/**
 * A real serial port through jssc, as used for {@code /dev/ttyUSB0} and for the simulator's pseudo-terminal alike.
 *
 * <p>Reading uses jssc's event listener, which reads exactly what is available when its thread sees bytes. jssc's
 * {@code readBytes(n, timeout)} is deliberately not used: it spins (a whole core for one idle reader, PLATFORM.md).
 * Known limitation: jssc 2.10.2's Linux event thread itself sleep-polls (about 0.1 ms sleeps; measured 5 % of one
 * core per idle port here) instead of blocking; a reader blocking in poll() on the descriptor would remove that.
 * jssc allocates a small array per read, and one more for the queued-bytes count asked after each read; that is
 * jssc's cost, not the loop's.
 *
 * <p><b>Thread safety:</b> open/write/close from one controlling thread; bytes are delivered on jssc's event thread.
 */
public final class JsscSerialLink implements SerialLink {
    /** The queued-bytes count is only passed on if taken within this of the arrival stamp (0 otherwise). */
    private static final long QUEUE_COUNT_WINDOW_NS = 1_000_000L;
    /** The Cyton dongle's fixed rate; ignored by a pseudo-terminal. */
    public static final int BAUD_RATE = 115_200;

    private final String portName;
    private final int baudRate;
    private volatile SerialPort port;

    /** A port at the Cyton's {@value #BAUD_RATE} baud. */
    public JsscSerialLink(String portName) {
        this(portName, BAUD_RATE);
    }

    /** A port at {@code baudRate} baud, 8N1 (the stimulator link runs at 921600). */
    public JsscSerialLink(String portName, int baudRate) {
        this.portName = portName;
        this.baudRate = baudRate;
    }

    @Override
    public String portName() {
        return portName;
    }

    @Override
    public void open(ByteReceiver receiver) throws AcquisitionException {
        Path path = Path.of(portName);
        if (!Files.exists(path)) {
            throw new AcquisitionException(AcquisitionException.Reason.PORT_MISSING, "port=" + portName
                    + ": no such device. Is the dongle plugged in? List candidates with `ls /dev/ttyUSB* /dev/serial/by-id/`"
                    + " (or start the simulator with `closedloop sim` and use the path it prints).");
        }
        SerialPort p = new SerialPort(portName);
        try {
            p.openPort();
        } catch (SerialPortException e) {
            throw translate(e);
        }
        try {
            // On a pseudo-terminal setParams returns false although the termios settings were applied: the modem-line
            // ioctl that follows is not supported there (PLATFORM.md). Only a real tty failing it is an error.
            boolean applied = p.setParams(baudRate, SerialPort.DATABITS_8, SerialPort.STOPBITS_1, SerialPort.PARITY_NONE);
            if (!applied && !isPseudoTerminal(path)) {
                closeQuietly(p);
                throw new AcquisitionException(AcquisitionException.Reason.NOT_A_SERIAL_PORT, "port=" + portName
                        + ": could not set " + baudRate + " 8N1; is this really the device's serial port?");
            }
            p.addEventListener(new Listener(p, receiver), SerialPort.MASK_RXCHAR);
        } catch (SerialPortException e) {
            closeQuietly(p);
            throw new AcquisitionException(AcquisitionException.Reason.IO_ERROR, "port=" + portName + ": " + e.getMessage(), e);
        }
        port = p;
    }

    @Override
    public void write(byte[] bytes) throws AcquisitionException {
        SerialPort p = port;
        if (p == null) {
            throw new AcquisitionException(AcquisitionException.Reason.IO_ERROR, "port=" + portName + ": not open");
        }
        try {
            if (!p.writeBytes(bytes)) {
                throw new AcquisitionException(AcquisitionException.Reason.IO_ERROR,
                        "port=" + portName + ": write failed (device gone?)");
            }
        } catch (SerialPortException e) {
            throw new AcquisitionException(AcquisitionException.Reason.IO_ERROR, "port=" + portName + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean isHealthy() {
        SerialPort p = port;
        if (p == null || !p.isOpened()) {
            return false;
        }
        try {
            // after a hang-up (USB unplug, or the simulator closing its pty) every ioctl on the fd fails, and jssc
            // reports the FIONREAD count as -1
            return p.getInputBufferBytesCount() >= 0 && Files.exists(Path.of(portName));
        } catch (SerialPortException e) {
            return false;
        }
    }

    @Override
    public void close() {
        SerialPort p = port;
        port = null;
        if (p != null) {
            closeQuietly(p);
        }
    }

    private static void closeQuietly(SerialPort p) {
        try {
            p.closePort();
        } catch (SerialPortException e) {
            Logger.debug(e, "closing {}", p.getPortName());
        }
    }

    private static boolean isPseudoTerminal(Path path) {
        try {
            return path.toRealPath().toString().startsWith("/dev/pts/");
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private AcquisitionException translate(SerialPortException e) {
        String type = e.getExceptionType();
        if (SerialPortException.TYPE_PERMISSION_DENIED.equals(type)) {
            return new AcquisitionException(AcquisitionException.Reason.PERMISSION_DENIED, "port=" + portName
                    + ": permission denied. Add yourself to the dialout group (`sudo usermod -aG dialout $USER`, then log"
                    + " out and in again).", e);
        }
        if (SerialPortException.TYPE_PORT_BUSY.equals(type)) {
            return new AcquisitionException(AcquisitionException.Reason.PORT_BUSY, "port=" + portName
                    + ": busy, another program has it open. Find it with `fuser -v " + portName + "` and stop it.", e);
        }
        if (SerialPortException.TYPE_PORT_NOT_FOUND.equals(type)) {
            return new AcquisitionException(AcquisitionException.Reason.PORT_MISSING, "port=" + portName
                    + ": no such device. Is the dongle plugged in?", e);
        }
        if (SerialPortException.TYPE_INCORRECT_SERIAL_PORT.equals(type)) {
            return new AcquisitionException(AcquisitionException.Reason.NOT_A_SERIAL_PORT, "port=" + portName
                    + ": not a serial port.", e);
        }
        return new AcquisitionException(AcquisitionException.Reason.IO_ERROR, "port=" + portName + ": " + e.getMessage(), e);
    }

    /** Reads what jssc reported available and hands it on. Runs on jssc's event thread. */
    private static final class Listener implements SerialPortEventListener {
        private final SerialPort port;
        private final ByteReceiver receiver;

        Listener(SerialPort port, ByteReceiver receiver) {
            this.port = port;
            this.receiver = receiver;
        }

        /** FIONREAD; 0 if the port cannot say (hung up), so the bytes just read are still handed on. */
        private int queuedBytes() {
            try {
                return Math.max(0, port.getInputBufferBytesCount());
            } catch (SerialPortException e) {
                return 0;
            }
        }

        @Override
        public void serialEvent(SerialPortEvent event) {
            if (!event.isRXCHAR() || event.getEventValue() <= 0) {
                return;
            }
            try {
                byte[] data = port.readBytes(event.getEventValue());
                long now = System.nanoTime();
                if (data != null) {
                    // asked after the stamp: a pause anywhere between jssc's poll and the stamp leaves the bytes that
                    // came meanwhile queued here, so a late stamp is seen to be late. A count that took longer than
                    // QUEUE_COUNT_WINDOW_NS is dropped: a pause after the stamp (which is then right) would inflate
                    // it and hide a real loss.
                    int queued = queuedBytes();
                    if (System.nanoTime() - now > QUEUE_COUNT_WINDOW_NS) {
                        queued = 0;
                    }
                    receiver.onBytes(data, data.length, now, queued);
                }
            } catch (SerialPortException e) {
                Logger.debug(e, "read on {}", port.getPortName()); // the supervisor notices the dead port
            } catch (RuntimeException e) {
                Logger.error(e, "byte receiver failed on {}", port.getPortName());
            }
        }
    }
}
