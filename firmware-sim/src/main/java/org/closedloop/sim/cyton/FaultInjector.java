package org.closedloop.sim.cyton;

import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Injects link faults into a running {@link SimulatedCytonBoard}. Each call is queued and applied by the board's
 * pacing thread at the next packet boundary (immediately if not streaming); its effect on every sample is recorded
 * exactly in {@link GroundTruth}. Count faults add up ({@code dropPackets(2)} twice drops 4) and wait for samples
 * if the board is not streaming. When several apply to one sample the order is stall, drop, corrupt, bad stop byte;
 * a sample only consumes the fault that hit it. Pending faults survive {@code b}, {@code v} and unplugs. While the
 * controller is not reading and the pty is full, the pacing thread waits inside a write, so the next packet
 * boundary (and with it any fault, an unplug included) waits too.
 *
 * <p>The decoder on the controller's side cannot do better than its protocol allows: garbage is random and may by
 * chance contain something that looks like a packet. Corrupted packets are made so that no byte of them can be taken
 * for a header.
 *
 * <p><b>Thread safety:</b> thread safe; callable from tests, a CLI or any other thread.
 */
public final class FaultInjector {
    /** Largest garbage burst, bytes. */
    public static final int MAX_GARBAGE_BYTES = 1 << 16;
    /** Largest packet count for one count fault. */
    public static final int MAX_PACKETS = 1_000_000;
    /** Longest stall or unplug. */
    public static final Duration MAX_DURATION = Duration.ofMinutes(10);

    private static final String FORMS = "accepted forms: garbage <bytes 1-" + MAX_GARBAGE_BYTES + ">, corrupt <n>, "
            + "drop <n>, badstop <n> (n 1-" + MAX_PACKETS + "), stall <duration>, unplug <duration> "
            + "(duration as 500ms or 2s, up to 10 min)";
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s)");

    private final Consumer<Fault> sink;

    FaultInjector(Consumer<Fault> sink) {
        this.sink = sink;
    }

    /** Writes {@code bytes} random bytes (from the board's seed) between two packets; no sample is lost. */
    public void garbageBurst(int bytes) {
        sink.accept(new Fault.Garbage(checkRange("bytes", bytes, MAX_GARBAGE_BYTES)));
    }

    /** Destroys each of the next {@code n} packets sent (header, stop byte and body bytes); each is CORRUPTED. */
    public void corruptPackets(int n) {
        sink.accept(new Fault.Corrupt(checkRange("n", n, MAX_PACKETS)));
    }

    /** Generates the next {@code n} samples without sending them (the counter advances); each is DROPPED. */
    public void dropPackets(int n) {
        sink.accept(new Fault.Drop(checkRange("n", n, MAX_PACKETS)));
    }

    /** Sends the next {@code n} packets with a stop byte outside 0xC0-0xC6; each is BAD_STOP_BYTE. */
    public void badStopBytes(int n) {
        sink.accept(new Fault.BadStop(checkRange("n", n, MAX_PACKETS)));
    }

    /** Sends nothing for {@code duration}; samples due meanwhile are generated, not sent, and marked STALLED. */
    public void stall(Duration duration) {
        sink.accept(new Fault.Stall(checkDuration(duration)));
    }

    /**
     * Unplugs the device: unread bytes are taken back (their samples become UNPLUGGED), the symlink is removed and
     * the pty master closed (the controller's port hangs up). After {@code duration} the board comes back on a new
     * pty as a freshly powered board (not streaming, default channel settings, the configured sample rate) and the
     * symlink is pointed at it atomically. While unplugged nothing is sampled or recorded.
     */
    public void unplug(Duration duration) {
        sink.accept(new Fault.Unplug(checkDuration(duration)));
    }

    /**
     * Applies a fault given as text, e.g. {@code "garbage 40"}, {@code "corrupt 2"}, {@code "drop 3"},
     * {@code "badstop 1"}, {@code "stall 500ms"}, {@code "stall 2s"}, {@code "unplug 3s"} (case-insensitive,
     * any spacing).
     *
     * @throws IllegalArgumentException naming the command, the value and the accepted forms
     */
    public void apply(String command) {
        String text = command == null ? "" : command.strip();
        String[] parts = text.split("\\s+");
        if (parts.length != 2) {
            throw bad(text, "expected a fault name and one value");
        }
        String name = parts[0].toLowerCase(Locale.ROOT);
        String value = parts[1].toLowerCase(Locale.ROOT);
        try {
            switch (name) {
                case "garbage" -> garbageBurst(parseCount(text, value));
                case "corrupt" -> corruptPackets(parseCount(text, value));
                case "drop" -> dropPackets(parseCount(text, value));
                case "badstop" -> badStopBytes(parseCount(text, value));
                case "stall" -> stall(parseDuration(text, value));
                case "unplug" -> unplug(parseDuration(text, value));
                default -> throw bad(text, "unknown fault '" + parts[0] + "'");
            }
        } catch (IllegalArgumentException e) {
            if (e.getMessage().startsWith("fault command")) {
                throw e;
            }
            throw bad(text, "value '" + parts[1] + "' rejected: " + e.getMessage());
        }
    }

    private static int parseCount(String text, String value) {
        if (!value.matches("\\d{1,9}")) {
            throw bad(text, "value '" + value + "' is not a whole number");
        }
        return Integer.parseInt(value);
    }

    private static Duration parseDuration(String text, String value) {
        Matcher m = DURATION.matcher(value);
        if (!m.matches()) {
            throw bad(text, "value '" + value + "' is not a duration like 500ms or 2s");
        }
        long amount = Long.parseLong(m.group(1));
        return m.group(2).equals("ms") ? Duration.ofMillis(amount) : Duration.ofSeconds(amount);
    }

    private static IllegalArgumentException bad(String text, String problem) {
        return new IllegalArgumentException("fault command '" + text + "': " + problem + "; " + FORMS);
    }

    private static int checkRange(String name, int value, int max) {
        if (value < 1 || value > max) {
            throw new IllegalArgumentException(name + "=" + value + ": must be 1-" + max);
        }
        return value;
    }

    private static Duration checkDuration(Duration d) {
        if (d == null || d.isNegative() || d.isZero() || d.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException("duration=" + d + ": must be positive and at most " + MAX_DURATION);
        }
        return d;
    }
}
