package org.closedloop.controller.recording;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The bytes of a BDF header and how to read its fields (EDF: US-ASCII, left-aligned, space-padded); every error is a
 * {@link BdfFormatException} naming the file.
 *
 * <p><b>Thread safety:</b> not thread safe; used while a header is parsed.
 */
final class BdfHeaderFields {
    static final Pattern INTEGER = Pattern.compile("[+-]?\\d{1,18}");
    static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d{1,3})?");

    final Path path;
    final byte[] raw;
    final long fileSize;

    BdfHeaderFields(Path path, byte[] raw, long fileSize) {
        this.path = path;
        this.raw = raw;
        this.fileSize = fileSize;
    }

    BdfFormatException error(String field, String value, String rule) {
        return new BdfFormatException(path, field, value, rule);
    }

    void requireLength(int headerBytes, int ns) throws BdfFormatException {
        if (raw.length < headerBytes) {
            throw error("number of signals", Integer.toString(ns), "needs a " + headerBytes
                    + "-byte header but the file has " + fileSize + " bytes");
        }
    }

    /** EDF: header bytes are US-ASCII 32..126 (byte 0 of BDF excepted). {@code ns} 0: the fixed part only. */
    void requirePrintable(int ns) throws BdfFormatException {
        int end = ns == 0 ? BdfHeaderLayout.FIXED_BYTES : BdfHeaderLayout.FIXED_BYTES * (ns + 1);
        for (int i = 1; i < end; i++) {
            if (raw[i] < 32 || raw[i] > 126) {
                String field = BdfHeaderLayout.fieldAt(i, ns);
                throw error(field, String.format("\\x%02X", raw[i] & 0xFF),
                        "header byte " + i + " must be printable US-ASCII (32..126)");
            }
        }
    }

    /** The field's text without its trailing (and any leading) spaces. */
    String text(int offset, int width) {
        return new String(raw, offset, width, StandardCharsets.US_ASCII).trim();
    }

    String escaped(int offset, int width) {
        StringBuilder b = new StringBuilder();
        for (int i = offset; i < offset + width; i++) {
            int v = raw[i] & 0xFF;
            b.append(v >= 32 && v <= 126 ? String.valueOf((char) v) : String.format("\\x%02X", v));
        }
        return b.toString();
    }

    long integer(String field, int offset, int width) throws BdfFormatException {
        String t = text(offset, width);
        if (!INTEGER.matcher(t).matches()) {
            throw error(field, t, "must be an integer (EDF: ASCII digits, left-aligned, space-padded)");
        }
        return Long.parseLong(t);
    }

    double decimal(String field, int offset, int width) throws BdfFormatException {
        String t = text(offset, width);
        if (!DECIMAL.matcher(t).matches()) {
            throw error(field, t, "must be a decimal number with '.' as separator (EDF spec)");
        }
        return Double.parseDouble(t);
    }
}
