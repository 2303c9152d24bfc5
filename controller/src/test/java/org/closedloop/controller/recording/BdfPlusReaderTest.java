package org.closedloop.controller.recording;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.closedloop.protocol.cyton.CytonScaling;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BdfPlusReaderTest {
    private static final LocalDateTime START = LocalDateTime.of(2026, 11, 24, 14, 5, 9);
    private static final int RATE = 10;
    private static final int MAX = (1 << 23) - 1;

    @TempDir
    Path dir;

    /** One channel per Cyton gain, so every scale the board can have is replayed. */
    private static List<BdfPlusWriter.Channel> everyGain() {
        List<BdfPlusWriter.Channel> channels = new ArrayList<>();
        for (int code = 0; code <= 6; code++) {
            int gain = CytonScaling.gainForCode(code);
            channels.add(new BdfPlusWriter.Channel("EEG x" + gain, CytonScaling.microvoltsPerCount(gain), gain,
                    "HP:DC LP:none"));
        }
        return channels;
    }

    /** Count of channel ch at sample k: both signs, zero and both ends of the valid range. */
    private static int count(int ch, int k) {
        return switch (k % 5) {
            case 0 -> MAX - ch;
            case 1 -> -MAX + ch;
            case 2 -> 0;
            default -> (k * 7919 + ch * 104_729) % (2 * MAX) - MAX;
        };
    }

    private static double scale(int ch) {
        return CytonScaling.microvoltsPerCount(CytonScaling.gainForCode(ch));
    }

    /** What the live pipeline computed: CytonAcquisition's count * scale. */
    private static double[] liveMicrovolts(int k) {
        double[] uv = new double[7];
        for (int ch = 0; ch < 7; ch++) {
            uv[ch] = count(ch, k) * scale(ch);
        }
        return uv;
    }

    private static List<Integer> readAll(BdfPlusReader r) throws Exception {
        List<Integer> firstChannel = new ArrayList<>();
        int[] counts = new int[r.header().channelCount()];
        while (r.next(counts)) {
            firstChannel.add(counts[0]);
        }
        return firstChannel;
    }

    @Test
    void shouldGiveBackEveryCountAndTheLiveMicrovoltsBitForBit() throws Exception {
        Path file = dir.resolve("session.bdf");
        try (BdfPlusWriter w = BdfPlusWriter.create(file, "S-017", "closedloop-test SYNTHETIC", START, RATE,
                everyGain())) {
            w.annotate(0, -1, "session start");
            for (int k = 0; k < 13; k++) {
                w.writeSample(liveMicrovolts(k));
            }
            w.writeMissing(4, "link loss"); // samples 13..16
            w.annotate(1.7, 2.25, "stimulation µA=1000 ✓");
            for (int k = 17; k < 25; k++) {
                w.writeSample(liveMicrovolts(k));
            }
        } // close pads samples 25..29 with NO_DATA

        try (BdfPlusReader r = BdfPlusReader.open(file)) {
            BdfHeader h = r.header();
            assertEquals("S-017", h.subjectCode());
            assertEquals("closedloop-test_SYNTHETIC", h.equipment());
            assertEquals(START, h.startDateTime());
            assertEquals(List.of("EEG x1", "EEG x2", "EEG x4", "EEG x6", "EEG x8", "EEG x12", "EEG x24"),
                    h.channelLabels());
            assertEquals(10.0, h.sampleRateHz());
            assertEquals(3, r.recordsInFile());
            assertEquals(3, h.headerRecordCount());
            assertEquals(30, r.sampleCount());
            assertEquals(0, r.bytesIgnoredAtEnd());
            assertEquals(24, h.gain(6));
            assertEquals("HP:DC LP:none", h.channel(0).prefiltering());
            for (int ch = 0; ch < 7; ch++) {
                assertEquals(Double.doubleToRawLongBits(scale(ch)), Double.doubleToRawLongBits(r.microvoltsPerCount(ch)),
                        "channel " + ch + " scale");
            }

            int[] counts = new int[7];
            double[] uv = new double[7];
            assertEquals(-1, r.sampleIndex());
            for (int k = 0; k < 30; k++) {
                assertTrue(r.next(counts), "sample " + k);
                assertEquals(k, r.sampleIndex());
                boolean gap = (k >= 13 && k < 17) || k >= 25;
                assertEquals(gap, r.isMissing(), "sample " + k);
                if (gap) {
                    int[] marker = new int[7];
                    Arrays.fill(marker, BdfPlusReader.NO_DATA);
                    assertArrayEquals(marker, counts, "sample " + k);
                    continue;
                }
                r.microvolts(counts, uv);
                double[] live = liveMicrovolts(k);
                for (int ch = 0; ch < 7; ch++) {
                    assertEquals(count(ch, k), counts[ch], "count, sample " + k + " channel " + ch);
                    assertEquals(Double.doubleToRawLongBits(live[ch]), Double.doubleToRawLongBits(uv[ch]),
                            "µV bits, sample " + k + " channel " + ch + ": " + live[ch] + " vs " + uv[ch]);
                }
            }
            assertFalse(r.next(counts));
            assertEquals(29, r.sampleIndex(), "the index stays on the last sample");

            assertEquals(List.of(
                    new BdfAnnotation(0, Double.NaN, "session start"),
                    new BdfAnnotation(1.3, 0.4, "no data: 4 samples (link loss)"),
                    new BdfAnnotation(1.7, 2.25, "stimulation µA=1000 ✓"),
                    new BdfAnnotation(2.5, 0.5, "no data: 5 samples (end of recording: padding of the last record)")),
                    r.annotations());
        }
    }

    @Test
    void shouldReadARailedNegativeCountAsOneAboveTheNoDataMarker() throws Exception {
        // the one count that does not replay bit for bit: the writer keeps -2^23 for samples never acquired
        Path file = dir.resolve("rail.bdf");
        try (BdfPlusWriter w = BdfPlusWriter.create(file, "S-017", "x", START, RATE, everyGain())) {
            double[] railed = new double[7];
            for (int ch = 0; ch < 7; ch++) {
                railed[ch] = BdfPlusReader.NO_DATA * scale(ch);
            }
            for (int k = 0; k < RATE; k++) {
                w.writeSample(railed);
            }
        }
        try (BdfPlusReader r = BdfPlusReader.open(file)) {
            int[] counts = new int[7];
            assertTrue(r.next(counts));
            assertFalse(r.isMissing());
            assertEquals(-MAX, counts[3]);
        }
    }

    @Test
    void shouldReadACrashedRecordingUpToItsLastCompleteRecord() throws Exception {
        Path live = dir.resolve("live.bdf");
        BdfPlusWriter w = BdfPlusWriter.create(live, "S-017", "x", START, RATE, everyGain());
        for (int k = 0; k < 35; k++) { // 3.5 records
            w.writeSample(liveMicrovolts(k));
            if (k == 4 || k == 25) {
                w.annotate(k / (double) RATE, -1, "event " + k);
            }
        }
        // no close(): the process dies. Simulate a torn write of record 3 too: keep 100 bytes of it
        byte[] onDisk = Files.readAllBytes(live);
        int headerBytes = 256 * 9;
        int recordBytes = 7 * RATE * 3 + 384;
        assertEquals(headerBytes + 3 * recordBytes, onDisk.length, "the writer has written 3 whole records");
        byte[] torn = Arrays.copyOf(onDisk, headerBytes + 2 * recordBytes + 100);

        Path file = Files.write(dir.resolve("torn.bdf"), torn);
        try (BdfPlusReader r = BdfPlusReader.open(file)) {
            assertEquals(2, r.recordsInFile());
            assertEquals(3, r.header().headerRecordCount(), "the header counted the record that was later cut");
            assertEquals(100, r.bytesIgnoredAtEnd());
            assertEquals(RATE, r.samplesDroppedFromPartialRecord());
            assertEquals(List.of(new BdfAnnotation(0.4, Double.NaN, "event 4")), r.annotations(),
                    "annotations of the partial record are dropped with it");
            List<Integer> samples = readAll(r);
            assertEquals(20, samples.size());
            assertEquals(count(0, 19), samples.get(19));
        }

        // the header may also say -1 (unknown, while recording) or lag behind the records on disk
        for (String count : List.of("-1      ", "1       ")) {
            byte[] b = torn.clone();
            System.arraycopy(count.getBytes(StandardCharsets.US_ASCII), 0, b, 236, 8);
            Path f = Files.write(dir.resolve("count" + count.trim() + ".bdf"), b);
            try (BdfPlusReader r = BdfPlusReader.open(f)) {
                assertEquals(Long.parseLong(count.trim()), r.header().headerRecordCount());
                assertEquals(2, r.recordsInFile());
                assertEquals(20, readAll(r).size());
            }
        }
    }

    @Test
    void shouldReadAFileThatCrashedBeforeItsFirstRecord() throws Exception {
        Path file = dir.resolve("early.bdf");
        BdfPlusWriter w = BdfPlusWriter.create(file, "S-017", "x", START, RATE, everyGain());
        w.writeSample(liveMicrovolts(0)); // buffered, never reaches the disk
        try (BdfPlusReader r = BdfPlusReader.open(file)) {
            assertEquals(0, r.recordsInFile());
            assertEquals(0, r.bytesIgnoredAtEnd());
            assertFalse(r.next(new int[7]));
            assertEquals(List.of(), r.annotations());
        }
        w.close();
    }

    @Test
    void shouldNotAllocateWhileReadingSamples() throws Exception {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Path file = dir.resolve("long.bdf");
        int rate = 250;
        try (BdfPlusWriter w = BdfPlusWriter.create(file, "S-017", "x", START, rate, everyGain())) {
            for (int k = 0; k < 60 * rate; k++) {
                w.writeSample(liveMicrovolts(k));
            }
        }
        int[] counts = new int[7];
        double[] uv = new double[7];
        long id = Thread.currentThread().getId();
        long overhead = -threads.getThreadAllocatedBytes(id) + threads.getThreadAllocatedBytes(id);
        overhead = -threads.getThreadAllocatedBytes(id) + threads.getThreadAllocatedBytes(id); // the probe's own cost
        // The first round warms up (class loading, JIT). The reading path is deterministic, so one later round that
        // allocates exactly nothing proves it allocates nothing per sample; a few rounds are allowed because this
        // shared VM's JIT has been seen to charge a one-off ~400 B to the thread in a round (a per-sample allocation
        // would cost at least 16 B x 15,000 samples in every round).
        List<Long> measured = new ArrayList<>();
        for (int round = 0; round < 6 && !measured.contains(0L); round++) {
            try (BdfPlusReader r = BdfPlusReader.open(file)) {
                double checksum = 0;
                long before = threads.getThreadAllocatedBytes(id);
                while (r.next(counts)) {
                    r.microvolts(counts, uv);
                    checksum += uv[6] + (r.isMissing() ? 1 : 0) + r.sampleIndex();
                }
                long allocated = threads.getThreadAllocatedBytes(id) - before - overhead;
                assertEquals(60 * rate, r.sampleCount());
                assertTrue(checksum > 0);
                if (round > 0) {
                    measured.add(allocated);
                }
            }
        }
        assertTrue(measured.contains(0L), "bytes allocated reading 15,000 samples, per round after the warm-up: "
                + measured);
    }

    // ------------------------------------------------------------------------------ a file built from the spec

    /** An EDF header field: the text, left-aligned, padded with spaces to the field's width. */
    private static void field(ByteArrayOutputStream out, String text, int width) {
        byte[] ascii = text.getBytes(StandardCharsets.US_ASCII);
        assertTrue(ascii.length <= width, text);
        out.writeBytes(ascii);
        out.writeBytes(" ".repeat(width - ascii.length).getBytes(StandardCharsets.US_ASCII));
    }

    private static void fields(ByteArrayOutputStream out, int width, String... texts) {
        for (String t : texts) {
            field(out, t, width);
        }
    }

    /**
     * A BDF+C file of 2 channels and one "BDF Annotations" signal, 1 data record of 0.5 s with 4 samples per channel,
     * built from the EDF, EDF+ and BDF specifications alone. Identification fields are the EDF+ spec's own examples.
     */
    private static byte[] specFile() {
        ByteArrayOutputStream h = new ByteArrayOutputStream();
        h.write(0xFF); // BDF: version byte 0xFF, then "BIOSEMI"
        field(h, "BIOSEMI", 7);
        field(h, "MCH-0234567 F 02-MAY-1951 Haagse_Harry", 80); // EDF+ patient: code sex birthdate name
        field(h, "Startdate 02-MAR-2002 PSG-1234/2002 NN Telemetry03", 80); // EDF+ recording
        field(h, "02.03.02", 8); // dd.mm.yy
        field(h, "16.15.00", 8); // hh.mm.ss
        field(h, "1024", 8); // header bytes: 256 * (ns + 1)
        field(h, "BDF+C", 44);
        field(h, "1", 8); // number of data records
        field(h, "0.5", 8); // seconds per data record
        field(h, "3", 4); // ns
        fields(h, 16, "EEG Fpz-Cz", "EEG Pz-Oz", "BDF Annotations");
        fields(h, 80, "AgAgCl electrode", "AgAgCl electrode", "");
        fields(h, 8, "uV", "uV", "");
        fields(h, 8, "-8388608", "-3276.8", "-1"); // physical minimum
        fields(h, 8, "8388607", "3276.7", "1"); // physical maximum
        fields(h, 8, "-8388608", "-8388608", "-8388608"); // digital minimum
        fields(h, 8, "8388607", "8388607", "8388607"); // digital maximum
        fields(h, 80, "HP:0.1Hz LP:75Hz", "HP:0.1Hz LP:75Hz N:50Hz", "");
        fields(h, 8, "4", "4", "30"); // samples per record; the annotation signal: 30 * 3 = 90 bytes
        fields(h, 32, "", "", "");
        byte[] header = h.toByteArray();
        assertEquals(256 * 4, header.length, "the header is 256 * (ns + 1) bytes");

        ByteArrayOutputStream rec = new ByteArrayOutputStream();
        // signal 0, 4 samples of 24-bit two's complement, least significant byte first: 1, -1, -8388608, 8388607
        rec.writeBytes(new byte[] {0x01, 0x00, 0x00, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x00, 0x00, (byte) 0x80,
            (byte) 0xFF, (byte) 0xFF, 0x7F});
        // signal 1: 0x123456, -2, -8388608, -8388607
        rec.writeBytes(new byte[] {0x56, 0x34, 0x12, (byte) 0xFE, (byte) 0xFF, (byte) 0xFF, 0x00, 0x00, (byte) 0x80,
            0x01, 0x00, (byte) 0x80});
        // signal 2, annotations (EDF+ 2.2): the time-keeping TAL "+0" 20 20, here also carrying an annotation;
        // a TAL with onset, duration (after 21) and two annotations; a TAL with a negative onset and UTF-8 text
        String tals = "+0\u0014\u0014Recording starts\u0014\u0000"
                + "+0.25\u00151.5\u0014Lights off\u0014Sleep stage W\u0014\u0000"
                + "-0.125\u0014\u03b2 burst\u0014\u0000";
        byte[] annotations = Arrays.copyOf(tals.getBytes(StandardCharsets.UTF_8), 90); // the rest 0x00
        assertTrue(tals.getBytes(StandardCharsets.UTF_8).length < 90);
        rec.writeBytes(annotations);

        byte[] file = Arrays.copyOf(header, header.length + rec.size());
        System.arraycopy(rec.toByteArray(), 0, file, header.length, rec.size());
        return file;
    }

    @Test
    void shouldReadAFileBuiltByHandFromTheSpecification() throws Exception {
        Path file = Files.write(dir.resolve("spec.bdf"), specFile());
        try (BdfPlusReader r = BdfPlusReader.open(file)) {
            BdfHeader h = r.header();
            assertEquals("MCH-0234567", h.subjectCode());
            assertEquals("Telemetry03", h.equipment());
            assertEquals(LocalDateTime.of(2002, 3, 2, 16, 15, 0), h.startDateTime());
            assertEquals(List.of("EEG Fpz-Cz", "EEG Pz-Oz"), h.channelLabels());
            assertEquals(2, h.channelCount());
            assertEquals(4, h.samplesPerRecord());
            assertEquals(0.5, h.recordDurationSeconds());
            assertEquals(8.0, h.sampleRateHz());
            assertEquals(1, r.recordsInFile());
            assertEquals(new BdfSignal("EEG Pz-Oz", "AgAgCl electrode", "uV", -3276.8, 3276.7, -8388608, 8388607,
                    "HP:0.1Hz LP:75Hz N:50Hz", 4), h.channel(1));
            assertEquals(3, h.signals().size());

            int[] counts = new int[2];
            int[][] expected = {{1, 0x123456}, {-1, -2}, {-8388608, -8388608}, {8388607, -8388607}};
            for (int k = 0; k < 4; k++) {
                assertTrue(r.next(counts));
                assertArrayEquals(expected[k], counts, "sample " + k);
                assertEquals(k == 2, r.isMissing(), "sample " + k + ": missing only where every channel is -2^23");
            }
            assertFalse(r.next(counts));

            assertEquals(0.0, r.firstRecordOnsetSeconds());
            assertEquals(List.of(
                    new BdfAnnotation(0, Double.NaN, "Recording starts"),
                    new BdfAnnotation(0.25, 1.5, "Lights off"),
                    new BdfAnnotation(0.25, 1.5, "Sleep stage W"),
                    new BdfAnnotation(-0.125, Double.NaN, "\u03b2 burst")), r.annotations());

            // no exact scale in this file: replay must not pretend to have one
            assertFalse(h.recordsExactScale(0));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> r.microvoltsPerCount(0));
            assertTrue(e.getMessage().startsWith("channel 0 'EEG Fpz-Cz': transducer type='AgAgCl electrode' has no"
                    + " uV_per_count="), e.getMessage());
            assertThrows(IllegalStateException.class, () -> r.microvolts(new int[2], new double[2]));
        }
    }

    // ------------------------------------------------------------------------------ malformed files

    /** {@code b} with {@code text}'s bytes (ISO-8859-1: one byte a character) written at {@code offset}. */
    private static byte[] patch(byte[] b, int offset, String text) {
        byte[] t = text.getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(t, 0, b, offset, t.length);
        return b;
    }

    /** The spec file with {@code text} written at {@code offset}. */
    private Path patched(int offset, String text) throws Exception {
        return Files.write(dir.resolve("bad.bdf"), patch(specFile(), offset, text));
    }

    private BdfFormatException refused(Path file) {
        return assertThrows(BdfFormatException.class, () -> BdfPlusReader.open(file).close());
    }

    private void assertRefused(Path file, String field, String valueAndRule) {
        BdfFormatException e = refused(file);
        assertEquals(field, e.field(), e.getMessage());
        assertTrue(e.getMessage().startsWith(file + ": " + field + "='" + valueAndRule), e.getMessage());
    }

    @Test
    void shouldRefuseAnEdfFileAndAWrongVersionByte() throws Exception {
        assertRefused(patched(0, "0       "), "version", "0       ': a BDF file starts with byte 0xFF then 'BIOSEMI'"
                + " (this is EDF, 16-bit, not BDF)");
        assertRefused(patched(0, "\u00FEBIOSEMI"), "version", "\\xFEBIOSEMI': a BDF file starts with byte 0xFF");
        assertRefused(patched(1, "BIOSEMY"), "version", "\\xFFBIOSEMY'");
    }

    @Test
    void shouldRefuseFilesThatAreNotContinuousBdfPlus() throws Exception {
        assertRefused(patched(192, "24BIT"), "reserved", "24BIT': a continuous BDF+ file says 'BDF+C' here");
        assertRefused(patched(192, "BDF+D"), "reserved", "BDF+D': discontinuous BDF+ is not supported");
        assertRefused(patched(256 + 32, "EEG Annotations "), "labels",
                "EEG Fpz-Cz|EEG Pz-Oz|EEG Annotations': a BDF+ file needs at least one channel and one");
    }

    @Test
    void shouldRefuseAnInconsistentHeader() throws Exception {
        assertRefused(patched(184, "1280    "), "number of bytes in header", "1280': must be 256 * (number of"
                + " signals + 1) = 1024");
        assertRefused(patched(252, "1   "), "number of signals", "1': a BDF+ file needs at least 2 signals");
        assertRefused(patched(252, "x   "), "number of signals", "x': must be an integer");
        assertRefused(patched(236, "-2      "), "number of data records", "-2': must be -1");
        assertRefused(patched(244, "0       "), "duration of a data record", "0.0': must be positive");
        assertRefused(patched(244, "0,5     "), "duration of a data record", "0,5': must be a decimal number with"
                + " '.'");
        // signal 1's samples per record (field at 256 + 3 * (16 + 80 + 8 + 8 + 8 + 8 + 8 + 80) + 8 = 912)
        assertRefused(patched(912, "5       "), "signal 1 samples per data record", "5': every channel must have"
                + " the same as signal 0 (4)");
        assertRefused(Files.write(dir.resolve("feb31.bdf"), patch(patch(specFile(), 168, "31.02.02"), 98, "31-FEB")),
                "start date/time", "31.02.02 16.15.00': not a valid date");
        assertRefused(patched(168, "02.04.02"), "start date", "02.04.02': contradicts the recording field's"
                + " Startdate 02-MAR-2002");
        assertRefused(patched(88, "startdate"), "recording identification", "startdate 02-MAR-2002 PSG-1234/2002 NN"
                + " Telemetry03': EDF+ needs 5 space-separated subfields");
        assertRefused(patched(8 + 20, "\t"), "patient identification", "\\x09': header byte 28 must be printable");
        // digital minimum of signal 0 at 256 + 3 * (16 + 80 + 8 + 8 + 8) = 616
        assertRefused(patched(616, "-9000000"), "signal 0 digital minimum/maximum", "-9000000/8388607': BDF needs");
        assertRefused(Files.write(dir.resolve("short.bdf"), Arrays.copyOf(specFile(), 700)), "number of signals",
                "3': needs a 1024-byte header but the file has 700 bytes");
        assertRefused(Files.write(dir.resolve("tiny.bdf"), new byte[10]), "file size", "10': shorter than");
    }

    @Test
    void shouldRefuseAnExactScaleThatContradictsThePhysicalRange() throws Exception {
        // transducer field of signal 0 at 256 + 3 * 16 = 304: 0.5 uV per count would make the range +-4194303.5 uV
        assertRefused(patched(304, "AgAgCl electrode gain=1 uV_per_count=0.5"), "signal 0 physical minimum/maximum",
                "-8388608.0/8388607.0': must be digital minimum/maximum * uV_per_count=0.5");
        assertRefused(patched(304, "AgAgCl electrode uV_per_count=-1     "), "signal 0 transducer type",
                "AgAgCl electrode uV_per_count=-1': uV_per_count=-1 must be a positive decimal number");
        // 1 uV per count agrees with signal 0's declared range: accepted, and exact
        try (BdfPlusReader r = BdfPlusReader.open(patched(304, "AgAgCl electrode uV_per_count=1.0"))) {
            assertEquals(1.0, r.microvoltsPerCount(0));
        }
    }

    @Test
    void shouldRefuseBrokenAnnotations() throws Exception {
        int annotations = 1024 + 2 * 12;
        try (BdfPlusReader r = BdfPlusReader.open(patched(annotations, "+1"))) {
            assertEquals(1.0, r.firstRecordOnsetSeconds(), "a first record may start after the start time");
        }
        Path gap = dir.resolve("gap.bdf");
        try (BdfPlusWriter w = BdfPlusWriter.create(gap, "S-017", "x", START, RATE, everyGain())) {
            for (int k = 0; k < 2 * RATE; k++) {
                w.writeSample(liveMicrovolts(k));
            }
        }
        int record1Annotations = 256 * 9 + (7 * RATE * 3 + 384) + 7 * RATE * 3;
        assertRefused(Files.write(gap, patch(Files.readAllBytes(gap), record1Annotations, "+2")),
                "record 1 time-keeping onset", "2.0': BDF+C records follow each other: expected 1.0");
        assertRefused(patched(annotations, "+0\u0014x"), "record 0 annotation TAL at byte 0",
                "+0\\x14xRecording starts\\x14\\x00': a record's first TAL must keep time");
        assertRefused(patched(annotations, "0\u0014"), "record 0 annotation TAL at byte 0",
                "0\\x14\\x14\\x14Recording starts\\x14\\x00': a TAL starts with its onset");
        assertRefused(patched(annotations + 22 + 5, "\u0015-1"), "record 0 annotation TAL at byte 22",
                "+0.25\\x15-15\\x14Lights off");
        assertRefused(patched(annotations, "\u0000"), "record 0 annotation TAL at byte 0", "\\x00'");
        // TALs at bytes 0 (22 bytes), 22 (36 bytes) and 58 (17 bytes, ending with 0x00 at byte 74)
        byte[] b = specFile();
        Arrays.fill(b, annotations + 74, annotations + 90, (byte) 'x'); // the last TAL's 0x00 and the padding
        assertRefused(Files.write(dir.resolve("unterminated.bdf"), b), "record 0 annotation TAL at byte 58",
                "-0.125\\x14\\xCE\\xB2 burst\\x14xxx");
        byte[] c = specFile();
        c[annotations + 70] = (byte) 0xC3; // "β burst" -> "β bu" 0xC3 "st": a UTF-8 lead byte without its follower
        assertTrue(refused(Files.write(dir.resolve("utf8.bdf"), c)).getMessage().contains("UTF-8"));
    }
}
