package org.closedloop.controller.recording;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.closedloop.controller.recording.BdfHeaderLayout.SignalField;

/**
 * The validated header of a continuous BDF+ file ("BDF+C"): identification, start, data-record geometry and the
 * signals. "Channels" are the ordinary signals, numbered 0.. in file order; annotation signals are not channels.
 *
 * <p>What this reader requires beyond the EDF/EDF+/BDF specifications, each refused with a
 * {@link BdfFormatException}: a continuous file ("BDF+C"), at least one channel and one "BDF Annotations" signal, and
 * the same number of samples per record on every channel (one sample of {@link BdfPlusReader} is one sample of every
 * channel).
 *
 * <p><b>Thread safety:</b> immutable.
 */
public final class BdfHeader {
    /** Label of an annotation signal in BDF+ (EDF+ says "EDF Annotations"; BDF+ replaces EDF by BDF). */
    public static final String ANNOTATION_LABEL = "BDF Annotations";
    /** The lowest 24-bit count; BdfPlusWriter writes it for samples never acquired. */
    static final int MIN_COUNT = -(1 << 23);
    static final int MAX_COUNT = (1 << 23) - 1;
    /** Refuse records larger than this rather than allocate whatever a damaged header asks for. */
    static final int MAX_RECORD_BYTES = 16 << 20;
    /** The 8-character physical range must agree with the exact scale to this fraction of its span. */
    private static final double SCALE_AGREEMENT = 1e-4;

