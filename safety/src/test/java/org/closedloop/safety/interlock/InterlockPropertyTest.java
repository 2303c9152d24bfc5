package org.closedloop.safety.interlock;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.closedloop.safety.ManualSafetyClock;
import org.closedloop.safety.SafetyRule;
import org.closedloop.safety.plan.ElectrodeRole;
import org.closedloop.safety.plan.PlanChecker;
import org.closedloop.safety.plan.PlanVerdict;
import org.closedloop.safety.plan.SessionLimits;
import org.closedloop.safety.plan.StimulationPlan;
import org.junit.jupiter.api.Test;

/**
 * Seeded randomized test: 10^6 command sequences (plans, arming, starts, blocks within and beyond every limit, soft
 * stops, emergency stops, device faults, resets, clock jumps forwards and backwards) against an independent oracle.
 *
 * <p>The oracle does not ask the interlock what is allowed. From the commands it issued and the plan it re-derives,
 * with straightforward code, the limits every passed block must meet (peak, density, session amplitude, total, net,
 * the plan's trapezoid, the ramp after a soft stop, the run's end, timing, charge) and the conditions every accepted
 * action needs (arm, start, reset). It also checks that FAULT stays latched and that every hazard leads to FAULT.
 * A failure names the seed and the sequence so it can be replayed with {@link #replay}.
 */
class InterlockPropertyTest {

    private static final long SEED = 0x5AFE_7AC5_2026L;
    private static final int SEQUENCES = 1_000_000;
    private static final int POOL_SIZE = 192;

    static final long MS = 1_000_000L;
    static final long S = 1_000_000_000L;
    static final int MAX_PEAK = 2000;
    static final int MAX_TOTAL = 4000;
    static final int MAX_NET = 10;
    static final int TOLERANCE = 10;
    static final long HORIZON_NS = 100 * MS;
    static final long ARMING_EXPIRY_NS = 120 * S;
    static final long STALL_NS = 250 * MS;
    static final long IMPEDANCE_AGE_NS = 60 * S;
    static final double SESSION_CHARGE_LIMIT_MICROAMP_NS = 7.2e15;

    @Test
    void shouldNeverPassABlockBeyondAnyLimitOrOutsideAnApprovedPlan() {
        List<PoolPlan> pool = PoolPlan.generate(new SplittableRandom(SEED), POOL_SIZE);
        long approved = pool.stream().filter(p -> p.checkerApproved).count();
        if (approved < POOL_SIZE / 4 || approved == POOL_SIZE) {
            throw new AssertionError("seed=" + SEED + ": pool has " + approved + " approved plans of " + POOL_SIZE);
        }
        Stats stats = new Stats();
        for (int sequence = 0; sequence < SEQUENCES; sequence++) {
            runOrExplain(pool, sequence, stats);
        }
        // the test only means something if every kind of event actually happened often
        stats.requireCoverage();
    }

    /** Replays one sequence (paste the numbers from a failure message). */
    static void replay(int sequence) {
        List<PoolPlan> pool = PoolPlan.generate(new SplittableRandom(SEED), POOL_SIZE);
        runOrExplain(pool, sequence, new Stats());
    }

    private static void runOrExplain(List<PoolPlan> pool, int sequence, Stats stats) {
        long sequenceSeed = SEED + sequence * 0x9E37_79B9_7F4A_7C15L;
        Sequence s = new Sequence(pool, new SplittableRandom(sequenceSeed), stats);
        try {
            s.run();
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError("seed=" + SEED + " sequence=" + sequence + " sequenceSeed=" + sequenceSeed
                    + " plan=" + s.planIndex + " step=" + s.step + " last=" + NAMES[s.lastCommand] + ": "
                    + e.getMessage() + "\n  history: " + s.renderHistory(), e);
        }
    }

    static final int IMPEDANCE = 0;
    static final int ACQUISITION = 1;
    static final int ARM = 2;
    static final int START = 3;
    static final int BLOCK = 4;
    static final int POLL = 5;
    static final int OPERATOR_STOP = 6;
    static final int LOOP_STOP = 7;
    static final int DEVICE_HAZARD = 8;
    static final int RESET = 9;
    static final int ESTOP_PRESS = 10;
    static final int ESTOP_RELEASE = 11;
    static final int ADVANCE = 12;
    static final String[] NAMES = {"impedance", "acquisition", "arm", "start", "block", "poll", "operatorStop",
        "loopStop", "deviceHazard", "reset", "estopPress", "estopRelease", "advance"};

    /** Counts of what happened, to prove the sequences exercise every path. */
    static final class Stats {
        long passed;
        long refused;
        long starts;
        long chargeLimitedStarts;
        long closedLoopSessionsEndedByBudget;
        long faults;
        long resets;
        long softStops;
        long completedRuns;
        long estops;
        final java.util.EnumMap<org.closedloop.safety.SafetyRule, Long> refusedBy =
                new java.util.EnumMap<>(org.closedloop.safety.SafetyRule.class);

