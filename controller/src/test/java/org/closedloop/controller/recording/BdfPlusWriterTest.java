package org.closedloop.controller.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.closedloop.protocol.cyton.CytonScaling;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BdfPlusWriterTest {
    private static final LocalDateTime START = LocalDateTime.of(2026, 11, 24, 14, 5, 9);
    private static final double UV24 = CytonScaling.microvoltsPerCount(24);
    private static final double UV1 = CytonScaling.microvoltsPerCount(1);

    @TempDir
    Path dir;

    private static List<BdfPlusWriter.Channel> twoChannels() {
        return List.of(new BdfPlusWriter.Channel("EEG O1", UV24, 24, "HP:DC LP:none"),
                new BdfPlusWriter.Channel("EEG Fp1", UV1, 1, "HP:DC LP:none"));
    }

    /** Count for channel ch at sample k: covers both signs and the full range. */
    private static int count(int ch, int k) {
        return ch == 0 ? (k * 7919 % 16_777_213) - 8_388_606 : -k * 31;
    }

    private BdfPlusWriter writer(Path file) throws Exception {
        return BdfPlusWriter.create(file, "S-017", "closedloop-test SYNTHETIC", START, 10, twoChannels());
    }

    @Test
    void shouldWriteAHeaderAnyBdfPlusReaderUnderstands() throws Exception {
        Path file = dir.resolve("a.bdf");
        try (BdfPlusWriter w = writer(file)) {
            for (int k = 0; k < 20; k++) {
                w.writeSample(new double[] {count(0, k) * UV24, count(1, k) * UV1});
            }
        }
        BdfTestReader r = new BdfTestReader(file);
        assertEquals("255:BIOSEMI", r.version);
        assertEquals("S-017 X X X", r.patient, "pseudonymous code only, EDF+ patient subfields");
        assertEquals("Startdate 24-NOV-2026 X X closedloop-test_SYNTHETIC", r.recording);
        assertEquals("BDF+C", r.reserved);
        assertEquals(256 * 4, r.headerBytes);
        assertEquals(2, r.records);
        assertEquals(1.0, r.recordSeconds);
        assertEquals(3, r.signals);
        assertEquals("BDF Annotations", r.labels[2]);
        assertEquals(List.of("+0", "+1"), r.timeKeeping);
        assertEquals(r.headerBytes + 2 * r.recordBytes(), r.raw.length);
    }

    @Test
    void shouldKeepEveryCountAndGiveReadersTheBoardsExactScale() throws Exception {
        Path file = dir.resolve("b.bdf");
        try (BdfPlusWriter w = writer(file)) {
            for (int k = 0; k < 30; k++) {
                w.writeSample(new double[] {count(0, k) * UV24, count(1, k) * UV1});
            }
        }
        BdfTestReader r = new BdfTestReader(file);
        for (int k = 0; k < 30; k++) {
            assertEquals(count(0, k), r.digital(k / 10, 0, k % 10), "ch0 sample " + k);
            assertEquals(count(1, k), r.digital(k / 10, 1, k % 10), "ch1 sample " + k);
            // the reader's own formula gives back the µV with no offset and the board's scale
            assertEquals(count(0, k) * UV24, r.physical(k / 10, 0, k % 10), 1e-6);
            assertEquals(count(1, k) * UV1, r.physical(k / 10, 1, k % 10), 1e-5);
        }
        assertEquals(-187_500, r.physMin[0]);
        assertEquals(4_500_000, r.physMax[1]);
    }

    @Test
    void shouldRecordEveryGainsExactScaleInTheTransducerField() throws Exception {
        Path file = dir.resolve("g.bdf");
        List<BdfPlusWriter.Channel> all = new ArrayList<>();
        for (int code = 0; code <= 6; code++) {
            int gain = CytonScaling.gainForCode(code);
            all.add(new BdfPlusWriter.Channel("EEG " + code, CytonScaling.microvoltsPerCount(gain), gain, ""));
        }
        BdfPlusWriter.create(file, "S-017", "x", START, 10, all).close();
        BdfTestReader r = new BdfTestReader(file);
        Pattern field = Pattern.compile("AgAgCl electrode gain=(\\d+) uV_per_count=(\\S+)");
        for (int ch = 0; ch <= 6; ch++) {
            Matcher m = field.matcher(r.transducers[ch]);
            assertTrue(m.matches(), r.transducers[ch]);
            int gain = Integer.parseInt(m.group(1));
            assertEquals(all.get(ch).gain(), gain);
            // bit for bit: a replay multiplies counts by this and must match the live pipeline exactly
            assertEquals(Double.doubleToRawLongBits(CytonScaling.microvoltsPerCount(gain)),
                    Double.doubleToRawLongBits(Double.parseDouble(m.group(2))), r.transducers[ch]);
        }
        assertEquals("", r.transducers[7], "the annotation signal's transducer field stays empty");
    }

    @Test
    void shouldRefuseAScaleThatDoesNotBelongToTheGain() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new BdfPlusWriter.Channel("EEG O1", UV1, 24, ""));
        assertTrue(e.getMessage().startsWith("channel EEG O1: microvoltsPerCount=" + UV1 + " does not belong to gain=24"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new BdfPlusWriter.Channel("EEG O1", Double.NaN, 24, ""));
        assertThrows(IllegalArgumentException.class, () -> new BdfPlusWriter.Channel("EEG O1", UV24, 0, ""));
    }

    @Test
    void shouldMarkAndAnnotateSamplesThatWereNeverAcquired() throws Exception {
        Path file = dir.resolve("c.bdf");
        try (BdfPlusWriter w = writer(file)) {
            for (int k = 0; k < 4; k++) {
                w.writeSample(new double[] {100 * UV24, 100 * UV1});
            }
            w.writeMissing(3, "link loss");
            for (int k = 0; k < 3; k++) {
                w.writeSample(new double[] {200 * UV24, 200 * UV1});
            }
        }
        BdfTestReader r = new BdfTestReader(file);
        assertEquals(100, r.digital(0, 0, 3));
        for (int k = 4; k < 7; k++) {
            assertEquals(BdfPlusWriter.NO_DATA, r.digital(0, 0, k));
            assertEquals(BdfPlusWriter.NO_DATA, r.digital(0, 1, k));
        }
        assertEquals(200, r.digital(0, 0, 7));
        assertTrue(r.annotations.contains("+0.4|0.3|no data: 3 samples (link loss)"), r.annotations.toString());
        assertTrue(r.digMin[0] > BdfPlusWriter.NO_DATA, "the marker lies outside the declared digital range");
    }

    @Test
    void shouldLeaveAReadableFileWhenTheProcessDiesMidRecord() throws Exception {
        Path file = dir.resolve("crash.bdf");
        BdfPlusWriter w = writer(file);
        for (int k = 0; k < 25; k++) { // 2.5 records
            w.writeSample(new double[] {k * UV24, k * UV1});
        }
        w.annotate(1.2, -1, "stimulation start");
        // no close(): what is on disk now is what a crash leaves
        BdfTestReader r = new BdfTestReader(file);
        assertEquals(2, r.records, "the header counts the records on disk");
        assertEquals(r.headerBytes + 2 * r.recordBytes(), r.raw.length, "no partial record");
        assertEquals(19, r.digital(1, 0, 9));
    }

    @Test
    void shouldCarryAnnotationsThatDoNotFitIntoLaterRecords() throws Exception {
        Path file = dir.resolve("d.bdf");
        List<String> written = new ArrayList<>();
        try (BdfPlusWriter w = writer(file)) {
            for (int i = 0; i < 40; i++) {
                String text = "rule fired: alpha-onset #" + i;
                w.annotate(0.05 * i, -1, text);
                written.add(text);
            }
            for (int k = 0; k < 50; k++) {
                w.writeSample(new double[] {0, 0});
            }
        }
        BdfTestReader r = new BdfTestReader(file);
        List<String> texts = r.annotations.stream().map(a -> a.substring(a.lastIndexOf('|') + 1)).toList();
        assertTrue(texts.containsAll(written), "all 40 annotations survive: " + texts.size());
        assertEquals("+0|", r.annotations.get(0).substring(0, 3), "onsets keep their true time: " + r.annotations.get(0));
    }

    @Test
    void shouldWriteEveryAnnotationStillQueuedWhenTheRecordingCloses() throws Exception {
        // a session's last seconds: a fault, the device's reports, the end; more than one record's annotation space
        Path file = dir.resolve("h.bdf");
        List<String> written = new ArrayList<>();
        try (BdfPlusWriter w = writer(file)) {
            for (int k = 0; k < 15; k++) {
                w.writeSample(new double[] {0, 0});
            }
            for (int i = 0; i < 6; i++) {
                String text = "safety HAZARD #" + i + " " + "x".repeat(180);
                w.annotate(1.4, -1, text);
                written.add(text);
            }
        }
        BdfTestReader r = new BdfTestReader(file);
        List<String> texts = r.annotations.stream().map(a -> a.substring(a.lastIndexOf('|') + 1)).toList();
        assertTrue(texts.containsAll(written), "all 6 annotations survive the close: " + texts);
        try (BdfPlusReader reader = BdfPlusReader.open(file)) {
            assertEquals(r.records, reader.recordsInFile(), "whole records, valid time-keeping");
        }
    }

    @Test
    void shouldRefuseANameWhereAPseudonymousCodeBelongs() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BdfPlusWriter.create(
                dir.resolve("e.bdf"), "Ada Lovelace", "x", START, 10, twoChannels()));
        assertTrue(e.getMessage().startsWith("subjectCode=Ada Lovelace: use a pseudonymous code"), e.getMessage());
        assertTrue(Files.notExists(dir.resolve("e.bdf")));
    }

    @Test
    void shouldNeverOverwriteAnExistingRecording() throws Exception {
        Path file = Files.writeString(dir.resolve("f.bdf"), "precious");
        assertThrows(java.nio.file.FileAlreadyExistsException.class, () -> writer(file));
        assertEquals("precious", Files.readString(file));
    }
}
