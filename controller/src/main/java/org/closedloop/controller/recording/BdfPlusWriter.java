package org.closedloop.controller.recording;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Locale;

/**
 * Writes a BDF+ file (BioSemi 24-bit EDF+, continuous: "BDF+C") one sample at a time.
 *
 * <p>Each 1-second data record is written as soon as it is full, and the header's record count is rewritten and the
 * file forced to disk after it: a crash loses at most the record being filled, and what is on disk is always a
 * complete, readable file.
 *
 * <p>Values: every channel stores the board's 24-bit counts. The digital range is declared as
 * [-(2^23 - 1), 2^23 - 1] and the physical range as [-4.5 V/gain, +4.5 V/gain] in µV, so that a reader's scale factor
 * (physical span / digital span) is exactly the board's µV per count and zero maps to zero. The one count outside
 * that range, -2^23, is written for samples that were never acquired ({@link #NO_DATA}); every run of them is
 * annotated ({@code no data: N samples (reason)}). A real count of -2^23 (a channel railed negative) is written as
 * -(2^23 - 1).
 *
 * <p>Exact scale: the 8-character physical range cannot carry the board's µV per count to the last bit, so each
 * channel's "transducer type" field (free text in EDF+, 80 characters) records it:
 * {@code AgAgCl electrode gain=24 uV_per_count=0.022351744455307063}. The number is the exact double given in
 * {@link Channel#microvoltsPerCount()}, correctly rounded to 17 significant digits, which any correctly rounding
 * parser (Java's {@code Double.parseDouble}, C's {@code strtod}, Python's {@code float}) turns back into the same
 * double. {@link BdfPlusReader} reads it, so a replay computes µV as {@code count * microvoltsPerCount} exactly as the
 * live pipeline did.
 *
 * <p><b>Thread safety:</b> not thread safe; owned by the recording thread.
 */
public final class BdfPlusWriter implements AutoCloseable {
    /** Written for samples that were not acquired; outside the declared digital range. */
    public static final int NO_DATA = -(1 << 23);
    private static final int DIGITAL_MAX = (1 << 23) - 1;
    private static final int ANNOTATION_BYTES_PER_RECORD = 3 * 128;
    private static final int RECORD_COUNT_OFFSET = 236;
    private static final DateTimeFormatter EDF_DATE = DateTimeFormatter.ofPattern("dd.MM.yy", Locale.ROOT);
    private static final DateTimeFormatter EDF_TIME = DateTimeFormatter.ofPattern("HH.mm.ss", Locale.ROOT);
    private static final DateTimeFormatter EDFPLUS_DATE = DateTimeFormatter.ofPattern("dd-MMM-yyyy", Locale.ROOT);

    /** The ADS1299's reference voltage in µV: the physical range is +-this / gain. */
    private static final double VREF_MICROVOLTS = 4.5e6;
    /** How far microvoltsPerCount may differ from 4.5 V / gain / (2^23 - 1): rounding only, never another gain. */
    private static final double SCALE_TOLERANCE = 1e-9;

    /**
     * One EEG channel.
     *
     * @param label              e.g. "EEG O1" (at most 16 characters)
     * @param microvoltsPerCount the board's scale at this channel's gain, e.g. {@code CytonScaling.microvoltsPerCount};
     *                           must agree with {@code gain} (4.5 V / gain / (2^23 - 1), to rounding)
     * @param gain               the PGA gain, for the declared physical range (4.5 V / gain)
     * @param prefiltering       e.g. "HP:DC LP:none" (at most 80 characters)
     * @throws IllegalArgumentException if the gain is not positive or the scale does not belong to the gain
     */
    public record Channel(String label, double microvoltsPerCount, int gain, String prefiltering) {
        public Channel {
            if (gain <= 0) {
                throw new IllegalArgumentException("channel " + label + ": gain=" + gain + ": must be positive");
            }
            double expected = VREF_MICROVOLTS / gain / DIGITAL_MAX;
            if (!(Math.abs(microvoltsPerCount / expected - 1) <= SCALE_TOLERANCE)) {
                throw new IllegalArgumentException("channel " + label + ": microvoltsPerCount=" + microvoltsPerCount
                        + " does not belong to gain=" + gain + " (4.5 V / gain / (2^23 - 1) = " + expected
                        + " uV); pass CytonScaling.microvoltsPerCount(gain)");
            }
        }
    }

    private final FileChannel file;
    private final Path path;
    private final int samplesPerRecord;
    private final int channels;
    private final double[] countsPerMicrovolt;
    private final ByteBuffer record;
    private final int annotationOffset;
    private final ArrayDeque<String> pendingAnnotations = new ArrayDeque<>();
    private final ByteBuffer countField = ByteBuffer.allocate(8);
    private int fill;
    private long records;
    private boolean closed;