        void requireCoverage() {
            String summary = "passed=" + passed + " refused=" + refused + " starts=" + starts + " faults=" + faults
                    + " resets=" + resets + " softStops=" + softStops + " completedRuns=" + completedRuns
                    + " estops=" + estops + " chargeLimitedStarts=" + chargeLimitedStarts
                    + " closedLoopSessionsEndedByBudget=" + closedLoopSessionsEndedByBudget + " refusedBy=" + refusedBy;
            System.out.println("InterlockPropertyTest coverage: " + summary);
            if (passed < 500_000 || refused < 100_000 || starts < 300_000 || faults < 200_000 || resets < 10_000
                    || softStops < 10_000 || completedRuns < 10_000 || estops < 10_000 || chargeLimitedStarts < 10_000
                    || closedLoopSessionsEndedByBudget < 200
                    || refusedBy.size() < 9) {
                throw new AssertionError("seed=" + SEED + ": too little coverage: " + summary);
            }
        }
    }

    /** A plan of the pool with the oracle's own, independently computed view of it. */
    static final class PoolPlan {
        final StimulationPlan plan;
        final boolean checkerApproved;
        final int n;
        final long[] peak;
        final long[] cap;
        final int[] sign;
        final long rampUpNs;
        final long rampDownNs;
        final long durationNs;
        final boolean sham;
        final boolean closedLoop;
        /** The session's charge limit, µA·ns: the hard one or the plan's stricter one. */
        final double chargeLimitMicroAmpNs;
        /** The plan check's bound of the total injected current, µA. */
        final double plannedTotalMicroAmps;

        PoolPlan(StimulationPlan plan) {
            this.plan = plan;
            PlanVerdict verdict = PlanChecker.check(plan);
            this.checkerApproved = verdict.approved();
            this.plannedTotalMicroAmps = verdict.totalInjectedBoundMicroAmps();
            this.chargeLimitMicroAmpNs = Math.min(SESSION_CHARGE_LIMIT_MICROAMP_NS,
                    plan.sessionLimits().maxChargeMicrocoulombs() * 1e9);
            this.n = plan.electrodeCount();
            this.peak = new long[n];
            this.cap = new long[n];
            this.sign = new int[n];
            int sessionAmp = plan.sessionLimits().maxAmplitudeMicroAmps();
            for (int e = 0; e < n; e++) {
                long p = Math.abs(plan.dcOffsetMicroAmps(e));
                for (var c : plan.components()) {
                    p += c.amplitudeMicroAmps(e);
                }
                peak[e] = p;
                double area = plan.electrodes().get(e).areaCm2();
                long density = area > 0 && area < 1e9 ? (long) Math.floor(2000 * area + 1e-6) : 0;
                cap[e] = Math.min(Math.min(MAX_PEAK, sessionAmp), density);
                sign[e] = Math.cos(Math.toRadians(plan.components().get(0).phaseDegrees(e))) >= 0 ? 1 : -1;
            }
            this.rampUpNs = plan.rampUpNs();
            this.rampDownNs = plan.rampDownNs();
            this.durationNs = plan.durationNs();
            this.sham = plan.sham();
            this.closedLoop = plan.closedLoop();
            if (checkerApproved && !oracleSafe()) {
                throw new AssertionError("PlanChecker approved a plan the oracle finds unsafe: " + plan);
            }
        }

        /**
         * What a run of {@code budgetNs} may deliver by the plan: the total current times the envelope's integral,
         * which for a trapezoid of ramps r over a window L is L - r/2 when L >= r and a triangle of at most L/2
         * otherwise; for a sham plan the two ramp triangles, at most min(r, L).
         */
        double plannedRunCharge(long budgetNs) {
            double ramps = rampUpNs + rampDownNs;
            double integral = sham ? Math.min(ramps, budgetNs)
                    : budgetNs >= ramps ? budgetNs - ramps / 2 : budgetNs / 2.0;
            return plannedTotalMicroAmps * integral;
        }

        /** The oracle's own plan check: simple per-electrode rules plus sampled net and total currents. */
        boolean oracleSafe() {
            if (durationNs > 40 * 60 * S || durationNs > plan.sessionLimits().maxDurationNs()
                    || rampUpNs + rampDownNs > durationNs) {
                return false;
            }
            for (int e = 0; e < n; e++) {
                double area = plan.electrodes().get(e).areaCm2();
                if (!(area > 0) || Double.isInfinite(area) || peak[e] > cap[e]
                        || Math.abs(plan.dcOffsetMicroAmps(e)) > 20
                        || peak[e] * S > 2000L * rampUpNs || peak[e] * S > 2000L * rampDownNs) {
                    return false;
                }
            }
            for (var c : plan.components()) {
                if (!(c.frequencyHz() >= 0.5 && c.frequencyHz() <= 150)) {
                    return false;
                }
            }
            // sampled over 4 s (two periods of the lowest frequency): a lower bound of the true maxima
            for (int j = 0; j < 8192; j++) {
                double t = j * (4.0 / 8192);
                double net = 0;
                double total = 0;
                for (int e = 0; e < n; e++) {
                    double i = plan.dcOffsetMicroAmps(e);
                    for (var c : plan.components()) {
                        i += c.amplitudeMicroAmps(e)
                                * Math.sin(2 * Math.PI * c.frequencyHz() * t + Math.toRadians(c.phaseDegrees(e)));
                    }
                    net += i;
                    total += Math.max(0, i);
                }
                if (Math.abs(net) > MAX_NET + 1e-6 || total > MAX_TOTAL + 1e-6) {
                    return false;
                }
            }
            return true;
        }

