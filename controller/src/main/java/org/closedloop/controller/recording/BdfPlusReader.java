package org.closedloop.controller.recording;

import java.io.EOFException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a continuous BDF+ file ("BDF+C", e.g. one written by {@link BdfPlusWriter}) sample by sample, for
 * deterministic replay: the raw 24-bit count of every channel, and the exact scale that turns it into the µV the live
 * pipeline computed ({@code count * microvoltsPerCount}, the formula of {@code CytonAcquisition}).
 *
 * <p>Crash-truncated files: the samples are the complete data records in the file, whatever the header's record count
 * says (-1 while recording, or one behind after a crash between writing a record and its count). A partial record at
 * the end is ignored, and reported by {@link #bytesIgnoredAtEnd()} and {@link #samplesDroppedFromPartialRecord()}.
 *
 * <p>The whole file is validated when it is opened: the header ({@link BdfHeader}), and every complete record's
 * annotations, whose time-keeping must show records following each other without gaps. Anything else is refused with a
 * {@link BdfFormatException} naming the field or position, the value found and the rule broken.
 *
 * <p>Samples never acquired are {@link #NO_DATA} on every channel ({@link #isMissing()}); the live pipeline never saw
 * them, and a replay skips them while the sample index runs on, as the live index did. A count that was -2^23 on the
 * board reads as -(2^23 - 1): the writer keeps -2^23 for the marker, so that one count is not bit-identical.
 *
 * <p><b>Thread safety:</b> not thread safe; owned by the replay thread. {@link #next} allocates nothing.
 */
public final class BdfPlusReader implements AutoCloseable {
    /** The count of every channel of a sample that was never acquired (= {@link BdfPlusWriter#NO_DATA}). */
    public static final int NO_DATA = BdfPlusWriter.NO_DATA;
    /** How far a record's time-keeping onset may stray from first onset + index * duration (onsets are decimals). */
    private static final double TIME_KEEPING_TOLERANCE_SECONDS = 1e-6;

    private final Path path;
    /** Records are read with {@link RandomAccessFile#readFully}: into the heap array with no temporary NIO buffer. */
    private final RandomAccessFile raf;
    private final FileChannel file;
    private final BdfHeader header;
    private final long records;
    private final long bytesIgnoredAtEnd;
    private final double firstRecordOnsetSeconds;
    private final List<BdfAnnotation> annotations;
    private final int channels;
    private final int samplesPerRecord;
    private final int[] channelOffsets;
    private final double[] microvoltsPerCount;
    private final boolean allScalesExact;
    private final byte[] record;
    private long nextRecord;
    private int nextInRecord;
    private long sampleIndex = -1;
    private boolean missing;

    private BdfPlusReader(Path path, RandomAccessFile raf, BdfHeader header, long fileSize) throws IOException {
        this.path = path;
        this.raf = raf;
        this.file = raf.getChannel();
        this.header = header;
        long dataBytes = fileSize - header.headerBytes();
        this.records = dataBytes / header.recordBytes();
        this.bytesIgnoredAtEnd = dataBytes % header.recordBytes();
        this.channels = header.channelCount();
        this.samplesPerRecord = header.samplesPerRecord();
        this.channelOffsets = new int[channels];
        this.microvoltsPerCount = new double[channels];
        boolean exact = true;
        for (int c = 0; c < channels; c++) {
            channelOffsets[c] = header.channelOffset(c);
            exact &= header.recordsExactScale(c);
            microvoltsPerCount[c] = header.recordsExactScale(c) ? header.microvoltsPerCount(c) : Double.NaN;
        }
        this.allScalesExact = exact;
        this.record = new byte[header.recordBytes()];
        this.nextInRecord = samplesPerRecord;
        List<BdfAnnotation> found = new ArrayList<>();
        this.firstRecordOnsetSeconds = readAnnotations(found);
        this.annotations = List.copyOf(found);
    }

    /**
     * Opens and validates a file.
     *
     * @throws BdfFormatException if it is not a continuous BDF+ file (the message names field, value and rule)
     * @throws IOException        if it cannot be read
     */
    public static BdfPlusReader open(Path path) throws IOException {
        RandomAccessFile raf = new RandomAccessFile(path.toFile(), "r");
        try {
            long size = raf.length();
            return new BdfPlusReader(path, raf, BdfHeader.read(raf.getChannel(), path, size), size);
        } catch (IOException | RuntimeException e) {
            raf.close();
            throw e;
        }
    }

    public BdfHeader header() {
        return header;
    }

    /** Complete data records in the file: the samples {@link #next} returns. */
    public long recordsInFile() {
        return records;
    }

    /** Samples per channel in the file: complete records * samples per record. */
    public long sampleCount() {
        return records * samplesPerRecord;
    }

    /** Bytes after the last complete record (a record cut short by a crash), ignored; 0 for a complete file. */
    public long bytesIgnoredAtEnd() {
        return bytesIgnoredAtEnd;
    }

    /**
     * Samples per channel lost with the partial record at the end: a record holds a full record's samples when it is
     * written, so this is {@code samplesPerRecord} if {@link #bytesIgnoredAtEnd()} is not 0, else 0.
     */
    public int samplesDroppedFromPartialRecord() {
        return bytesIgnoredAtEnd == 0 ? 0 : samplesPerRecord;
    }

    /**
     * Seconds from the header's start date and time to the first sample: the first record's time-keeping onset (0 for
     * BdfPlusWriter's files, and for a file without records). Sample {@code i} lies at this + i / sample rate.
     */
    public double firstRecordOnsetSeconds() {
        return firstRecordOnsetSeconds;
    }

    /** The annotations of the complete records in file order, time-keeping TALs excluded. Immutable. */
    public List<BdfAnnotation> annotations() {
        return annotations;
    }

    /** See {@link BdfHeader#microvoltsPerCount(int)}: the exact double the writer was given. */
    public double microvoltsPerCount(int channel) {
        return header.microvoltsPerCount(channel);
    }

    /**
     * µV of one sample exactly as the live pipeline computed them: {@code microvoltsOut[c] = counts[c] *
     * microvoltsPerCount(c)}. Meaningless for a missing sample. Allocates nothing.
     *
     * @throws IllegalStateException if the file does not record the exact scale of every channel
     */
    public void microvolts(int[] counts, double[] microvoltsOut) {
        if (!allScalesExact) {
            for (int c = 0; c < channels; c++) {
                header.microvoltsPerCount(c); // throws for the first channel without one, saying why
            }
        }
        final double[] scale = microvoltsPerCount;
        for (int c = 0; c < scale.length; c++) {
            microvoltsOut[c] = counts[c] * scale[c];
        }
    }

    /**
     * Reads the next sample of every channel.
     *
     * @param countsOut receives channel c's 24-bit count at index c; length at least the channel count
     * @return false, leaving {@code countsOut} alone, when the complete records are exhausted
     * @throws IOException if the file cannot be read (or shrank while open)
     */
    public boolean next(int[] countsOut) throws IOException {
        if (nextInRecord == samplesPerRecord) {
            if (nextRecord == records) {
                return false;
            }
            readRecord(nextRecord++);
            nextInRecord = 0;
        }
        final byte[] r = record;
        final int[] offsets = channelOffsets;
        final int at = 3 * nextInRecord;
        boolean allMissing = true;
        for (int c = 0; c < channels; c++) {
            int o = offsets[c] + at;
            // little-endian two's complement: the top byte's sign extension (byte -> int) makes the 24-bit sign
            int count = (r[o] & 0xFF) | (r[o + 1] & 0xFF) << 8 | r[o + 2] << 16;
            countsOut[c] = count;
            allMissing &= count == NO_DATA;
        }
        missing = allMissing;
        nextInRecord++;
        sampleIndex++;
        return true;
    }

    /** Whether the sample last returned by {@link #next} was never acquired: every channel is {@link #NO_DATA}. */
    public boolean isMissing() {
        return missing;
    }

    /** Index of the sample last returned by {@link #next} since the first sample of the file (0-based); -1 before. */
    public long sampleIndex() {
        return sampleIndex;
    }

    @Override
    public void close() throws IOException {
        raf.close();
    }

    private void readRecord(long r) throws IOException {
        long position = header.headerBytes() + r * header.recordBytes();
        raf.seek(position);
        try {
            raf.readFully(record);
        } catch (EOFException e) {
            throw new EOFException(path + ": record " + r + " ends before byte " + (position + record.length)
                    + ": the file shrank after it was opened");
        }
    }

    /** Parses every complete record's annotation signals; returns the first record's time-keeping onset. */
    private double readAnnotations(List<BdfAnnotation> out) throws IOException {
        BdfTalParser parser = new BdfTalParser(path);
        int largest = 0;
        for (int a = 0; a < header.annotationSignalCount(); a++) {
            largest = Math.max(largest, header.annotationBytes(a));
        }
        byte[] buf = new byte[largest];
        double first = 0;
        for (long r = 0; r < records; r++) {
            long position = header.headerBytes() + r * header.recordBytes();
            for (int a = 0; a < header.annotationSignalCount(); a++) {
                int length = header.annotationBytes(a);
                ByteBuffer b = ByteBuffer.wrap(buf, 0, length);
                while (b.hasRemaining()) {
                    if (file.read(b, position + header.annotationOffset(a) + b.position()) < 0) {
                        throw new EOFException(path + ": record " + r + " ends early: the file shrank while opening");
                    }
                }
                double onset = parser.parse(buf, length, r, a == 0, out);
                if (a == 0) {
                    if (r == 0) {
                        first = onset;
                    }
                    double expected = first + r * header.recordDurationSeconds();
                    if (!(Math.abs(onset - expected) <= TIME_KEEPING_TOLERANCE_SECONDS)) {
                        throw new BdfFormatException(path, "record " + r + " time-keeping onset", Double.toString(onset),
                                "BDF+C records follow each other: expected " + expected + " (first record's onset + "
                                        + r + " * " + header.recordDurationSeconds() + " s)");
                    }
                }
            }
        }
        return first;
    }
}
