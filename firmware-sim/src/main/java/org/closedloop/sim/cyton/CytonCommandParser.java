package org.closedloop.sim.cyton;

import java.util.function.Consumer;

/**
 * Turns the controller's bytes into {@link CytonCommand}s, one byte at a time like the firmware's
 * {@code processChar}, so commands may arrive split across reads or several in one read.
 *
 * <p>Recognised: {@code v d b s V}, channel off {@code 1}-{@code 8} and on {@code ! @ # $ % ^ & *}, and the
 * multi-character {@code x.......X} (9 chars), {@code z...Z} (5 chars) and {@code ~N}. {@code /} and {@code `}
 * (board mode, marker) are consumed with their one argument and otherwise ignored. Every other byte is ignored
 * silently, as the real firmware does (test signals, daisy, time stamps, SD card, Wi-Fi and register dumps are not
 * simulated).
 *
 * <p>Failures use the firmware's words where it has them ({@code too few chars}, {@code Err: 9th char not X},
 * {@code sample value out of bounds}, {@code invalid sample value}). The real firmware does not range-check channel
 * settings; this one does, replying e.g. {@code Failure: Err: gain '7' out of range 0-6$$$}. A multi-character
 * command not finished within {@value #MULTI_CHAR_TIMEOUT_MS} ms is abandoned with the firmware's timeout message,
 * checked when the next byte arrives or on {@link #tick}.
 *
 * <p><b>Thread safety:</b> not thread safe; owned by the board's command-reader thread.
 */
final class CytonCommandParser {
    static final long MULTI_CHAR_TIMEOUT_MS = 1000;
    private static final long MULTI_CHAR_TIMEOUT_NS = MULTI_CHAR_TIMEOUT_MS * 1_000_000L;
    private static final String CHANNEL_ON_CHARS = "!@#$%^&*";

    private enum Mode { NORMAL, CHANNEL, LEAD_OFF, SAMPLE_RATE, SKIP_ONE }

    private final Consumer<CytonCommand> sink;
    private final char[] args = new char[8];
    private Mode mode = Mode.NORMAL;
    private int count;
    private long startedNs;

    CytonCommandParser(Consumer<CytonCommand> sink) {
        this.sink = sink;
    }

    /** Forgets any half-received command (a new device after a replug). */
    void reset() {
        mode = Mode.NORMAL;
        count = 0;
    }

    void feed(byte[] buf, int off, int len, long nowNs) {
        for (int i = off; i < off + len; i++) {
            tick(nowNs);
            accept((char) (buf[i] & 0xFF), nowNs);
        }
    }

    /** True unless a multi-character command is half received. */
    boolean isIdle() {
        return mode == Mode.NORMAL;
    }

    /** Abandons a multi-character command older than the timeout. */
    void tick(long nowNs) {
        if (mode != Mode.NORMAL && nowNs - startedNs >= MULTI_CHAR_TIMEOUT_NS) {
            mode = Mode.NORMAL;
            sink.accept(CytonCommand.Plain.TIMEOUT);
        }
    }

    private void accept(char c, long nowNs) {
        switch (mode) {
            case NORMAL -> normal(c, nowNs);
            case CHANNEL -> channelArgument(c);
            case LEAD_OFF -> leadOffArgument(c);
            case SAMPLE_RATE -> sampleRateArgument(c);
            case SKIP_ONE -> mode = Mode.NORMAL;
            default -> throw new IllegalStateException("mode=" + mode);
        }
    }

