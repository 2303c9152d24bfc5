package org.closedloop.controller.recording;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The features file next to a recording: CSV, one row per feature update (or per interval the caller chooses), with
 * {@code #} comment lines first saying what the file is and whether the data is synthetic. Readable with e.g.
 * {@code pandas.read_csv(path, comment='#')}. Rows are flushed to disk about once a second, so a crash loses at most
 * about a second of rows; a torn last line is possible after a crash and readers should drop it.
 *
 * <p><b>Thread safety:</b> not thread safe; owned by the recording thread.
 */
public final class FeatureFileWriter implements AutoCloseable {
    private static final long FLUSH_INTERVAL_NS = 1_000_000_000L;

    private final BufferedWriter out;
    private final int columns;
    private final StringBuilder row = new StringBuilder(256);
    private char[] chars = new char[256];
    private long lastFlushNs = System.nanoTime();

    private FeatureFileWriter(BufferedWriter out, int columns) {
        this.out = out;
        this.columns = columns;
    }

    /**
     * Creates the file (never overwriting one) and writes its comment lines and column header.
     *
     * @param comments  lines written as {@code # ...} (e.g. protocol sha256, "SYNTHETIC DATA")
     * @param columns   feature column names; {@code time_s} and {@code sample_index} come first automatically
     */
    public static FeatureFileWriter create(Path file, List<String> comments, List<String> columns) throws IOException {
        for (String c : columns) {
            if (!c.matches("[A-Za-z0-9_.\\-\\[\\]]+")) {
                throw new IllegalArgumentException("column=" + c + ": use letters, digits, _ . - [ ] only (no commas)");
            }
        }
        BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE);
        for (String c : comments) {
            w.write("# " + c.replace('\n', ' '));
            w.newLine();
        }
        w.write("time_s,sample_index");
        for (String c : columns) {
            w.write(',');
            w.write(c);
        }
        w.newLine();
        w.flush();
        return new FeatureFileWriter(w, columns.size());
    }

    /**
     * Appends one row.
     *
     * @param timeMicros   since the start of the recording, in microseconds (written as seconds, six decimals)
     * @param sampleIndex  the acquisition's continuous sample index the features belong to
     * @param values       one value per column (NaN is written as an empty field)
     */
    public void writeRow(long timeMicros, long sampleIndex, double[] values) throws IOException {
        if (values.length != columns) {
            throw new IllegalArgumentException("values.length=" + values.length + ": expected " + columns);
        }
        // no allocation per row: the digits go into a reused builder and leave through a reused char array
        // (StringBuilder.append(double) writes the same digits as Double.toString without a String)
        row.setLength(0);
        appendSeconds(timeMicros);
        row.append(',').append(sampleIndex);
        for (double v : values) {
            row.append(',');
            if (!Double.isNaN(v)) {
                row.append(v);
            }
        }
        row.append('\n');
        int n = row.length();
        if (chars.length < n) {
            chars = new char[Math.max(n, 2 * chars.length)];
        }
        row.getChars(0, n, chars, 0);
        out.write(chars, 0, n);
        long now = System.nanoTime();
        if (now - lastFlushNs >= FLUSH_INTERVAL_NS) {
            out.flush();
            lastFlushNs = now;
        }
    }

    /** Microseconds as seconds with six decimals, from the exact count (no rounding of a binary fraction). */
    private void appendSeconds(long micros) {
        if (micros < 0) {
            row.append('-');
            micros = -micros;
        }
        long fraction = micros % 1_000_000;
        row.append(micros / 1_000_000).append('.');
        for (long digit = 100_000; digit > 1 && fraction < digit; digit /= 10) {
            row.append('0');
        }
        row.append(fraction);
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