    private static final byte[] BDF_VERSION = {(byte) 0xFF, 'B', 'I', 'O', 'S', 'E', 'M', 'I'};
    private static final Pattern HEADER_DATE = Pattern.compile("(\\d\\d)\\.(\\d\\d)\\.(\\d\\d|yy)");
    private static final Pattern HEADER_TIME = Pattern.compile("(\\d\\d)\\.(\\d\\d)\\.(\\d\\d)");
    private static final Pattern EDFPLUS_DATE = Pattern.compile("(\\d\\d)-([A-Za-z]{3})-(\\d{4})");
    private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP",
            "OCT", "NOV", "DEC");
    private static final String GAIN_KEY = "gain=";
    private static final String SCALE_KEY = "uV_per_count=";

    private final String patientField;
    private final String recordingField;
    private final LocalDateTime start;
    private final int headerBytes;
    private final long headerRecordCount;
    private final double recordDurationSeconds;
    private final List<BdfSignal> signals;
    private final int[] channelSignals;
    private final int[] annotationSignals;
    private final int[] signalOffsets;
    private final int recordBytes;
    private final int[] gains;
    private final double[] microvoltsPerCount;

    private BdfHeader(BdfHeaderFields f) throws BdfFormatException {
        int ns = (int) f.integer("number of signals", BdfHeaderLayout.SIGNAL_COUNT, BdfHeaderLayout.SIGNAL_COUNT_WIDTH);
        if (ns < 2) {
            throw f.error("number of signals", Integer.toString(ns),
                    "a BDF+ file needs at least 2 signals: one channel and the 'BDF Annotations' signal");
        }
        headerBytes = (int) f.integer("number of bytes in header", BdfHeaderLayout.HEADER_BYTES,
                BdfHeaderLayout.HEADER_BYTES_WIDTH);
        if (headerBytes != BdfHeaderLayout.FIXED_BYTES * (ns + 1)) {
            throw f.error("number of bytes in header", Integer.toString(headerBytes),
                    "must be 256 * (number of signals + 1) = " + BdfHeaderLayout.FIXED_BYTES * (ns + 1));
        }
        f.requireLength(headerBytes, ns);
        f.requirePrintable(ns);
        String reserved = f.text(BdfHeaderLayout.RESERVED, BdfHeaderLayout.RESERVED_WIDTH);
        if (!reserved.startsWith("BDF+C")) {
            throw f.error("reserved", reserved, reserved.startsWith("BDF+D")
                    ? "discontinuous BDF+ is not supported: replay needs one continuous sample index ('BDF+C')"
                    : "a continuous BDF+ file says 'BDF+C' here (plain BDF says '24BIT' and has no annotations)");
        }
        headerRecordCount = f.integer("number of data records", BdfHeaderLayout.RECORD_COUNT,
                BdfHeaderLayout.RECORD_COUNT_WIDTH);
        if (headerRecordCount < -1) {
            throw f.error("number of data records", Long.toString(headerRecordCount),
                    "must be -1 (unknown, while recording) or a count >= 0");
        }
        recordDurationSeconds = f.decimal("duration of a data record", BdfHeaderLayout.RECORD_DURATION,
                BdfHeaderLayout.RECORD_DURATION_WIDTH);
        if (!(recordDurationSeconds > 0)) {
            throw f.error("duration of a data record", Double.toString(recordDurationSeconds),
                    "must be positive seconds (0 is only for files without signal data)");
        }
        patientField = f.text(BdfHeaderLayout.PATIENT, BdfHeaderLayout.PATIENT_WIDTH);
        recordingField = f.text(BdfHeaderLayout.RECORDING, BdfHeaderLayout.RECORDING_WIDTH);
        if (subfields(patientField).length < 4) {
            throw f.error("patient identification", patientField,
                    "EDF+ needs 4 space-separated subfields: code sex birthdate name ('X' where unknown)");
        }
        start = startDateTime(f, recordingField);

        List<BdfSignal> all = new ArrayList<>(ns);
        List<Integer> channels = new ArrayList<>();
        List<Integer> annotations = new ArrayList<>();
        signalOffsets = new int[ns];
        long bytes = 0;
        for (int s = 0; s < ns; s++) {
            BdfSignal sig = signal(f, ns, s);
            all.add(sig);
            (ANNOTATION_LABEL.equals(sig.label()) ? annotations : channels).add(s);
            signalOffsets[s] = (int) bytes;
            bytes += 3L * sig.samplesPerRecord();
            if (bytes > MAX_RECORD_BYTES) {
                throw f.error("signal " + s + " samples per data record", Integer.toString(sig.samplesPerRecord()),
                        "a data record would exceed this reader's limit of " + MAX_RECORD_BYTES + " bytes");
            }
        }
        signals = List.copyOf(all);
        recordBytes = (int) bytes;
        channelSignals = channels.stream().mapToInt(Integer::intValue).toArray();
        annotationSignals = annotations.stream().mapToInt(Integer::intValue).toArray();
        if (channelSignals.length == 0 || annotationSignals.length == 0) {
            throw f.error("labels", String.join("|", all.stream().map(BdfSignal::label).toList()),
                    "a BDF+ file needs at least one channel and one '" + ANNOTATION_LABEL + "' signal");
        }
        int rate = signals.get(channelSignals[0]).samplesPerRecord();
        for (int s : channelSignals) {
            if (signals.get(s).samplesPerRecord() != rate) {
                throw f.error("signal " + s + " samples per data record",
                        Integer.toString(signals.get(s).samplesPerRecord()), "every channel must have the same as signal "
                                + channelSignals[0] + " (" + rate + "): this reader returns one sample of all channels");
            }
        }
        gains = new int[channelSignals.length];
        microvoltsPerCount = new double[channelSignals.length];
        for (int c = 0; c < channelSignals.length; c++) {
            readScale(f, channelSignals[c], c);
        }
    }

    /**
     * Reads and validates the header at the start of {@code file}.
     *
     * @param fileSize the file's size in bytes (the header must fit)
     * @throws BdfFormatException if the header breaks the specification or this reader's rules (the message says which)
     */
    static BdfHeader read(FileChannel file, Path path, long fileSize) throws IOException {
        if (fileSize < BdfHeaderLayout.FIXED_BYTES) {
            throw new BdfFormatException(path, "file size", Long.toString(fileSize),
                    "shorter than the 256-byte fixed part of a BDF header");
        }
        ByteBuffer fixed = readFully(file, path, 0, BdfHeaderLayout.FIXED_BYTES);
        BdfHeaderFields f = new BdfHeaderFields(path, fixed.array(), fileSize);
        checkVersion(f);
        f.requirePrintable(0);
        long ns = f.integer("number of signals", BdfHeaderLayout.SIGNAL_COUNT, BdfHeaderLayout.SIGNAL_COUNT_WIDTH);
        if (ns >= 2 && BdfHeaderLayout.FIXED_BYTES * (ns + 1) <= fileSize) {
            ByteBuffer whole = readFully(file, path, 0, (int) (BdfHeaderLayout.FIXED_BYTES * (ns + 1)));
            f = new BdfHeaderFields(path, whole.array(), fileSize);
        }
        return new BdfHeader(f);
    }

    public String patientField() {
        return patientField;
    }

    public String recordingField() {
        return recordingField;
    }

    /** The patient field's first subfield: BdfPlusWriter's pseudonymous subject code ("X" if unknown). */
    public String subjectCode() {
        return subfields(patientField)[0];
    }

    /** The recording field's fifth subfield, the equipment (BdfPlusWriter writes its spaces as '_'). */
    public String equipment() {
        return subfields(recordingField)[4];
    }

    /** Local date and time of the start (the first sample, when the first record's time-keeping onset is +0). */
    public LocalDateTime startDateTime() {
        return start;
    }

    /** The header's record count as written: -1 while recording, or stale after a crash; see {@link BdfPlusReader}. */
    public long headerRecordCount() {
        return headerRecordCount;
    }

    public int headerBytes() {
        return headerBytes;
    }

    public double recordDurationSeconds() {
        return recordDurationSeconds;
    }

    /** Samples per data record of every channel. */
    public int samplesPerRecord() {
        return signals.get(channelSignals[0]).samplesPerRecord();
    }

    /** Samples per second per channel: samples per record / record duration. */
    public double sampleRateHz() {
        return samplesPerRecord() / recordDurationSeconds;
    }

    /** Number of channels (ordinary signals; annotation signals excluded). */
    public int channelCount() {
        return channelSignals.length;
    }

    /** The header fields of channel {@code channel} (0-based, annotation signals skipped). */
    public BdfSignal channel(int channel) {
        return signals.get(channelSignals[channel]);
    }

    public List<String> channelLabels() {
        return Arrays.stream(channelSignals).mapToObj(s -> signals.get(s).label()).toList();
    }

    /** Every signal in file order, annotation signals included. */
    public List<BdfSignal> signals() {
        return signals;
    }

    /** The PGA gain BdfPlusWriter recorded for the channel ({@code gain=} in its transducer field), 0 if none. */
    public int gain(int channel) {
        return gains[channel];
    }

    /** Whether the file records the channel's exact µV per count ({@code uV_per_count=} in its transducer field). */
    public boolean recordsExactScale(int channel) {
        return !Double.isNaN(microvoltsPerCount[channel]);
    }

    /**
     * The exact µV per count the writer was given for the channel, parsed from {@code uV_per_count=} in its transducer
     * field: the same double bit for bit, so {@code count * microvoltsPerCount(channel)} is the live pipeline's µV.
     *
     * @throws IllegalStateException if the file does not record it ({@link #recordsExactScale} is false): then no µV
     *                               value of this file can be trusted to match the live pipeline's
     */
    public double microvoltsPerCount(int channel) {
        double scale = microvoltsPerCount[channel];
        if (Double.isNaN(scale)) {
            throw new IllegalStateException("channel " + channel + " '" + channel(channel).label()
                    + "': transducer type='" + channel(channel).transducerType() + "' has no " + SCALE_KEY
                    + ": the file was not written by BdfPlusWriter and gives no exact uV per count; its 8-character"
                    + " physical range gives only an approximate one");
        }
        return scale;
    }

    int recordBytes() {
        return recordBytes;
    }

    /** Byte offset of channel {@code channel}'s first sample within a data record. */
    int channelOffset(int channel) {
        return signalOffsets[channelSignals[channel]];
    }

    int annotationSignalCount() {
        return annotationSignals.length;
    }

    /** Byte offset of the {@code i}-th annotation signal within a data record. */
    int annotationOffset(int i) {
        return signalOffsets[annotationSignals[i]];
    }

    int annotationBytes(int i) {
        return 3 * signals.get(annotationSignals[i]).samplesPerRecord();
    }

    private static void checkVersion(BdfHeaderFields f) throws BdfFormatException {
        for (int i = 0; i < BDF_VERSION.length; i++) {
            if (f.raw[i] != BDF_VERSION[i]) {
                String found = f.escaped(BdfHeaderLayout.VERSION, BdfHeaderLayout.VERSION_WIDTH);
                throw f.error("version", found, "a BDF file starts with byte 0xFF then 'BIOSEMI'"
                        + (found.startsWith("0 ") ? " (this is EDF, 16-bit, not BDF)" : ""));
            }
        }
    }

    private static BdfSignal signal(BdfHeaderFields f, int ns, int s) throws BdfFormatException {
        String label = f.text(SignalField.LABEL.offset(ns, s), SignalField.LABEL.width);
        String name = "signal " + s + " ";
        long digMin = f.integer(name + SignalField.DIGITAL_MIN.title, SignalField.DIGITAL_MIN.offset(ns, s), 8);
        long digMax = f.integer(name + SignalField.DIGITAL_MAX.title, SignalField.DIGITAL_MAX.offset(ns, s), 8);
        double physMin = f.decimal(name + SignalField.PHYSICAL_MIN.title, SignalField.PHYSICAL_MIN.offset(ns, s), 8);
        double physMax = f.decimal(name + SignalField.PHYSICAL_MAX.title, SignalField.PHYSICAL_MAX.offset(ns, s), 8);
        long samples = f.integer(name + SignalField.SAMPLES.title, SignalField.SAMPLES.offset(ns, s), 8);
        if (samples < 1) {
            throw f.error(name + SignalField.SAMPLES.title, Long.toString(samples), "must be at least 1");
        }
        if (digMin < MIN_COUNT || digMax > MAX_COUNT || digMin >= digMax) {
            throw f.error(name + "digital minimum/maximum", digMin + "/" + digMax,
                    "BDF needs -8388608 <= minimum < maximum <= 8388607 (24-bit counts)");
        }
        if (physMin == physMax) {
            throw f.error(name + "physical minimum/maximum", physMin + "/" + physMax, "must differ (EDF spec)");
        }
        return new BdfSignal(label, f.text(SignalField.TRANSDUCER.offset(ns, s), SignalField.TRANSDUCER.width),
                f.text(SignalField.DIMENSION.offset(ns, s), SignalField.DIMENSION.width), physMin, physMax,
                (int) digMin, (int) digMax, f.text(SignalField.PREFILTERING.offset(ns, s), SignalField.PREFILTERING.width),
                (int) samples);
    }

    /**
     * Parses {@code gain=} and {@code uV_per_count=} from the transducer field, and checks the exact scale against the
     * declared ranges: a file whose physical range contradicts its exact scale would show other readers other µV.
     */
    private void readScale(BdfHeaderFields f, int s, int c) throws BdfFormatException {
        BdfSignal sig = signals.get(s);
        String field = "signal " + s + " transducer type";
        microvoltsPerCount[c] = Double.NaN;
        for (String token : subfields(sig.transducerType())) {
            if (token.startsWith(GAIN_KEY)) {
                String v = token.substring(GAIN_KEY.length());
                if (!v.matches("\\d{1,9}") || Integer.parseInt(v) == 0) {
                    throw f.error(field, sig.transducerType(), "gain=" + v + " must be a positive integer");
                }
                gains[c] = Integer.parseInt(v);
            } else if (token.startsWith(SCALE_KEY)) {
                String v = token.substring(SCALE_KEY.length());
                double scale = BdfHeaderFields.DECIMAL.matcher(v).matches() ? Double.parseDouble(v) : Double.NaN;
                if (!(scale > 0 && scale < Double.POSITIVE_INFINITY)) {
                    throw f.error(field, sig.transducerType(), SCALE_KEY + v + " must be a positive decimal number");
                }
                microvoltsPerCount[c] = scale;
            }
        }
        if (Double.isNaN(microvoltsPerCount[c])) {
            return;
        }
        double scale = microvoltsPerCount[c];
        if (!"uV".equals(sig.physicalDimension())) {
            throw f.error("signal " + s + " physical dimension", sig.physicalDimension(),
                    "must be 'uV' when the transducer type records " + SCALE_KEY);
        }
        double tolerance = SCALE_AGREEMENT * (sig.physicalMaximum() - sig.physicalMinimum());
        if (!(Math.abs(sig.physicalMaximum() - sig.digitalMaximum() * scale) <= tolerance
                && Math.abs(sig.physicalMinimum() - sig.digitalMinimum() * scale) <= tolerance)) {
            throw f.error("signal " + s + " physical minimum/maximum",
                    sig.physicalMinimum() + "/" + sig.physicalMaximum(), "must be digital minimum/maximum * "
                            + SCALE_KEY + scale + " = " + sig.digitalMinimum() * scale + "/"
                            + sig.digitalMaximum() * scale + " (to 1 part in 10^4 of the span)");
        }
    }

    /**
     * The start: day and month from the header's dd.mm.yy, the year from the recording field's "Startdate dd-MMM-yyyy"
     * when given (EDF+ 2.1.3.2), else from yy (85-99: 19yy, 00-84: 20yy); the two must agree.
     */
    private static LocalDateTime startDateTime(BdfHeaderFields f, String recording) throws BdfFormatException {
        String dateText = f.text(BdfHeaderLayout.START_DATE, BdfHeaderLayout.DATE_TIME_WIDTH);
        String timeText = f.text(BdfHeaderLayout.START_TIME, BdfHeaderLayout.DATE_TIME_WIDTH);
        Matcher date = HEADER_DATE.matcher(dateText);
        if (!date.matches()) {
            throw f.error("start date", dateText, "must be dd.mm.yy (EDF spec)");
        }
        Matcher time = HEADER_TIME.matcher(timeText);
        if (!time.matches()) {
            throw f.error("start time", timeText, "must be hh.mm.ss (EDF spec)");
        }
        String[] sub = subfields(recording);
        if (sub.length < 5 || !"Startdate".equals(sub[0])) {
            throw f.error("recording identification", recording, "EDF+ needs 5 space-separated subfields: "
                    + "Startdate dd-MMM-yyyy admincode technician equipment ('X' where unknown)");
        }
        int day = Integer.parseInt(date.group(1));
        int month = Integer.parseInt(date.group(2));
        String yy = date.group(3);
        int year;
        if (!"X".equals(sub[1])) {
            Matcher plus = EDFPLUS_DATE.matcher(sub[1]);
            int plusMonth = plus.matches() ? MONTHS.indexOf(plus.group(2).toUpperCase(Locale.ROOT)) + 1 : 0;
            if (plusMonth == 0) {
                throw f.error("recording identification", recording, "the Startdate must be dd-MMM-yyyy or X (EDF+)");
            }
            year = Integer.parseInt(plus.group(3));
            if (Integer.parseInt(plus.group(1)) != day || plusMonth != month
                    || !("yy".equals(yy) ? year > 2084 : year % 100 == Integer.parseInt(yy))) {
                throw f.error("start date", dateText, "contradicts the recording field's Startdate " + sub[1]);
            }
        } else if ("yy".equals(yy)) {
            throw f.error("start date", dateText, "'yy' (after 2084) needs the year in the recording field's Startdate");
        } else {
            int y = Integer.parseInt(yy);
            year = y >= 85 ? 1900 + y : 2000 + y;
        }
        try {
            return LocalDateTime.of(year, month, day, Integer.parseInt(time.group(1)), Integer.parseInt(time.group(2)),
                    Integer.parseInt(time.group(3)));
        } catch (DateTimeException e) {
            throw f.error("start date/time", dateText + " " + timeText, "not a valid date and time: " + e.getMessage());
        }
    }

    private static String[] subfields(String field) {
        return field.isEmpty() ? new String[0] : field.split(" +");
    }

    private static ByteBuffer readFully(FileChannel file, Path path, long position, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length);
        while (b.hasRemaining()) {
            if (file.read(b, position + b.position()) < 0) {
                throw new EOFException(path + ": ended at byte " + (position + b.position()) + " inside the header");
            }
        }
        return b;
    }
}
