package org.closedloop.safety.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DailyStimulationLedgerTest {

    private static final LocalDate DAY = LocalDate.of(2026, 11, 24);

    @TempDir
    Path dir;

    @Test
    void shouldStartEmptyAndRecordTime() {
        try (DailyStimulationLedger ledger = DailyStimulationLedger.open(dir)) {
            assertEquals(LedgerResult.used(0), ledger.usedNs("S001", DAY));
            assertEquals(LedgerResult.used(5), ledger.add("S001", DAY, 5));
            assertEquals(LedgerResult.used(12), ledger.add("S001", DAY, 7));
            assertEquals(LedgerResult.used(0), ledger.usedNs("S002", DAY));
            assertEquals(LedgerResult.used(0), ledger.usedNs("S001", DAY.plusDays(1)));
        }
    }

    @Test
    void shouldSurviveARestart() {
        try (DailyStimulationLedger ledger = DailyStimulationLedger.open(dir)) {
            ledger.add("S001", DAY, 1_200_000_000_000L);
            ledger.add("S002", DAY.minusDays(1), 7);
        }
        try (DailyStimulationLedger reopened = DailyStimulationLedger.open(dir)) {
            assertEquals("", reopened.problem());
            assertEquals(LedgerResult.used(1_200_000_000_000L), reopened.usedNs("S001", DAY));
            assertEquals(LedgerResult.used(7), reopened.usedNs("S002", DAY.minusDays(1)));
        }
    }

    @Test
    void shouldNeverGoBelowZero() {
        try (DailyStimulationLedger ledger = DailyStimulationLedger.open(dir)) {
            ledger.add("S001", DAY, 10);
            assertEquals(LedgerResult.used(0), ledger.add("S001", DAY, -20));
        }
    }

    @Test
    void shouldWriteAtomicallyLeavingNoTemporaryFile() throws IOException {
        try (DailyStimulationLedger ledger = DailyStimulationLedger.open(dir)) {
            ledger.add("S001", DAY, 10);
            ledger.add("S001", DAY, 10);
        }
        try (var files = Files.list(dir)) {
            assertEquals(List.of(DailyStimulationLedger.LOCK_FILE_NAME, DailyStimulationLedger.FILE_NAME),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        String text = Files.readString(dir.resolve(DailyStimulationLedger.FILE_NAME));
        assertTrue(text.contains("\nformat 1\nentry 2026-11-24 S001 20\ncrc32 "), text);
    }

    private void assertCorruptionFailsSafe(UnaryOperator<String> damage) throws IOException {
        try (DailyStimulationLedger ledger = DailyStimulationLedger.open(dir)) {
            ledger.add("S001", DAY, 3_600_000_000_000L);
        }
        Path file = dir.resolve(DailyStimulationLedger.FILE_NAME);
        Files.writeString(file, damage.apply(Files.readString(file)), StandardCharsets.UTF_8);
        try (DailyStimulationLedger ledger = DailyStimulationLedger.open(dir)) {
            LedgerResult r = ledger.usedNs("S001", DAY);
            assertFalse(r.ok(), "a corrupt ledger must not answer: " + r);
            assertTrue(r.problem().contains(file.toAbsolutePath().toString()), r.problem());
            assertTrue(r.problem().contains("corrupt"), r.problem());
            assertFalse(ledger.add("S001", DAY, 1).ok());
            assertFalse(ledger.usedNs("S999", DAY).ok(), "not even other subjects: the file cannot be trusted");
        }
        assertFalse(DailyStimulationLedger.open(dir).usedNs("S001", DAY).ok(), "still corrupt after a restart");
    }

    @Test
    void shouldFailSafeOnAnEditedValue() throws IOException {
        assertCorruptionFailsSafe(t -> t.replace(" 3600000000000\n", " 0000000000000\n"));
    }

    @Test
    void shouldFailSafeOnATruncatedFile() throws IOException {
        assertCorruptionFailsSafe(t -> t.substring(0, t.length() / 2));
    }

    @Test
    void shouldFailSafeOnAnEmptyFile() throws IOException {
        assertCorruptionFailsSafe(t -> "");
    }

    @Test
    void shouldFailSafeOnAMissingChecksum() throws IOException {
        assertCorruptionFailsSafe(t -> t.substring(0, t.indexOf("crc32")));
    }

    @Test
    void shouldFailSafeOnGarbage() throws IOException {
        assertCorruptionFailsSafe(t -> "\u0000\u0001garbage\n");
    }

    @Test
    void shouldRefuseEvenAValidChecksumOverInvalidContent() {
        byte[] bytes = LedgerFileFormat.format(java.util.Map.of("2026-11-24 S001", -5L));
        try {
            LedgerFileFormat.parse(bytes);
            throw new AssertionError("negative time accepted");
        } catch (LedgerFileFormat.CorruptLedgerException e) {
            assertTrue(e.getMessage().contains("invalid entry"), e.getMessage());
        }
    }

    @Test
    void shouldRefuseASecondInstanceOnTheSameDirectory() {
        try (DailyStimulationLedger first = DailyStimulationLedger.open(dir);
             DailyStimulationLedger second = DailyStimulationLedger.open(dir)) {
            assertTrue(first.usedNs("S001", DAY).ok());
            LedgerResult r = second.usedNs("S001", DAY);
            assertFalse(r.ok());
            assertTrue(r.problem().contains("in use by another controller"), r.problem());
        }
    }

    @Test
    void shouldRefuseAfterClose() {
        DailyStimulationLedger ledger = DailyStimulationLedger.open(dir);
        ledger.close();
        assertFalse(ledger.usedNs("S001", DAY).ok());
    }

    @Test
    void shouldKeepTheRecordedTimeWhenAWriteFails() throws IOException {
        try (DailyStimulationLedger ledger = DailyStimulationLedger.open(dir)) {
            ledger.add("S001", DAY, 10);
            // a directory where the temporary file should go makes the write fail
            Files.createDirectory(dir.resolve(DailyStimulationLedger.FILE_NAME + ".tmp"));
            LedgerResult r = ledger.add("S001", DAY, 10);
            assertFalse(r.ok());
            assertTrue(r.problem().contains("cannot be written"), r.problem());
            assertEquals(LedgerResult.used(10), ledger.usedNs("S001", DAY));
        }
    }
}
