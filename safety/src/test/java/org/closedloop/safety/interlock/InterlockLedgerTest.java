package org.closedloop.safety.interlock;

import static org.closedloop.safety.interlock.Rig.S;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.closedloop.safety.SafetyLimits;
import org.closedloop.safety.SafetyRule;
import org.closedloop.safety.ledger.DailyStimulationLedger;
import org.closedloop.safety.plan.StimulationPlan;
import org.closedloop.safety.plan.TestPlans;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daily limit through the interlock, with the real file ledger where persistence matters. */
class InterlockLedgerTest {

    private static final long MIN = 60 * S;
    private static final LocalDate DAY = Rig.WALL_CLOCK_AT_ZERO.toLocalDate();

    @TempDir
    Path dir;

    private static StimulationPlan minutes(long durationNs) {
        return TestPlans.twoElectrodes(1000, S, durationNs).build();
    }

    private static ActionResult armAndTryStart(Rig rig, StimulationPlan plan) {
        rig.measureImpedance(2, 5_000);
        assertTrue(rig.arm(plan).accepted());
        return rig.loop.start();
    }

    @Test
    void shouldStartWhenTheRunFitsExactlyInTheDailyLimit() {
        MemoryLedger ledger = new MemoryLedger();
        ledger.add("S001", DAY, 20 * MIN);
        Rig rig = new Rig(ledger);
        ActionResult r = armAndTryStart(rig, minutes(40 * MIN));
        assertTrue(r.accepted(), r::toString);
        assertEquals(SafetyLimits.MAX_DAILY_STIMULATION_NS, ledger.used("S001", DAY), "write-ahead reservation");
    }

    @Test
    void shouldRefuseToStartWhenTheRunExceedsTheDailyLimitByOneNanosecond() {
        MemoryLedger ledger = new MemoryLedger();
        ledger.add("S001", DAY, 20 * MIN + 1);
        Rig rig = new Rig(ledger);
        ActionResult r = armAndTryStart(rig, minutes(40 * MIN));
        assertFalse(r.accepted());
        assertTrue(r.violates(SafetyRule.DAILY_STIMULATION_TIME), r::toString);
        assertEquals(20 * MIN + 1, ledger.used("S001", DAY), "nothing reserved for a refused start");
        assertEquals(InterlockState.ARMED, rig.interlock.state());
    }

    @Test
    void shouldKeepTheDailyLimitAcrossARestart() {
        try (DailyStimulationLedger ledger = DailyStimulationLedger.open(dir)) {
            Rig rig = new Rig(ledger);
            assertTrue(armAndTryStart(rig, minutes(40 * MIN)).accepted());
            rig.advanceNs(40 * MIN);
            assertEquals(InterlockState.DISARMED, rig.loop.poll());
        }
        try (DailyStimulationLedger reopened = DailyStimulationLedger.open(dir)) {
            Rig restarted = new Rig(reopened);
            restarted.advanceNs(41 * MIN);
            assertTrue(armAndTryStart(restarted, minutes(20 * MIN)).accepted(), "40 + 20 min is the limit");
            restarted.advanceNs(20 * MIN);
            restarted.loop.poll();
            assertTrue(armAndTryStart(restarted, minutes(MIN)).violates(SafetyRule.DAILY_STIMULATION_TIME));
        }
    }

    @Test
    void shouldLeaveTheWholeReservationRecordedWhenTheControllerDiesMidRun() {
        DailyStimulationLedger ledger = DailyStimulationLedger.open(dir);
        Rig rig = new Rig(ledger);
        assertTrue(armAndTryStart(rig, minutes(30 * MIN)).accepted());
        rig.advanceNs(MIN);
        ledger.close(); // the process dies here: no settlement
        try (DailyStimulationLedger reopened = DailyStimulationLedger.open(dir)) {
            assertEquals(30 * MIN, reopened.usedNs("S001", DAY).usedNs(), "over-counted, never under-counted");
        }
    }

    @Test
    void shouldRefuseToStartWithACorruptLedgerNamingTheFile() throws IOException {
        try (DailyStimulationLedger ledger = DailyStimulationLedger.open(dir)) {
            ledger.add("S001", DAY, 59 * MIN);
        }
        Path file = dir.resolve(DailyStimulationLedger.FILE_NAME);
        Files.writeString(file, Files.readString(file).replace("3540000000000", "0000000000000"));
        try (DailyStimulationLedger corrupt = DailyStimulationLedger.open(dir)) {
            Rig rig = new Rig(corrupt);
            ActionResult r = armAndTryStart(rig, minutes(MIN));
            assertFalse(r.accepted());
            assertTrue(r.violates(SafetyRule.LEDGER_UNAVAILABLE), r::toString);
            assertTrue(r.toString().contains(file.toAbsolutePath().toString()), r::toString);
        }
    }

    @Test
    void shouldReportAFailedSettlementAndKeepTheReservation() {
        MemoryLedger ledger = new MemoryLedger();
        Rig rig = new Rig(ledger);
        assertTrue(armAndTryStart(rig, minutes(10 * MIN)).accepted());
        ledger.failure = "disk full";
        rig.loop.reportOverCurrent("test");
        assertTrue(rig.kinds().contains(DecisionKind.LEDGER_PROBLEM), rig.kinds()::toString);
        ledger.failure = "";
        assertEquals(10 * MIN, ledger.used("S001", DAY));
    }

    @Test
    void shouldCountADayFromMidnightInTheClinicsZone() {
        MemoryLedger ledger = new MemoryLedger();
        ledger.add("S001", DAY, 60 * MIN);
        Rig rig = new Rig(ledger);
        assertTrue(armAndTryStart(rig, minutes(MIN)).violates(SafetyRule.DAILY_STIMULATION_TIME));
        rig.console.stop(Rig.ALICE);
        rig.advanceNs(15 * 3600 * S - 1); // 23:59:59.999999999
        assertTrue(armAndTryStart(rig, minutes(MIN)).violates(SafetyRule.DAILY_STIMULATION_TIME));
        rig.console.stop(Rig.ALICE);
        rig.advanceNs(1); // midnight
        assertTrue(armAndTryStart(rig, minutes(MIN)).accepted());
        assertEquals(MIN, ledger.used("S001", DAY.plusDays(1)));
    }
}