    private BdfPlusWriter(Path path, FileChannel file, int sampleRateHz, List<Channel> chans) {
        this.path = path;
        this.file = file;
        this.samplesPerRecord = sampleRateHz;
        this.channels = chans.size();
        this.countsPerMicrovolt = new double[channels];
        for (int i = 0; i < channels; i++) {
            countsPerMicrovolt[i] = 1.0 / chans.get(i).microvoltsPerCount();
        }
        this.annotationOffset = channels * samplesPerRecord * 3;
        this.record = ByteBuffer.allocate(annotationOffset + ANNOTATION_BYTES_PER_RECORD);
    }

    /**
     * Creates the file (refusing to overwrite one) and writes its header.
     *
     * @param subjectCode   pseudonymous subject code (no names: this goes in the patient field)
     * @param equipment     e.g. "closedloop-0.1.0"; add "SYNTHETIC" for simulated data
     * @param start         local date and time of the first sample
     * @param sampleRateHz  samples per second per channel (one data record = 1 s)
     */
    public static BdfPlusWriter create(Path path, String subjectCode, String equipment, LocalDateTime start,
                                       int sampleRateHz, List<Channel> channels) throws IOException {
        if (subjectCode == null || !subjectCode.matches("[A-Za-z0-9_-]{1,32}")) {
            throw new IllegalArgumentException("subjectCode=" + subjectCode
                    + ": use a pseudonymous code of 1-32 letters, digits, '-' or '_' (never a name)");
        }
        if (sampleRateHz <= 0 || channels.isEmpty()) {
            throw new IllegalArgumentException("sampleRateHz=" + sampleRateHz + ", channels=" + channels.size()
                    + ": need a positive rate and at least one channel");
        }
        FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                StandardOpenOption.READ);
        BdfPlusWriter w = new BdfPlusWriter(path, ch, sampleRateHz, channels);
        try {
            w.writeHeader(subjectCode, equipment, start, channels);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        return w;
    }

    public Path path() {
        return path;
    }

    /** Seconds of signal written so far, including the record being filled. */
    public double elapsedSeconds() {
        return records + (double) fill / samplesPerRecord;
    }

    /** Appends one sample of every channel, in µV. */
    public void writeSample(double[] microvolts) throws IOException {
        for (int ch = 0; ch < channels; ch++) {
            long c = Math.round(microvolts[ch] * countsPerMicrovolt[ch]);
            int count = (int) Math.max(-DIGITAL_MAX, Math.min(DIGITAL_MAX, c));
            putInt24(ch, count);
        }
        advance();
    }

    /** Appends {@code n} samples that were never acquired, marked {@link #NO_DATA}, and annotates them. */
    public void writeMissing(long n, String reason) throws IOException {
        if (n <= 0) {
            return;
        }
        annotate(elapsedSeconds(), n / (double) samplesPerRecord, "no data: " + n + " samples (" + reason + ")");
        for (long i = 0; i < n; i++) {
            for (int ch = 0; ch < channels; ch++) {
                putInt24(ch, NO_DATA);
            }
            advance();
        }
    }

    /**
     * Queues an annotation; it is written in the record being filled (or a later one if that is full).
     *
     * @param onsetSeconds    from the start of the recording
     * @param durationSeconds or a negative number for none
     * @param text            free text (control characters are replaced)
     */
    public void annotate(double onsetSeconds, double durationSeconds, String text) {
        String clean = text.replaceAll("[\\x00-\\x1F]", " ");
        StringBuilder tal = new StringBuilder().append(formatOnset(onsetSeconds));
        if (durationSeconds >= 0) {
            tal.append('\u0015').append(trim(String.format(Locale.ROOT, "%.6f", durationSeconds)));
        }
        tal.append('\u0014').append(clean).append('\u0014').append('\u0000');
        pendingAnnotations.add(tal.toString());
    }

