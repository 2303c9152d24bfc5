package org.closedloop.safety.ledger;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * The text layout of the ledger file, apart from the file handling. UTF-8, {@code \n} line ends:
 * <pre>
 *   # comment lines (covered by the checksum)
 *   format 1
 *   entry 2026-11-24 S001 1200000000000      (day, subject code, stimulation time in ns)
 *   ...
 *   crc32 0a1b2c3d                          (CRC-32 of every byte before this line, 8 lower-case hex digits)
 * </pre>
 * Parsing is strict: anything else (unknown line, duplicate entry, negative time, bad checksum, missing final line)
 * makes the file corrupt.
 *
 * <p>Thread safety: stateless; thread safe.
 */
final class LedgerFileFormat {

    static final String HEADER = "# closedloop daily stimulation ledger, written by the safety module.\n"
            + "# Do not edit by hand: the checksum makes an edited or damaged file block stimulation.\n";

    private static final Pattern SUBJECT = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern CRC_LINE = Pattern.compile("crc32 [0-9a-f]{8}");

    private LedgerFileFormat() {
    }

    /** Thrown for a corrupt file; the message says what is wrong. */
    static final class CorruptLedgerException extends Exception {
        CorruptLedgerException(String message) {
            super(message);
        }
    }

    static String key(LocalDate day, String subjectCode) {
        return day + " " + subjectCode;
    }

    static byte[] format(Map<String, Long> usedNsByKey) {
        StringBuilder b = new StringBuilder(HEADER).append("format 1\n");
        for (Map.Entry<String, Long> e : new TreeMap<>(usedNsByKey).entrySet()) {
            b.append("entry ").append(e.getKey()).append(' ').append(e.getValue()).append('\n');
        }
        byte[] body = b.toString().getBytes(StandardCharsets.UTF_8);
        String crcLine = String.format("crc32 %08x\n", crc(body, body.length));
        byte[] all = new byte[body.length + crcLine.length()];
        System.arraycopy(body, 0, all, 0, body.length);
        System.arraycopy(crcLine.getBytes(StandardCharsets.US_ASCII), 0, all, body.length, crcLine.length());
        return all;
    }

    static Map<String, Long> parse(byte[] bytes) throws CorruptLedgerException {
        if (bytes.length == 0 || bytes[bytes.length - 1] != '\n') {
            throw new CorruptLedgerException("the file is empty or truncated (no final line end)");
        }
        int lastLineStart = bytes.length - 1;
        while (lastLineStart > 0 && bytes[lastLineStart - 1] != '\n') {
            lastLineStart--;
        }
        String crcLine = new String(bytes, lastLineStart, bytes.length - 1 - lastLineStart, StandardCharsets.UTF_8);
        if (!CRC_LINE.matcher(crcLine).matches()) {
            throw new CorruptLedgerException("the last line is not a crc32 line (truncated?)");
        }
        long expected = Long.parseLong(crcLine.substring(6), 16);
        long actual = crc(bytes, lastLineStart);
        if (expected != actual) {
            throw new CorruptLedgerException(String.format("checksum mismatch: file says %08x, content is %08x",
                    expected, actual));
        }
        // the body ends with the line end before the crc32 line; drop exactly that one before splitting
        String body = lastLineStart == 0 ? "" : new String(bytes, 0, lastLineStart - 1, StandardCharsets.UTF_8);
        Map<String, Long> out = new TreeMap<>();
        boolean sawFormat = false;
        int lineNo = 0;
        for (String line : body.split("\n", -1)) {
            lineNo++;
            if (line.startsWith("#")) {
                continue;
            }
            if (!sawFormat) {
                if (!line.equals("format 1")) {
                    throw new CorruptLedgerException("line " + lineNo + ": expected \"format 1\", found \"" + line
                            + "\"");
                }
                sawFormat = true;
                continue;
            }
            parseEntry(line, lineNo, out);
        }
        if (!sawFormat) {
            throw new CorruptLedgerException("no \"format 1\" line");
        }
        return out;
    }

    private static void parseEntry(String line, int lineNo, Map<String, Long> out) throws CorruptLedgerException {
        String[] f = line.split(" ", -1);
        if (f.length != 4 || !f[0].equals("entry")) {
            throw new CorruptLedgerException("line " + lineNo + ": expected \"entry DAY SUBJECT NS\", found \""
                    + line + "\"");
        }
        LocalDate day;
        long ns;
        try {
            day = LocalDate.parse(f[1]);
            ns = Long.parseLong(f[3]);
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new CorruptLedgerException("line " + lineNo + ": " + e.getMessage());
        }
        if (!SUBJECT.matcher(f[2]).matches() || ns < 0 || !f[3].equals(Long.toString(ns))) {
            throw new CorruptLedgerException("line " + lineNo + ": invalid entry \"" + line + "\"");
        }
        if (out.put(key(day, f[2]), ns) != null) {
            throw new CorruptLedgerException("line " + lineNo + ": duplicate entry for " + f[1] + " " + f[2]);
        }
    }

    private static long crc(byte[] bytes, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, length);
        return crc.getValue();
    }
}
