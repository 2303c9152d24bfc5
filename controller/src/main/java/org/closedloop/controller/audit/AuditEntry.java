package org.closedloop.controller.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * One audit entry and its line format (see {@code package-info.java}).
 *
 * @param seq    1-based position in the log
 * @param time   UTC instant, ISO-8601
 * @param kind   dotted event name, e.g. {@code protocol.upload}, {@code session.arm}, {@code safety.fault}
 * @param actor  who caused it: a Unix user, an operator's name, or {@code system}
 * @param detail free text
 * @param prev   the previous entry's hash (hex), 64 zeros for the first
 * @param hash   SHA-256 (hex) of the first six fields
 */
public record AuditEntry(long seq, String time, String kind, String actor, String detail, String prev, String hash) {
    /** The {@code prev} of the first entry. */
    public static final String GENESIS = "0".repeat(64);

    /** Builds an entry and computes its hash. */
    static AuditEntry create(long seq, String time, String kind, String actor, String detail, String prev) {
        return new AuditEntry(seq, time, kind, actor, detail, prev, sha256(content(seq, time, kind, actor, detail, prev)));
    }

    /** The line, without its newline. */
    String toLine() {
        return content(seq, time, kind, actor, detail, prev) + '\t' + hash;
    }

    private static String content(long seq, String time, String kind, String actor, String detail, String prev) {
        return seq + "\t" + escape(time) + '\t' + escape(kind) + '\t' + escape(actor) + '\t' + escape(detail) + '\t' + prev;
    }

    /**
     * Parses a line (without its newline).
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    static AuditEntry parse(String line) {
        List<String> f = new ArrayList<>(7);
        int start = 0;
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == '\t') {
                f.add(line.substring(start, i));
                start = i + 1;
            }
        }
        f.add(line.substring(start));
        if (f.size() != 7) {
            throw new IllegalArgumentException("has " + f.size() + " fields, expected 7");
        }
        long seq;
        try {
            seq = Long.parseLong(f.get(0));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("seq=" + f.get(0) + ": not a number");
        }
        return new AuditEntry(seq, unescape(f.get(1)), unescape(f.get(2)), unescape(f.get(3)), unescape(f.get(4)),
                f.get(5), f.get(6));
    }

    /** The hash this entry's fields should have. */
    String expectedHash() {
        return sha256(content(seq, time, kind, actor, detail, prev));
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\t' -> b.append("\\t");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    static String unescape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                b.append(n == 't' ? '\t' : n == 'n' ? '\n' : n == 'r' ? '\r' : n);
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