        static List<PoolPlan> generate(SplittableRandom r, int count) {
            List<PoolPlan> out = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                out.add(new PoolPlan(randomPlan(r)));
            }
            return out;
        }

        private static <T> T pick(SplittableRandom r, T[] options) {
            return options[r.nextInt(options.length)];
        }

        /** A valid plan near the boundaries; about a third get exactly one deliberate fault. */
        private static StimulationPlan randomPlan(SplittableRandom r) {
            int pairs = 1 + r.nextInt(2);
            boolean spare = r.nextInt(4) == 0;
            int n = 2 * pairs + (spare ? 1 : 0);
            boolean tiny = r.nextInt(3) == 0; // µA-scale plans with ms-scale ramps, so runs end within a sequence
            int fault = r.nextInt(100) < 35 ? r.nextInt(10) : -1;
            int amp = tiny ? pick(r, new Integer[] {2, 4, 10, 20})
                    : pick(r, new Integer[] {100, 1000, 1990, 2000, 2000 / pairs});
            if (fault == 0) {
                amp = 2001;
            }
            StimulationPlan.Builder b = StimulationPlan.builder("S" + r.nextInt(3));
            for (int e = 0; e < n; e++) {
                double area = amp <= 500 && r.nextBoolean() ? 0.25 : amp <= 1000 && r.nextBoolean() ? 0.5 : 25.0;
                if (fault == 1 && e == 0) {
                    area = r.nextBoolean() ? 0.0 : Double.NaN;
                } else if (fault == 2 && e == 0) {
                    area = (amp - 1) / 2000.0 - 1e-3;
                }
                b.electrode("E" + e, area, e % 2 == 0 ? ElectrodeRole.ACTIVE : ElectrodeRole.RETURN);
            }
            int components = 1 + (r.nextInt(4) == 0 ? 1 : 0);
            long[] peaks = new long[n];
            for (int k = 0; k < components; k++) {
                int[] a = new int[n];
                double[] phase = new double[n];
                for (int p = 0; p < pairs; p++) {
                    int each = amp / components;
                    a[2 * p] = each;
                    a[2 * p + 1] = each;
                    phase[2 * p + 1] = 180;
                }
                if (k == 0 && r.nextInt(6) == 0) {
                    a[1] = Math.max(0, a[1] - (amp >= 10 ? 10 : amp)); // net exactly at the limit, still valid
                }
                if (k == 0 && fault == 3) {
                    a[1] = Math.max(0, a[1] - 11);
                    a[0] = Math.max(a[0], 11);
                }
                if (k == 0 && fault == 4) {
                    phase[1] = 90;
                }
                double hz = pick(r, new Double[] {0.5, 6.0, 10.0, 40.0, 150.0});
                if (k == 0 && fault == 5) {
                    hz = r.nextBoolean() ? Math.nextDown(0.5) : Math.nextUp(150.0);
                }
                b.component(hz, a, phase);
                for (int e = 0; e < n; e++) {
                    peaks[e] += a[e];
                }
            }
            if (fault == 6 || r.nextInt(10) == 0) {
                int dc = fault == 6 ? 21 : pick(r, new Integer[] {5, 20});
                int[] dcs = new int[n];
                dcs[0] = dc;
                dcs[1] = -dc;
                b.dcOffsetsMicroAmps(dcs);
                peaks[0] += dc;
                peaks[1] += dc;
            }
            long maxPeak = 0;
            for (long p : peaks) {
                maxPeak = Math.max(maxPeak, p);
            }
            long minRamp = (maxPeak * S + 1999) / 2000;
            long up = pick(r, new Long[] {minRamp, minRamp, minRamp + MS, 3 * minRamp});
            long down = pick(r, new Long[] {minRamp, minRamp, minRamp + MS, 3 * minRamp});
            if (fault == 7 && minRamp > 0) {
                up = minRamp - 1;
            }
            long duration = tiny
                    ? pick(r, new Long[] {up + down, up + down + 20 * MS, up + down + 80 * MS})
                    : pick(r, new Long[] {up + down + 2 * S, up + down + 5 * S, 40 * 60 * S, up + down});
            if (fault == 8) {
                duration = r.nextBoolean() ? 40 * 60 * S + 1 : Math.max(1, up + down - 1);
            }
            boolean sham = r.nextInt(5) == 0;
            if (sham && duration < 2 * (up + down)) {
                duration = 2 * (up + down);
            }
            b.rampUpNs(up).rampDownNs(down).durationNs(Math.max(1, duration));
            b.sham(sham).closedLoop(r.nextInt(5) < 2);
            if (fault == 9) {
                b.sessionLimits(SessionLimits.HARD_LIMITS.withMaxAmplitudeMicroAmps((int) Math.max(1, maxPeak - 1)));
            } else if (r.nextInt(6) == 0) {
                b.sessionLimits(SessionLimits.HARD_LIMITS.withMaxAmplitudeMicroAmps((int) Math.max(1, maxPeak)));
            }
            StimulationPlan built = b.build();
            double charge = PlanChecker.check(built).chargeBoundMicroAmpNs();
            if (r.nextInt(4) == 0 && charge > 0) {
                // a session charge limit of 1, 1.5 or 2.5 runs' worth: closed-loop sessions run out of charge
                double runs = pick(r, new Double[] {1.0, 1.5, 2.5});
                long microcoulombs = Math.min(7_200_000L, Math.max(1, (long) Math.ceil(runs * charge / 1e9)));
                b.sessionLimits(built.sessionLimits().withMaxChargeMicrocoulombs(microcoulombs));
                built = b.build();
            }
            return built;
        }
    }

    /** One command sequence on a fresh interlock, with the oracle's state. */
    static final class Sequence {
        final List<PoolPlan> pool;
        final SplittableRandom r;
        final Stats stats;
        final ManualSafetyClock clock;
        final MemoryLedger ledger = new MemoryLedger();
        final Interlock interlock;
        final LoopFacet loop;
        final OperatorConsole console;
        final SetpointGate gate;
        static final Operator operator = Operator.named("op");
        /** Commands so far as codes (and clock deltas), rendered only when a check fails. */
        final long[] history = new long[128];
        int historyLength;
        int cutoffs;
        int planIndex;
        int step;
        int lastCommand;

        // ---- the oracle's model
        PoolPlan armed;          // plan of the current session, null if none
        long armedAtNs;
        boolean running;
        boolean firstRun;
        long runStartNs;
        long lastPassedEndNs;
        long stopAtNs = Long.MAX_VALUE; // start of a soft-stop ramp, MAX if none
        double sessionChargeMicroAmpNs;
        long sessionBlockTimeNs;
        boolean operatorStopInRun;
        boolean stallStopInRun;
        boolean estopPressed;
        boolean estopTripPending;
        long lastCallNs;
        boolean calledBefore;
        boolean acquisitionSeen;
        long lastAcquisitionNs;
        final long[] impedanceOhms = new long[8];
        final long[] impedanceAtNs = new long[8];
        final boolean[] impedancePresent = new boolean[8];

        Sequence(List<PoolPlan> pool, SplittableRandom r, Stats stats) {
            this.pool = pool;
            this.r = r;
            this.stats = stats;
            LocalDateTime wall = r.nextBoolean() ? LocalDateTime.of(2026, 11, 24, 10, 0)
                    : LocalDateTime.of(2026, 11, 24, 23, 59, 59);
            long t0 = r.nextBoolean() ? 0 : r.nextLong(-(1L << 60), 1L << 60);
            clock = new ManualSafetyClock(wall, t0);
            lastCallNs = t0;
            interlock = new Interlock(clock, ledger, () -> cutoffs++, SafetyListener.NO_OP);
            loop = interlock.loopFacet();
            console = interlock.operatorConsole();
            gate = loop.gate();
            planIndex = r.nextInt(pool.size());
        }

        void run() {
            PoolPlan plan = pool.get(planIndex);
            if (r.nextInt(100) < 85) {
                if (!plan.checkerApproved && r.nextInt(5) != 0) {
                    // mostly start an approved plan, so that runs (and passed blocks) are common
                    do {
                        planIndex = r.nextInt(pool.size());
                        plan = pool.get(planIndex);
                    } while (!plan.checkerApproved);
                }
                command(IMPEDANCE, plan);
                command(ACQUISITION, plan);
                command(ARM, plan);
                command(START, plan);
            }
            int length = 4 + r.nextInt(14);
            for (step = 0; step < length; step++) {
                InterlockState st = interlock.state();
                boolean live = st == InterlockState.STIMULATING || st == InterlockState.RAMPING_DOWN;
                int c = r.nextInt(1000);
                if (c < 250) {
                    advance(r.nextLong(0, 30 * MS));
                } else if (c < 280) {
                    advance(r.nextLong(30 * MS, 400 * MS));
                } else if (c < 287) {
                    advance(r.nextLong(S, 200 * S));
                } else if (c < 289) {
                    advance(-r.nextLong(1, 1000));
                } else if (c < 700) {
                    // a loop sends blocks while stimulating, rarely otherwise
                    command(live || r.nextInt(20) == 0 ? BLOCK : POLL, plan);
                } else if (c < 740) {
                    command(POLL, plan);
                } else if (c < 800) {
                    command(ACQUISITION, plan);
                } else if (c < 830) {
                    command(IMPEDANCE, plan);
                } else if (c < 850) {
                    command(ARM, plan);
                } else if (c < 880) {
                    command(START, plan);
                } else if (c < 892) {
                    command(OPERATOR_STOP, plan);
                } else if (c < 904) {
                    command(LOOP_STOP, plan);
                } else if (c < 910) {
                    log(ESTOP_PRESS, 0);
                    estopPressed = true;
                    estopTripPending = true;
                    stats.estops++;
                    interlock.emergencyStop().press();
                } else if (c < 930) {
                    log(ESTOP_RELEASE, 0);
                    estopPressed = false;
                    interlock.emergencyStop().release();
                } else if (c < 938) {
                    command(DEVICE_HAZARD, plan);
                } else {
                    command(RESET, plan);
                }
            }
        }

        void log(int code, long argument) {
            if (historyLength + 2 <= history.length) {
                history[historyLength++] = code;
                history[historyLength++] = argument;
            }
        }

        String renderHistory() {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < historyLength; i += 2) {
                b.append(i == 0 ? "" : " | ").append(NAMES[(int) history[i]]);
                if (history[i] == ADVANCE) {
                    b.append(' ').append(history[i + 1]);
                }
            }
            return b.toString();
        }

        void advance(long ns) {
            log(ADVANCE, ns);
            clock.advanceNs(ns);
        }

        /** Runs one interlock call and then the checks every call must satisfy. */
        void command(int code, PoolPlan plan) {
            lastCommand = code;
            log(code, 0);
            InterlockState before = interlock.state();
            int cutoffsBefore = cutoffs;
            long now = clock.nanoTime();
            boolean clockBack = calledBefore && now < lastCallNs; // the interlock has no earlier reading to compare
            calledBefore = true;
            boolean estopSeen = estopTripPending || estopPressed;
            estopTripPending = false;
            expectFault = clockBack || estopSeen;
            explainedFault = expectFault;
            resetAccepted = false;
            callNs = now;
            switch (code) {
                case IMPEDANCE -> impedance(armed != null ? armed : plan);
                case ACQUISITION -> acquisition(r.nextInt(4) == 0 ? r.nextLong(0, 400 * MS) : 0);
                case ARM -> arm(r.nextInt(4) == 0 ? pool.get(r.nextInt(pool.size())) : plan);
                case START -> start();
                case BLOCK -> block();
                case POLL -> poll();
                case OPERATOR_STOP -> softStop(true);
                case LOOP_STOP -> softStop(false);
                case DEVICE_HAZARD -> deviceHazard();
                default -> reset();
            }
            lastCallNs = now;
            InterlockState after = interlock.state();
            if (expectFault) {
                if (after != InterlockState.FAULT) {
                    fail("expected FAULT (clockBack=" + clockBack + " estop="
                            + estopSeen + ") but state is " + after);
                }
            }
            if (before == InterlockState.FAULT && !resetAccepted) {
                if (after != InterlockState.FAULT) {
                    fail("FAULT not latched: left it for " + after);
                }
            }
            if (after == InterlockState.FAULT && before != InterlockState.FAULT) {
                if (!explainedFault) {
                    fail("unexplained FAULT");
                }
                if (!(cutoffs > cutoffsBefore)) {
                    fail("FAULT without zeroing the output");
                }
                stats.faults++;
            }
            observeState(after, now);
        }

        boolean expectFault;
        boolean explainedFault;
        boolean resetAccepted;
        long callNs;

        /** Updates the oracle's model from the state after a call. */
        void observeState(InterlockState after, long now) {
            if (after == InterlockState.FAULT) {
                armed = null;
                running = false;
                java.util.Arrays.fill(impedancePresent, false);
                return;
            }
            if (running && after != InterlockState.STIMULATING && after != InterlockState.RAMPING_DOWN) {
                running = false;
                stats.completedRuns++;
                if (after == InterlockState.ARMED) {
                    // resumable after an acquisition stall, and a closed loop after a run it did not stop by operator
                    if (operatorStopInRun) {
                        fail("still armed after an operator stop");
                    }
                    if (!armed.closedLoop && !stallStopInRun) {
                        fail("an open-loop session stayed armed after a run that no stall stopped");
                    }
                    armedAtNs = now;
                    firstRun = false;
                } else if (after == InterlockState.DISARMED && armed.closedLoop && !operatorStopInRun) {
                    stats.closedLoopSessionsEndedByBudget++; // its time or its charge could not cover another run
                }
            }
            if (after == InterlockState.DISARMED) {
                armed = null;
            }
        }

        static void fail(String message) {
            throw new AssertionError(message);
        }

        // ------------------------------------------------------------------ commands

        void impedance(PoolPlan plan) {
            for (int c = 0; c < plan.n; c++) {
                int k = r.nextInt(100);
                long ohms = k < 88 ? 5_000 : k < 94 ? 10_000 : k < 96 ? 10_001 : k < 98 ? 20_000 : 20_001;
                long at = callNs - (r.nextInt(10) == 0 ? r.nextLong(0, 70 * S) : 0);
                boolean mustFault = definitelyRunning(callNs) && c < armed.n && ohms > 20_000 && !expectFault;
                boolean mayFault = running && ohms > 20_000;
                loop.reportImpedance(c, ohms, at);
                impedanceOhms[c] = ohms;
                impedanceAtNs[c] = at;
                impedancePresent[c] = true;
                explainedFault |= mayFault;
                if (mustFault) {
                    if (interlock.state() != InterlockState.FAULT) {
                        fail("impedance " + ohms + " did not fault");
                    }
                }
                if (interlock.state() == InterlockState.FAULT) {
                    return;
                }
            }
        }

        /**
         * Whether the run is certainly still active at {@code now}: the oracle knows the exact end only of a first
         * run without a soft stop (a soft-stop ramp may end earlier than its bound).
         */
        boolean definitelyRunning(long now) {
            return running && firstRun && stopAtNs == Long.MAX_VALUE && now < runStartNs + armed.durationNs;
        }

        void acquisition(long ageNs) {
            long arrival = callNs - ageNs;
            loop.reportAcquisitionSample(arrival);
            // the newest sample ever reported: a closed loop may only start or run with one within the stall limit
            if (!acquisitionSeen || arrival > lastAcquisitionNs) {
                lastAcquisitionNs = arrival;
            }
            acquisitionSeen = true;
        }

        void arm(PoolPlan plan) {
            InterlockState before = interlock.state();
            ActionResult result = console.arm(operator, plan.plan);
            if (result.accepted()) {
                // "before" may be ARMED (expiring at this call) or a run ending at this call, never FAULT
                if (!(before != InterlockState.FAULT && !expectFault)) {
                    fail("armed from " + before);
                }
                running = false;
                if (!plan.checkerApproved) {
                    fail("armed an unapproved plan");
                }
                armed = plan;
                armedAtNs = callNs;
                sessionChargeMicroAmpNs = 0;
                sessionBlockTimeNs = 0;
                firstRun = true;
                planIndex = pool.indexOf(plan);
            } else if (before == InterlockState.DISARMED && !expectFault && plan.checkerApproved) {
                throw new AssertionError("refused to arm an approved plan: " + result);
            }
        }

        void start() {
            InterlockState before = interlock.state();
            boolean resumedAtThisCall = running; // a soft-stop ramp that ends at this very call may re-arm
            ActionResult result = loop.start();
            if (!result.accepted()) {
                if (firstRun && armed != null && armed.checkerApproved && !running
                        && result.violates(SafetyRule.SESSION_CHARGE)) {
                    fail("refused the first run of an approved plan for its charge: " + result);
                }
                return;
            }
            stats.starts++;
            PoolPlan p = armed;
            if (p != null && loop.sessionChargeMicroAmpNs() + p.plannedRunCharge(loop.outputEndNs() - loop.runStartNs())
                    > p.chargeLimitMicroAmpNs) {
                fail("started a run the charge left cannot cover: delivered " + loop.sessionChargeMicroAmpNs()
                        + " µA·ns, the run plans " + p.plannedRunCharge(loop.outputEndNs() - loop.runStartNs())
                        + " µA·ns, limit " + p.chargeLimitMicroAmpNs + " µA·ns");
            }
            if (p != null && p.chargeLimitMicroAmpNs < SESSION_CHARGE_LIMIT_MICROAMP_NS) {
                stats.chargeLimitedStarts++;
            }
            if (!(before != InterlockState.FAULT && before != InterlockState.DISARMED && p != null && !expectFault)) {
                fail("started from " + before);
            }
            if (resumedAtThisCall) {
                if (!(stopAtNs != Long.MAX_VALUE || p.closedLoop)) {
                    fail("restarted an open-loop run that was never stopped");
                }
                running = false;
                firstRun = false;
                stats.completedRuns++;
            } else {
                if (before != InterlockState.ARMED) {
                    fail("started from " + before);
                }
                if (!(callNs - armedAtNs <= ARMING_EXPIRY_NS)) {
                    fail("started an expired arming");
                }
            }
            for (int c = 0; c < p.n; c++) {
                if (!(impedancePresent[c] && impedanceOhms[c] <= 10_000)) {
                    fail("started with impedance "
                            + impedanceOhms[c] + " on channel " + c);
                }
                long age = callNs - impedanceAtNs[c];
                if (!(age >= 0 && age <= IMPEDANCE_AGE_NS)) {
                    fail("started with an impedance " + age + " ns old");
                }
            }
            if (p.closedLoop) {
                if (!(acquisitionSeen && callNs - lastAcquisitionNs <= STALL_NS)) {
                    fail("started a stalled closed loop");
                }
            }
            if (!(ledger.used(p.plan.subjectCode(), clock.today()) <= 60 * 60 * S)) {
                fail("daily limit exceeded");
            }
            if (!firstRun) {
                if (!(sessionBlockTimeNs < (p.closedLoop ? 40 * 60 * S : p.durationNs))) {
                    fail("restarted a session with no time left");
                }
            }
            running = true;
            operatorStopInRun = false;
            stallStopInRun = false;
            runStartNs = callNs;
            lastPassedEndNs = callNs;
            stopAtNs = Long.MAX_VALUE;
        }

        void poll() {
            loop.poll();
            stallCheck(callNs);
        }

        void stallCheck(long now) {
            if (running && armed.closedLoop && now - lastAcquisitionNs > STALL_NS && stopAtNs == Long.MAX_VALUE) {
                stallStopInRun = true;
                stopAtNs = Math.max(now, lastPassedEndNs);
            }
        }

        void softStop(boolean operatorStop) {
            InterlockState before = interlock.state();
            SoftStopCause cause = operatorStop ? SoftStopCause.OPERATOR_STOP
                    : r.nextBoolean() ? SoftStopCause.END_OF_PROTOCOL : SoftStopCause.ACQUISITION_STALLED;
            ActionResult result = operatorStop ? console.stop(operator) : loop.requestSoftStop(cause);
            stallStopInRun |= running && cause == SoftStopCause.ACQUISITION_STALLED;
            if (!(result.accepted())) {
                fail("a stop was refused");
            }
            if (running && !expectFault && (before == InterlockState.STIMULATING
                    || before == InterlockState.RAMPING_DOWN)) {
                operatorStopInRun |= operatorStop;
                stats.softStops++;
                stopAtNs = Math.min(stopAtNs, Math.max(callNs, lastPassedEndNs));
            }
        }

        void deviceHazard() {
            switch (r.nextInt(4)) {
                case 0 -> loop.reportOverCurrent("test");
                case 1 -> loop.reportDeviceWatchdog("test");
                case 2 -> loop.reportComplianceSaturation(0);
                default -> loop.reportDeviceFault("test");
            }
            explainedFault = true;
            if (interlock.state() != InterlockState.FAULT) {
                fail("a device hazard did not fault");
            }
        }

        void reset() {
            InterlockState before = interlock.state();
            String reason = switch (r.nextInt(4)) {
                case 0 -> null;
                case 1 -> "  ";
                default -> "checked";
            };
            ActionResult result = console.resetFault(operator, reason);
            boolean valid = reason != null && !reason.isBlank();
            if (result.accepted()) {
                if (before != InterlockState.FAULT) {
                    fail("reset accepted from " + before);
                }
                if (!(!expectFault)) {
                    fail("reset accepted in the same call that found a new hazard");
                }
                if (!valid) {
                    fail("reset accepted without a reason");
                }
                if (!(!estopPressed)) {
                    fail("reset accepted with the emergency stop pressed");
                }
                resetAccepted = true;
                stats.resets++;
            } else if (before == InterlockState.FAULT && !expectFault && valid && !estopPressed) {
                throw new AssertionError("a valid reset was refused: " + result);
            }
        }

        // ------------------------------------------------------------------ blocks

        void block() {
            PoolPlan p = armed != null ? armed : pool.get(planIndex);
            int rate = r.nextInt(10) == 0 ? 3000 : 1000;
            int samples = 1 + r.nextInt(6);
            int ch = r.nextInt(200) == 0 ? p.n + 1 : p.n;
            long now = callNs;
            long start = Math.max(now, running ? lastPassedEndNs : now) + (r.nextBoolean() ? 0 : r.nextLong(0, 2 * MS));
            long durationNs = (samples * S + rate - 1) / rate;
            int perturbation = r.nextInt(100);
            if (perturbation == 0) {
                start = now - 1;
            } else if (perturbation == 1) {
                start = now + HORIZON_NS - durationNs + 1;
            } else if (perturbation == 2 && running) {
                start = loop.outputEndNs() - durationNs + r.nextLong(0, 2);
            }
            int[] a = new int[samples * ch];
            for (int i = 0; i < samples; i++) {
                long t = start + i * S / rate;
                double env = loop.envelopeFraction(t);
                double u = r.nextDouble() * 2 - 1;
                for (int e = 0; e < Math.min(ch, p.n); e++) {
                    a[i * ch + e] = (int) (p.sign[e] * u * p.peak[e] * env);
                }
            }
            if (perturbation >= 3 && perturbation < 30) {
                int idx = r.nextInt(a.length);
                switch (perturbation % 8) {
                    case 0 -> a[idx] += 1;
                    case 1 -> a[idx] += TOLERANCE + 1;
                    case 2 -> a[idx] = r.nextBoolean() ? 2001 : -2001;
                    case 3 -> a[idx] = Integer.MIN_VALUE;
                    case 4 -> {
                        int dc = 1 + r.nextInt(60);
                        for (int i = 0; i < samples; i++) {
                            a[i * ch] += dc;
                            a[i * ch + 1] -= dc;
                        }
                    }
                    case 5 -> {
                        for (int i = 0; i < a.length; i++) {
                            a[i] = (int) (a[i] * 1.02);
                        }
                    }
                    case 6 -> {
                        // every channel at its full envelope, the positive ones pushed a little further: more total
                        // current (the zero-amplitude spare electrode may carry up to the tolerance)
                        int push = 1 + r.nextInt(12);
                        boolean spare = p.n % 2 == 1; // the last electrode of an odd plan carries no current
                        for (int i = 0; i < samples; i++) {
                            double env = loop.envelopeFraction(start + i * S / rate);
                            for (int e = 0; e < Math.min(ch, p.n); e++) {
                                boolean pushed = spare ? e == p.n - 1 : p.sign[e] > 0;
                                a[i * ch + e] = (int) (p.sign[e] * p.peak[e] * env) + (pushed ? push : 0);
                            }
                        }
                    }
                    default -> a[idx] -= 1;
                }
            }
            boolean stoppedBefore = stopAtNs != Long.MAX_VALUE;
            GateVerdict v = gate.checkBlock(start, rate, ch, samples, a);
            if (v == GateVerdict.REFUSED) {
                stats.refused++;
                stats.refusedBy.merge(gate.lastRefusal().orElseThrow().rule(), 1L, Long::sum);
                explainedFault = true;
                if (interlock.state() != InterlockState.FAULT) {
                    fail("a refused block did not fault");
                }
                return;
            }
            stats.passed++;
            verifyPassedBlock(p, start, rate, ch, samples, a, durationNs, now, stoppedBefore);
            lastPassedEndNs = start + durationNs;
            stallCheck(now);
        }

        /** The independent oracle: everything a passed block must satisfy, recomputed from first principles. */
        void verifyPassedBlock(PoolPlan p, long start, int rate, int ch, int samples, int[] a, long durationNs,
                               long now, boolean stopping) {
            if (!(!expectFault)) {
                fail("passed a block despite the emergency stop or a clock fault");
            }
            if (!(running && armed == p)) {
                fail("passed a block outside a started run of an armed plan");
            }
            if (!p.checkerApproved) {
                fail("passed a block of an unapproved plan");
            }
            if (ch != p.n) {
                fail("passed a block with " + ch + " channels for a " + p.n + "-electrode plan");
            }
            long end = start + durationNs;
            if (!(start >= now && end <= now + HORIZON_NS)) {
                fail("passed a block at " + start + ".." + end
                        + " with now=" + now);
            }
            if (!(start >= lastPassedEndNs && start >= runStartNs)) {
                fail("passed an overlapping block");
            }
            if (!(end <= runStartNs + p.durationNs)) {
                fail("passed a block beyond the plan's end");
            }
            double blockCharge = 0;
            for (int i = 0; i < samples; i++) {
                long t = start + i * S / rate;
                double tau = t - runStartNs;
                double trapezoid = Math.min(1.0, Math.min(ramp(tau, p.rampUpNs), ramp(p.durationNs - tau,
                        p.rampDownNs)));
                double stopLine = stopping ? (p.rampDownNs == 0 ? 0 : 1.0 - (t - stopAtNs) / (double) p.rampDownNs)
                        : 1.0;
                boolean shamMiddle = p.sham && firstRun && tau >= p.rampUpNs + p.rampDownNs
                        && tau <= p.durationNs - p.rampUpNs - p.rampDownNs;
                long total = 0;
                long net = 0;
                for (int e = 0; e < ch; e++) {
                    long v = a[i * ch + e];
                    long mag = Math.abs(v);
                    if (!(mag <= MAX_PEAK)) {
                        fail("passed |I|=" + mag + " > 2000 µA");
                    }
                    if (!(mag <= p.cap[e])) {
                        fail("passed |I|=" + mag + " above the density/session cap " + p.cap[e]);
                    }
                    double envelopeLimit = p.peak[e] * Math.max(0, Math.min(trapezoid, stopLine)) + TOLERANCE + 1e-6;
                    if (!(mag <= envelopeLimit)) {
                        throw new AssertionError("passed |I|=" + mag + " above the plan envelope " + envelopeLimit
                                + " (tau=" + tau + " stopAt=" + stopAtNs + " peak=" + p.peak[e] + " rampUpNs="
                                + p.rampUpNs + " rampDownNs=" + p.rampDownNs + " durationNs=" + p.durationNs
                                + " sham=" + p.sham + " firstRun=" + firstRun + " oracleRunStart=" + runStartNs
                                + " interlockRunStart=" + loop.runStartNs() + " interlockEnvelope="
                                + loop.envelopeFraction(t) + " outputEnd=" + loop.outputEndNs() + ")");
                    }
                    if (shamMiddle) {
                        if (!(mag <= TOLERANCE)) {
                            fail("passed " + mag + " µA in the middle of a sham plan");
                        }
                    }
                    if (v > 0) {
                        total += v;
                    }
                    net += v;
                }
                if (!(total <= MAX_TOTAL)) {
                    fail("passed a total of " + total + " µA");
                }
                if (!(Math.abs(net) <= MAX_NET)) {
                    fail("passed a net current of " + net + " µA");
                }
                blockCharge += total * (double) S / rate;
            }
            if (stopping) {
                if (!(end <= stopAtNs + p.rampDownNs)) {
                    fail("passed a block after the soft-stop ramp ended");
                }
            }
            sessionChargeMicroAmpNs += blockCharge;
            sessionBlockTimeNs += durationNs;
            if (!(sessionChargeMicroAmpNs <= p.chargeLimitMicroAmpNs)) {
                fail("session charge above 7.2 C or the plan's charge limit");
            }
            if (!(sessionBlockTimeNs <= (p.closedLoop ? 40 * 60 * S : p.durationNs))) {
                fail("session stimulation time above the plan's duration (open loop) or 40 min (closed loop)");
            }
            InterlockState after = interlock.state();
            if (!(after == InterlockState.STIMULATING || after == InterlockState.RAMPING_DOWN)) {
                fail("passed a block in " + after);
            }
        }

        private static double ramp(double x, long rampNs) {
            return rampNs == 0 ? (x >= 0 ? 1.0 : 0.0) : x / rampNs;
        }
    }
}
