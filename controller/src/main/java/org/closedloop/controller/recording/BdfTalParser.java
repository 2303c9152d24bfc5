package org.closedloop.controller.recording;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Parses the time-stamped annotation lists (TALs) of one annotation signal of one data record (EDF+ 2.2.2 - 2.2.4):
 *
 * <pre>
 *  TAL      = onset [0x15 duration] 0x14 (text 0x14)* 0x00     the TALs follow each other, the rest of the signal is 0x00
 *  onset    = ("+" | "-") digits ["." digits]                  seconds from the header's start date and time
 *  duration = digits ["." digits]                              seconds
 *  text     = UTF-8 without 0x00 or 0x14
 * </pre>
 *
 * The first TAL of a record's first annotation signal keeps time: its first text is empty and its onset is the
 * record's start. Further texts in it are ordinary annotations at that onset; empty texts elsewhere are skipped.
 *
 * <p><b>Thread safety:</b> not thread safe (reuses a decoder); used while a reader opens.
 */
final class BdfTalParser {
    private static final byte TAL_END = 0x00;
    private static final byte TEXT_END = 0x14;
    private static final byte DURATION_MARK = 0x15;
    private static final Pattern ONSET = Pattern.compile("[+-]\\d+(\\.\\d+)?");
    private static final Pattern DURATION = Pattern.compile("\\d+(\\.\\d+)?");
    private static final int EXCERPT_BYTES = 48;

    private final Path path;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);

    BdfTalParser(Path path) {
        this.path = path;
    }

    /**
     * Parses {@code buf[0, length)}, the bytes of one annotation signal in data record {@code record}, appending its
     * annotations to {@code out} in file order.
     *
     * @param timeKeeping whether this is the record's first annotation signal, which must start with the time-keeping TAL
     * @return the time-keeping TAL's onset in seconds, or NaN when {@code timeKeeping} is false
     * @throws BdfFormatException naming the record and byte of a TAL that breaks the grammar above
     */
    double parse(byte[] buf, int length, long record, boolean timeKeeping, List<BdfAnnotation> out)
            throws BdfFormatException {
        double recordOnset = Double.NaN;
        boolean first = timeKeeping;
        int i = 0;
        while (i < length && buf[i] != TAL_END) {
            final int tal = i;
            int j = skipTo(buf, i, length, TEXT_END, DURATION_MARK);
            String onsetText = ascii(buf, i, j);
            if (!ONSET.matcher(onsetText).matches()) {
                throw error(buf, length, record, tal, "a TAL starts with its onset: '+' or '-', digits, optionally '.'"
                        + " and digits (EDF+ 2.2.2)");
            }
            double onset = Double.parseDouble(onsetText);
            double duration = Double.NaN;
            if (j < length && buf[j] == DURATION_MARK) {
                int d = j + 1;
                j = skipTo(buf, d, length, TEXT_END, DURATION_MARK);
                String durationText = ascii(buf, d, j);
                if (!DURATION.matcher(durationText).matches()) {
                    throw error(buf, length, record, tal, "a duration after 0x15 is digits, optionally '.' and digits,"
                            + " without a sign (EDF+ 2.2.2)");
                }
                duration = Double.parseDouble(durationText);
            }
            if (j >= length || buf[j] != TEXT_END) {
                throw error(buf, length, record, tal, "the time stamp must end with 0x14 (EDF+ 2.2.2)");
            }
            int texts = 0;
            int t = j + 1;
            while (true) {
                int end = skipTo(buf, t, length, TEXT_END, TEXT_END);
                if (end >= length) {
                    throw error(buf, length, record, tal, "the TAL runs to the end of the annotation signal without its"
                            + " closing 0x00 (EDF+ 2.2.2)");
                }
                if (buf[end] == TAL_END) {
                    if (end != t) {
                        throw error(buf, length, record, tal, "every annotation ends with 0x14 before the TAL's closing"
                                + " 0x00 (EDF+ 2.2.2)");
                    }
                    i = end + 1;
                    break;
                }
                if (first && texts == 0) {
                    if (end != t) {
                        throw error(buf, length, record, tal, "a record's first TAL must keep time: its first"
                                + " annotation is empty (EDF+ 2.2.4)");
                    }
                    recordOnset = onset;
                } else if (end > t) {
                    out.add(new BdfAnnotation(onset, duration, utf8(buf, t, end, length, record, tal)));
                }
                texts++;
                t = end + 1;
            }
            if (first && texts == 0) {
                throw error(buf, length, record, tal, "a record's first TAL must keep time: onset, 0x14, 0x14, 0x00"
                        + " (EDF+ 2.2.4)");
            }
            first = false;
        }
        if (timeKeeping && Double.isNaN(recordOnset)) {
            throw error(buf, length, record, 0, "every record's first annotation signal starts with a time-keeping TAL,"
                    + " e.g. '+0' 0x14 0x14 0x00 (EDF+ 2.2.4)");
        }
        return recordOnset;
    }

    /** Index of the first byte from {@code from} that is 0x00, {@code a} or {@code b}; {@code length} if none. */
    private static int skipTo(byte[] buf, int from, int length, byte a, byte b) {
        int i = from;
        while (i < length && buf[i] != TAL_END && buf[i] != a && buf[i] != b) {
            i++;
        }
        return i;
    }

    private String utf8(byte[] buf, int from, int to, int length, long record, int tal) throws BdfFormatException {
        try {
            return utf8.reset().decode(ByteBuffer.wrap(buf, from, to - from)).toString();
        } catch (CharacterCodingException e) {
            throw error(buf, length, record, tal, "annotation texts are UTF-8 (EDF+ 2.2.3)");
        }
    }

    private static String ascii(byte[] buf, int from, int to) {
        return new String(buf, from, to - from, StandardCharsets.ISO_8859_1);
    }

    private BdfFormatException error(byte[] buf, int length, long record, int tal, String rule) {
        StringBuilder b = new StringBuilder();
        for (int i = tal; i < Math.min(length, tal + EXCERPT_BYTES); i++) {
            int v = buf[i] & 0xFF;
            b.append(v >= 32 && v <= 126 ? String.valueOf((char) v) : String.format("\\x%02X", v));
            if (v == 0) {
                break;
            }
        }
        return new BdfFormatException(path, "record " + record + " annotation TAL at byte " + tal, b.toString(), rule);
    }
}