    /**
     * Pads the last record with {@link #NO_DATA} (annotated), writes it and closes the file; annotations still queued
     * then get as many more {@link #NO_DATA} records as they need. A file closed with no sample and no annotation has
     * no data record.
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (fill > 0) {
                writeMissing(samplesPerRecord - fill, "end of recording: padding of the last record");
            }
            // each record takes at least one queued TAL and adds its own short "no data" TAL, and a record of those
            // short TALs alone takes several: the queue empties
            while (!pendingAnnotations.isEmpty()) {
                writeMissing(samplesPerRecord, "end of recording: a record for the last annotations");
            }
        } finally {
            file.close();
        }
    }

    private void putInt24(int ch, int count) {
        int o = (ch * samplesPerRecord + fill) * 3;
        record.put(o, (byte) count);
        record.put(o + 1, (byte) (count >> 8));
        record.put(o + 2, (byte) (count >> 16));
    }

    private void advance() throws IOException {
        if (++fill == samplesPerRecord) {
            flushRecord();
        }
    }

    private void flushRecord() throws IOException {
        // annotation signal: the time-keeping TAL first, then as many queued TALs as fit
        byte[] keep = (formatOnset(records) + "\u0014\u0014\u0000").getBytes(StandardCharsets.UTF_8);
        int pos = annotationOffset;
        for (int i = annotationOffset; i < record.capacity(); i++) {
            record.put(i, (byte) 0);
        }
        record.put(pos, keep);
        pos += keep.length;
        while (!pendingAnnotations.isEmpty()) {
            byte[] tal = pendingAnnotations.peek().getBytes(StandardCharsets.UTF_8);
            if (pos + tal.length > record.capacity()) {
                if (pos == annotationOffset + keep.length) {
                    pendingAnnotations.poll(); // longer than a whole record's annotation space: drop, never split
                    continue;
                }
                break;
            }
            record.put(pos, tal);
            pos += tal.length;
            pendingAnnotations.poll();
        }
        record.clear();
        while (record.hasRemaining()) {
            file.write(record);
        }
        records++;
        fill = 0;
        countField.clear();
        countField.put(pad(Long.toString(records), 8).getBytes(StandardCharsets.US_ASCII)).flip();
        file.write(countField, RECORD_COUNT_OFFSET);
        file.force(false);
    }

    private void writeHeader(String subject, String equipment, LocalDateTime start, List<Channel> chans) throws IOException {
        int ns = chans.size() + 1;
        StringBuilder h = new StringBuilder(256 * (ns + 1));
        h.append(pad("BIOSEMI", 7)); // after the 0xFF byte written below
        h.append(pad(subject + " X X X", 80));
        h.append(pad("Startdate " + start.format(EDFPLUS_DATE).toUpperCase(Locale.ROOT) + " X X "
                + equipment.replace(' ', '_'), 80));
        h.append(pad(start.format(EDF_DATE), 8)).append(pad(start.format(EDF_TIME), 8));
        h.append(pad(Integer.toString(256 * (ns + 1)), 8));
        h.append(pad("BDF+C", 44));
        h.append(pad("0", 8)); // number of data records: rewritten after every record
        h.append(pad("1", 8)).append(pad(Integer.toString(ns), 4));
        for (Channel c : chans) {
            h.append(pad(c.label(), 16));
        }
        h.append(pad("BDF Annotations", 16));
        for (Channel c : chans) {
            h.append(pad(transducerType(c), 80));
        }
        h.append(pad("", 80));
        for (int i = 0; i < chans.size(); i++) {
            h.append(pad("uV", 8));
        }
        h.append(pad("", 8));
        for (Channel c : chans) {
            h.append(pad(Long.toString(-Math.round(4.5e6 / c.gain())), 8));
        }
        h.append(pad("-1", 8));
        for (Channel c : chans) {
            h.append(pad(Long.toString(Math.round(4.5e6 / c.gain())), 8));
        }
        h.append(pad("1", 8));
        for (int i = 0; i < ns; i++) {
            h.append(pad(Integer.toString(-DIGITAL_MAX), 8));
        }
        for (int i = 0; i < ns; i++) {
            h.append(pad(Integer.toString(DIGITAL_MAX), 8));
        }
        for (Channel c : chans) {
            h.append(pad(c.prefiltering(), 80));
        }
        h.append(pad("", 80));
        for (int i = 0; i < chans.size(); i++) {
            h.append(pad(Integer.toString(samplesPerRecord), 8));
        }
        h.append(pad(Integer.toString(ANNOTATION_BYTES_PER_RECORD / 3), 8));
        for (int i = 0; i < ns; i++) {
            h.append(pad("", 32));
        }
        byte[] ascii = h.toString().getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(1 + ascii.length);
        b.put((byte) 0xFF).put(ascii).flip();
        if (b.remaining() != 256 * (ns + 1)) {
            throw new IllegalStateException("BDF header is " + b.remaining() + " bytes, expected " + 256 * (ns + 1));
        }
        while (b.hasRemaining()) {
            file.write(b);
        }
        file.force(true);
    }

    /** The transducer-type field: electrode, gain and the exact scale (see the class comment). */
    static String transducerType(Channel c) {
        String scale = new BigDecimal(c.microvoltsPerCount()).round(new MathContext(17, RoundingMode.HALF_EVEN))
                .toString();
        // 17 significant digits always round-trip a double; checked anyway, as replay depends on it
        if (Double.doubleToRawLongBits(Double.parseDouble(scale)) != Double.doubleToRawLongBits(c.microvoltsPerCount())) {
            throw new IllegalStateException("uV_per_count=" + scale + " does not parse back to " + c.microvoltsPerCount());
        }
        return "AgAgCl electrode gain=" + c.gain() + " uV_per_count=" + scale;
    }

    private static String formatOnset(double seconds) {
        return "+" + trim(String.format(Locale.ROOT, "%.6f", seconds));
    }

    private static String trim(String decimal) {
        String s = decimal.contains(".") ? decimal.replaceAll("0+$", "") : decimal;
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    private static String pad(String s, int width) {
        String ascii = s.replaceAll("[^\\x20-\\x7E]", "_");
        if (ascii.length() > width) {
            throw new IllegalArgumentException("'" + s + "' is longer than its " + width + "-character BDF header field");
        }
        return ascii + " ".repeat(width - ascii.length());
    }
}