    private void normal(char c, long nowNs) {
        switch (c) {
            case 'v' -> sink.accept(CytonCommand.Plain.SOFT_RESET);
            case 'd' -> sink.accept(CytonCommand.Plain.CHANNEL_DEFAULTS);
            case 'b' -> sink.accept(CytonCommand.Plain.START_STREAMING);
            case 's' -> sink.accept(CytonCommand.Plain.STOP_STREAMING);
            case 'V' -> sink.accept(CytonCommand.Plain.QUERY_VERSION);
            case 'x' -> begin(Mode.CHANNEL, nowNs);
            case 'z' -> begin(Mode.LEAD_OFF, nowNs);
            case '~' -> begin(Mode.SAMPLE_RATE, nowNs);
            case '/', '`' -> begin(Mode.SKIP_ONE, nowNs);
            default -> {
                if (c >= '1' && c <= '8') {
                    sink.accept(new CytonCommand.SetChannelPower(c - '0', false));
                } else if (CHANNEL_ON_CHARS.indexOf(c) >= 0) {
                    sink.accept(new CytonCommand.SetChannelPower(CHANNEL_ON_CHARS.indexOf(c) + 1, true));
                }
                // anything else: ignored silently, as the real firmware does
            }
        }
    }

    private void begin(Mode next, long nowNs) {
        mode = next;
        count = 0;
        startedNs = nowNs;
    }

    /** Seven settings then the latch 'X'; an early 'X' aborts with "too few chars". */
    private void channelArgument(char c) {
        if (c == 'X' && count < 7) {
            fail("too few chars");
            return;
        }
        args[count++] = c;
        if (count < 8) {
            return;
        }
        mode = Mode.NORMAL;
        if (c != 'X') {
            sink.accept(new CytonCommand.Failure("Err: 9th char not X"));
            return;
        }
        String problem = firstOutOfRange(
                "channel", args[0], '1', '8',
                "power", args[1], '0', '1',
                "gain", args[2], '0', '6',
                "input", args[3], '0', '7',
                "bias", args[4], '0', '1',
                "srb2", args[5], '0', '1',
                "srb1", args[6], '0', '1');
        if (problem != null) {
            sink.accept(new CytonCommand.Failure(problem));
            return;
        }
        ChannelSettings s = new ChannelSettings(args[1] == '1', args[2] - '0', args[3] - '0', args[4] == '1',
                args[5] == '1', args[6] == '1');
        sink.accept(new CytonCommand.SetChannel(args[0] - '0', s));
    }

    /** Channel, P input, N input, then the latch 'Z'. */
    private void leadOffArgument(char c) {
        if (c == 'Z' && count < 3) {
            fail("too few chars");
            return;
        }
        args[count++] = c;
        if (count < 4) {
            return;
        }
        mode = Mode.NORMAL;
        if (c != 'Z') {
            sink.accept(new CytonCommand.Failure("Err: 5th char not Z"));
            return;
        }
        String problem = firstOutOfRange(
                "channel", args[0], '1', '8',
                "pchan", args[1], '0', '1',
                "nchan", args[2], '0', '1');
        sink.accept(problem != null ? new CytonCommand.Failure(problem) : new CytonCommand.SetLeadOff(args[0] - '0'));
    }

    private void sampleRateArgument(char c) {
        mode = Mode.NORMAL;
        if (c == '~') {
            sink.accept(CytonCommand.Plain.QUERY_SAMPLE_RATE);
        } else if (c >= '0' && c <= '6') {
            sink.accept(new CytonCommand.SetSampleRate(c - '0'));
        } else if (c >= '7' && c <= '9') {
            sink.accept(new CytonCommand.Failure("sample value out of bounds"));
        } else {
            sink.accept(new CytonCommand.Failure("invalid sample value"));
        }
    }

    private void fail(String reason) {
        mode = Mode.NORMAL;
        sink.accept(new CytonCommand.Failure(reason));
    }

    /** Checks (name, value, lowest, highest) quadruples in order; returns the first problem or null. */
    private static String firstOutOfRange(Object... quads) {
        for (int i = 0; i < quads.length; i += 4) {
            char v = (Character) quads[i + 1];
            char lo = (Character) quads[i + 2];
            char hi = (Character) quads[i + 3];
            if (v < lo || v > hi) {
                return "Err: " + quads[i] + " '" + printable(v) + "' out of range " + lo + "-" + hi;
            }
        }
        return null;
    }

    private static String printable(char c) {
        return c >= 0x20 && c < 0x7F ? String.valueOf(c) : String.format("\\x%02X", (int) c);
    }
}
