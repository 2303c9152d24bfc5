package org.closedloop.protocol.cyton;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SampleLossTrackerTest {
    private static final long PERIOD_NS = 4_000_000L; // 250 Hz

    @Test
    void shouldCountNoLossAcrossTheCounterWrap() {
        SampleLossTracker t = new SampleLossTracker(250);
        long now = 0;
        for (int i = 250; i < 270; i++) {
            assertEquals(0, t.onSample(i & 0xFF, now));
            now += PERIOD_NS;
        }
        assertEquals(0, t.samplesLost());
        assertEquals(20, t.samplesReceived());
    }

    @Test
    void shouldCountEveryCounterGapExactlyIncludingAcrossTheWrap() {
        SampleLossTracker t = new SampleLossTracker(250);
        assertEquals(0, t.onSample(10, 0));
        assertEquals(2, t.onSample(13, 3 * PERIOD_NS));          // 11, 12 missing
        assertEquals(8, t.onSample(22, 12 * PERIOD_NS));         // 14..21 missing
        assertEquals(0, t.onSample(23, 13 * PERIOD_NS));
        t.onSample(250, 240 * PERIOD_NS);                         // 24..249: 226 missing
        assertEquals(8, t.onSample(3, 249 * PERIOD_NS));          // 251..255, 0, 1, 2 missing
        assertEquals(2 + 8 + 226 + 8, t.samplesLost());
        assertEquals(4, t.gaps());
        assertEquals(0, t.longGaps());
    }

    @Test
    void shouldUseTheArrivalClockForGapsOf256OrMore() {
        SampleLossTracker t = new SampleLossTracker(250);
        t.onSample(100, 0);
        // 600 samples lost: the counter says (100 + 601) % 256 = 189 -> a gap of 88, the clock says 600
        assertEquals(600, t.onSample((100 + 601) & 0xFF, 601 * PERIOD_NS));
        assertEquals(1, t.longGaps());
        // exactly one whole wrap (256 lost) looks like no gap to the counter
        t.onSample(0, 1000 * PERIOD_NS);
        assertEquals(256, t.onSample(1, 1000 * PERIOD_NS + 257 * PERIOD_NS));
    }

    @Test
    void shouldNotCountAPausedHostsBacklogAsALostWrap() {
        // counters 0..9 arrive on time (0..36 ms); then the host stops reading: counters 10..184 (175 packets, sent
        // at 40..736 ms) arrive together at 750 ms in one read. For counter 10 the clock alone says
        // (750 - 36) / 4 - 1 = 177.5 periods went by, over half a wrap, nearest whole wraps round(177.5 / 256) = 1;
        // the 174 packets behind it say it was sent at least 174 periods before 750 ms: 3.5 periods, no wrap.
        SampleLossTracker withBacklog = new SampleLossTracker(250);
        SampleLossTracker clockOnly = new SampleLossTracker(250);
        for (int k = 0; k < 10; k++) {
            withBacklog.onSample(k, k * PERIOD_NS, 0);
            clockOnly.onSample(k, k * PERIOD_NS);
        }
        long arrival = 750_000_000L;
        long lostWithBacklog = 0;
        long lostClockOnly = 0;
        for (int k = 10; k <= 184; k++) {
            lostWithBacklog += withBacklog.onSample(k, arrival, 184 - k);
            lostClockOnly += clockOnly.onSample(k, arrival);
        }
        assertEquals(0, lostWithBacklog);
        assertEquals(0, withBacklog.samplesLost());
        assertEquals(0, withBacklog.longGaps());
        assertEquals(185, withBacklog.samplesReceived());
        assertEquals(256, lostClockOnly, "without the backlog the pause reads as one lost wrap");
    }

    @Test
    void shouldStillCountALongGapWhosePacketsArriveWithABacklog() {
        // counter 9 at 36 ms; samples 10..309 are lost (300); sample 310 (counter 310 - 256 = 54, sent at 1240 ms)
        // arrives at 1400 ms with 39 packets behind it (311..349, sent by 1396 ms). Counter gap: 54 - 9 - 1 = 44;
        // clock: (1400 - 36) / 4 - 1 - 39 = 301 periods; wraps round((301 - 44) / 256) = 1: 44 + 256 = 300 lost.
        SampleLossTracker t = new SampleLossTracker(250);
        t.onSample(9, 36_000_000L, 0);
        assertEquals(300, t.onSample(54, 1_400_000_000L, 39));
        assertEquals(1, t.longGaps());
        for (int k = 311; k <= 349; k++) {
            assertEquals(0, t.onSample(k & 0xFF, 1_400_000_000L, 349 - k));
        }
        assertEquals(300, t.samplesLost());
    }

    @Test
    void shouldAddNoWrapForALatePacketInAReadTheHostsBufferHadFilled() {
        // counters 0..9 on time (0..36 ms); the host then reads nothing for 2 s: packets 10..509 (sent at 40..2036 ms)
        // wait in the driver and come in reads of at most 124 packets at 2100 ms. For counter 10 the clock says
        // (2100 - 36) / 4 - 1 = 515 periods; less the 123 packets behind it still 392, two wraps by the clock alone.
        // But 123 >= 93 packets behind: a full read, a host that fell behind; the counter's gap (0) is the answer.
        SampleLossTracker t = new SampleLossTracker(250);
        for (int k = 0; k < 10; k++) {
            t.onSample(k, k * PERIOD_NS, 0);
        }
        long lost = 0;
        long arrival = 2_100_000_000L;
        for (int first = 10; first <= 509; first += 124) {
            int last = Math.min(first + 123, 509);
            for (int k = first; k <= last; k++) {
                lost += t.onSample(k & 0xFF, arrival, last - k);
            }
            arrival += 100_000L; // the next read, 0.1 ms later
        }
        assertEquals(0, lost);
        assertEquals(0, t.longGaps());
        assertEquals(510, t.samplesReceived());
    }

    @Test
    void shouldUnderCountARealLongLossWhoseNextPacketAlsoComesInAFullRead() {
        // the documented cost: samples 10..309 are lost (300) and the host is not reading when the link comes back;
        // sample 310 (counter 54) arrives at 1700 ms with 100 packets behind it. Clock: (1700 - 36) / 4 - 1 - 100 =
        // 315 periods, but the read was full, so only the counter's gap counts: 54 - 9 - 1 = 44.
        SampleLossTracker t = new SampleLossTracker(250);
        t.onSample(9, 36_000_000L, 0);
        assertEquals(44, t.onSample(54, 1_700_000_000L, 100));
        assertEquals(0, t.longGaps());
        // 92 behind, arriving 8 periods earlier (the same 315-period estimate): not a full read, the wrap is counted
        SampleLossTracker u = new SampleLossTracker(250);
        u.onSample(9, 36_000_000L, 0);
        assertEquals(300, u.onSample(54, 1_700_000_000L - 8 * PERIOD_NS, SampleLossTracker.BACKLOG_PACKETS - 1));
    }

    @Test
    void shouldRejectANegativeBacklog() {
        SampleLossTracker t = new SampleLossTracker(250);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.onSample(0, 0, -1));
        assertEquals("packetsBehind=-1: must be 0 or more", e.getMessage());
    }

    @Test
    void shouldNotLetClockJitterChangeTheCountOfShortGaps() {
        SampleLossTracker t = new SampleLossTracker(250);
        t.onSample(0, 0);
        // packets bunched by a USB latency timer: 5 missing, but arriving 16 ms "late"
        assertEquals(5, t.onSample(6, 6 * PERIOD_NS + 16_000_000L));
        // a long gap with 100 periods of jitter still resolves to the right number of wraps
        t.onSample(10, 1_000 * PERIOD_NS);
        assertEquals(700, t.onSample((10 + 701) & 0xFF, 1_000 * PERIOD_NS + 801 * PERIOD_NS));
    }

    @Test
    void shouldStartAFreshSequenceAfterRestart() {
        SampleLossTracker t = new SampleLossTracker(250);
        t.onSample(200, 0);
        t.restartSequence();
        assertEquals(0, t.onSample(0, 5_000_000_000L));
        assertEquals(0, t.samplesLost());
    }

    @Test
    void shouldRejectANonPositiveRate() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SampleLossTracker(0));
        assertEquals("sampleRateHz=0.0: must be positive", e.getMessage());
    }

    @Test
    void shouldEstimateAReconnectGapFromTheClockAndKeepItOutOfLinkLoss() {
        SampleLossTracker t = new SampleLossTracker(250);
        t.onSample(200, 0);
        t.restartCounterKeepingClock();
        // the board comes back 2 s later with its counter at 0: 499 samples were never taken, whatever the counter says
        assertEquals(499, t.onSample(0, 500 * PERIOD_NS));
        assertEquals(499, t.restartGapSamples());
        assertEquals(0, t.samplesLost(), "not link loss");
        assertEquals(0, t.onSample(1, 501 * PERIOD_NS), "counting resumes normally");
        assertEquals(2, t.onSample(4, 504 * PERIOD_NS));
        assertEquals(2, t.samplesLost());
    }

    @Test
    void shouldTreatARestartBeforeAnySampleAsAFreshStart() {
        SampleLossTracker t = new SampleLossTracker(250);
        t.restartCounterKeepingClock();
        assertEquals(0, t.onSample(0, 123_456_789L));
        assertEquals(0, t.restartGapSamples());
    }
}
