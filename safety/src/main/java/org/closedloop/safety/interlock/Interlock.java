package org.closedloop.safety.interlock;

import static org.closedloop.safety.SafetyLimits.ARMING_EXPIRY_NS;
import static org.closedloop.safety.SafetyLimits.ARMING_EXPIRY_SECONDS;
import static org.closedloop.safety.SafetyLimits.MAX_ACQUISITION_STALL_MILLISECONDS;
import static org.closedloop.safety.SafetyLimits.MAX_ACQUISITION_STALL_NS;
import static org.closedloop.safety.SafetyLimits.MAX_DAILY_STIMULATION_NS;
import static org.closedloop.safety.SafetyLimits.MAX_IMPEDANCE_DURING_STIMULATION_OHMS;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.closedloop.safety.SafetyClock;
import org.closedloop.safety.SafetyLimits;
import org.closedloop.safety.SafetyRule;
import org.closedloop.safety.Violation;
import org.closedloop.safety.ledger.LedgerResult;
import org.closedloop.safety.ledger.StimulationLedger;
import org.closedloop.safety.plan.PlanChecker;
import org.closedloop.safety.plan.PlanVerdict;
import org.closedloop.safety.plan.StimulationPlan;

/**
 * The interlock state machine that every stimulation output must pass. Wire it once in {@code main} and hand out its
 * facets: {@link #operatorConsole()} to the operator UI (arm, stop, reset: the only methods that take an
 * {@link Operator}), {@link #loopFacet()} to the closed loop (start, soft stop, device reports, the
 * {@link SetpointGate}), and {@link #emergencyStop()} to the GPIO callback. The closed loop never gets the console,
 * so it cannot arm or reset.
 *
 * <p>Transitions (diagram in {@code package-info.java}): DISARMED → ARMED (operator, approved plan) → STIMULATING
 * (loop start: fresh impedance, acquisition, ledger) → RAMPING_DOWN (end of protocol or soft stop) → DISARMED, or
 * ARMED after an acquisition stall; ARMED → DISARMED (operator stop, expiry); any state → FAULT on a hazard, which
 * zeroes the output first and is latched until {@link OperatorConsole#resetFault(Operator, String)}.
 *
 * <p>Every call reads the clock once and first applies the time- and flag-driven transitions (emergency stop,
 * clock fault, arming expiry, end of protocol, end of ramp-down), so no call acts on stale state.
 *
 * <p>Thread safety: one owner thread (the loop thread) makes every call except {@link #state()},
 * {@link #emergencyStop()} and {@link EmergencyStop#press()}/{@link EmergencyStop#release()}; the first thread to
 * call becomes the owner and, with assertions on, any other thread fails an assertion. Operator commands from a UI
 * thread must be handed to the owner thread by the controller.
 */
public final class Interlock {

    /** Clock readings must stay within ±2^62 ns (about 146 years) so that time arithmetic cannot overflow. */
    static final long CLOCK_RANGE_NS = 1L << 62;

    private final SafetyClock clock;
    private final StimulationLedger ledger;
    private final OutputCutoff cutoff;
    private final SafetyListener listener;
    private final EmergencyStop emergencyStop = new EmergencyStop();
    private final ImpedanceRecords impedance = new ImpedanceRecords(StimulationPlan.MAX_ELECTRODES);
    private final OperatorConsole operatorConsole = new OperatorConsole(this);
    private final LoopFacet loopFacet;
    private final SetpointGate gate;

    private volatile InterlockState state = InterlockState.DISARMED;
    Session session;
    private HazardCause faultCause;
    private String faultReason = "";
    private String faultReasonOfLastHazard = "";
    private boolean sawTime;
    private long lastNowNs;
    private boolean acquisitionSeen;
    private long lastAcquisitionNs;
    private Thread owner;
    private long hazardCount;
    private long listenerFailureCount;
    private long cutoffFailureCount;

    /**
     * @param clock    the time source of every check
     * @param ledger   the daily stimulation ledger ({@code DailyStimulationLedger} in production)
     * @param cutoff   zeroes the stimulator output; called first on every hazard
     * @param listener receives every decision ({@link SafetyListener#NO_OP} to ignore)
     */
    public Interlock(SafetyClock clock, StimulationLedger ledger, OutputCutoff cutoff, SafetyListener listener) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.cutoff = Objects.requireNonNull(cutoff, "cutoff");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.gate = new SetpointGate(this);
        this.loopFacet = new LoopFacet(this, gate);
    }

    /** The operator-facing API (arm, stop, reset). Give it to the operator UI only. */
    public OperatorConsole operatorConsole() {
        return operatorConsole;
    }

    /** The loop-facing API (start, soft stop, device reports, setpoint gate). It cannot arm or reset. */
    public LoopFacet loopFacet() {
        return loopFacet;
    }

    /** The emergency stop flags; {@code press()} and {@code release()} may be called from any thread. */
    public EmergencyStop emergencyStop() {
        return emergencyStop;
    }

    /** The current state; may be read from any thread (it may be one transition behind the owner thread). */
    public InterlockState state() {
        return state;
    }

    /** Why the interlock is in FAULT, or empty. Owner thread. */
    public Optional<HazardCause> faultCause() {
        return Optional.ofNullable(faultCause);
    }

    /** The reason of the latest hazard, or empty text. Owner thread. */
    public String faultReason() {
        return faultReason;
    }

    /** Number of hazards since construction. */
    public long hazardCount() {
        return hazardCount;
    }

    /** Number of times the listener threw. */
    public long listenerFailureCount() {
        return listenerFailureCount;
    }

    /** Number of times the output cutoff threw. */
    public long cutoffFailureCount() {
        return cutoffFailureCount;
    }

    // ---------------------------------------------------------------- observation (every call starts here)

    /**
     * Reads the clock and applies every pending time- and flag-driven transition. Allocation-free unless a transition
     * happens. Returns the time read.
     */
    long observe() {
        assert ownerThread() : "interlock called from " + Thread.currentThread() + " but owned by " + owner;
        long now = clock.nanoTime();
        if (now < -CLOCK_RANGE_NS || now > CLOCK_RANGE_NS) {
            hazard(now, HazardCause.CLOCK_FAULT, "clock reading " + now + " ns is outside +-2^62 ns", List.of());
        } else if (sawTime && now < lastNowNs) {
            hazard(now, HazardCause.CLOCK_FAULT, "clock went backwards from " + lastNowNs + " to " + now + " ns",
                    List.of());
        }
        // after a clock fault the new timeline is accepted: the session and every timestamp were discarded
        lastNowNs = now;
        sawTime = true;
        // a new press is a hazard even in FAULT (zero again, audit it); a button merely held keeps a non-FAULT
        // state from lasting but is not re-reported on every call
        boolean newPress = emergencyStop.consumeTrip();
        if (newPress || (emergencyStop.isPressed() && state != InterlockState.FAULT)) {
            hazard(now, HazardCause.EMERGENCY_STOP, "emergency stop pressed",
                    List.of(Violation.described(SafetyRule.EMERGENCY_STOP, "", "emergency stop pressed")));
        }
        InterlockState s = state;
        if (s == InterlockState.ARMED && now - session.armedAtNs > ARMING_EXPIRY_NS) {
            long unusedNs = now - session.armedAtNs;
            session = null;
            state = InterlockState.DISARMED;
            report(now, DecisionKind.ARMING_EXPIRED, s, "", "arming unused for more than " + ARMING_EXPIRY_SECONDS
                    + " s", List.of(Violation.of(SafetyRule.ARMING_EXPIRY, "", unusedNs / 1e9, ARMING_EXPIRY_SECONDS,
                    "s")));
        } else if (s == InterlockState.STIMULATING || s == InterlockState.RAMPING_DOWN) {
            if (now >= session.outputEndNs()) {
                if (s == InterlockState.STIMULATING) {
                    enterRampDown(now, SoftStopCause.END_OF_PROTOCOL, "end of the plan's duration");
                }
                completeRun(now);
            } else if (s == InterlockState.STIMULATING && now >= session.planRampDownStartNs()) {
                enterRampDown(now, SoftStopCause.END_OF_PROTOCOL, "the plan's ramp-down began");
            }
        }
        return now;
    }

    /** Stall detection; called by poll and after a passed block (so a block in flight is never invalidated). */
    void detectStall(long now) {
        if (state == InterlockState.STIMULATING && session.plan.closedLoop()
                && now - lastAcquisitionNs > MAX_ACQUISITION_STALL_NS) {
            double silentMs = (now - lastAcquisitionNs) / 1e6;
            softStop(now, SoftStopCause.ACQUISITION_STALLED, "", "acquisition silent for " + silentMs + " ms",
                    List.of(Violation.of(SafetyRule.ACQUISITION_STALL, "", silentMs,
                            MAX_ACQUISITION_STALL_MILLISECONDS, "ms")));
        }
    }

    private boolean ownerThread() {
        Thread t = Thread.currentThread();
        if (owner == null) {
            owner = t;
        }
        return owner == t;
    }

    // ---------------------------------------------------------------- operator actions

    ActionResult arm(Operator operator, StimulationPlan plan) {
        Objects.requireNonNull(operator, "operator");
        Objects.requireNonNull(plan, "plan");
        long now = observe();
        InterlockState from = state;
        if (from != InterlockState.DISARMED) {
            return refuse(now, DecisionKind.ARM_REFUSED, operator.name(), "arm requires DISARMED",
                    List.of(stateViolation("arm", from)));
        }
        PlanVerdict verdict = PlanChecker.check(plan);
        if (!verdict.approved()) {
            return refuse(now, DecisionKind.ARM_REFUSED, operator.name(), "plan refused", verdict.violations());
        }
        session = new Session(verdict, operator.name(), now);
        state = InterlockState.ARMED;
        report(now, DecisionKind.ARMED, from, operator.name(), "plan approved for subject " + plan.subjectCode()
                + " (limits " + SafetyLimits.TABLE_VERSION + "): " + plan, List.of());
        return new ActionResult(true, state, "armed", List.of());
    }

    ActionResult operatorStop(Operator operator) {
        Objects.requireNonNull(operator, "operator");
        long now = observe();
        return softStop(now, SoftStopCause.OPERATOR_STOP, operator.name(), "operator stop", List.of());
    }

    ActionResult resetFault(Operator operator, String reason) {
        Objects.requireNonNull(operator, "operator");
        long hazardsBefore = hazardCount;
        long now = observe();
        if (hazardCount != hazardsBefore) {
            // the operator's reason is about the earlier fault, not the one found just now
            return refuse(now, DecisionKind.RESET_REFUSED, operator.name(), "reset refused",
                    List.of(Violation.described(SafetyRule.INTERLOCK_STATE, "state=FAULT",
                            "a new hazard was detected during the reset (" + faultReasonOfLastHazard
                                    + "); check it and reset again")));
        }
        if (state != InterlockState.FAULT) {
            return refuse(now, DecisionKind.RESET_REFUSED, operator.name(), "reset requires FAULT",
                    List.of(stateViolation("reset", state)));
        }
        if (reason == null || reason.isBlank()) {
            return refuse(now, DecisionKind.RESET_REFUSED, operator.name(), "reset refused",
                    List.of(Violation.described(SafetyRule.OPERATOR_REASON, "",
                            "a reset needs the operator's reason (what was found and fixed)")));
        }
        if (emergencyStop.isPressed()) {
            return refuse(now, DecisionKind.RESET_REFUSED, operator.name(), "reset refused",
                    List.of(Violation.described(SafetyRule.EMERGENCY_STOP, "",
                            "the emergency stop is still pressed; release it first")));
        }
        HazardCause cause = faultCause;
        faultCause = null;
        state = InterlockState.DISARMED;
        report(now, DecisionKind.RESET, InterlockState.FAULT, operator.name(),
                "fault " + cause + " (" + faultReason + ") reset: " + reason, List.of());
        return new ActionResult(true, state, "reset", List.of());
    }

    // ---------------------------------------------------------------- loop actions

    ActionResult start() {
        long now = observe();
        InterlockState from = state;
        if (from != InterlockState.ARMED) {
            return refuse(now, DecisionKind.START_REFUSED, "", "start requires ARMED",
                    List.of(stateViolation("start", from)));
        }
        Session s = session;
        List<Violation> v = new ArrayList<>();
        impedance.checkForStart(s, now, v);
        if (s.plan.closedLoop() && (!acquisitionSeen || now - lastAcquisitionNs > MAX_ACQUISITION_STALL_NS)) {
            v.add(acquisitionSeen
                    ? Violation.of(SafetyRule.ACQUISITION_STALL, "", (now - lastAcquisitionNs) / 1e6,
                    MAX_ACQUISITION_STALL_MILLISECONDS, "ms")
                    : Violation.described(SafetyRule.ACQUISITION_STALL, "", "no acquisition sample reported yet"));
        }
        long budget = s.remainingBudgetNs();
        if (budget <= 0) {
            v.add(Violation.of(SafetyRule.SESSION_DURATION, "", s.stimulatedNs / 1e9, s.stimulationTimeLimitNs / 1e9,
                    "s", s.plan.closedLoop() ? "the closed-loop session has used its whole time"
                            : "the session has used the plan's whole duration"));
        }
        if (s.chargeMicroAmpNs >= s.chargeLimitMicroAmpNs) {
            v.add(Violation.of(SafetyRule.SESSION_CHARGE, "", s.chargeMicroAmpNs / 1e12,
                    s.chargeLimitMicroAmpNs / 1e12, "mC"));
        } else if (budget > 0 && !s.chargeCovers(budget)) {
            // a run the charge left cannot cover would be cut by the gate mid-run, a hazard: refuse it here instead
            double planned = s.plannedRunChargeMicroAmpNs(budget);
            v.add(Violation.of(SafetyRule.SESSION_CHARGE, "", (s.chargeMicroAmpNs + planned) / 1e12,
                    s.chargeLimitMicroAmpNs / 1e12, "mC", "the session has delivered " + s.chargeMicroAmpNs / 1e12
                            + " mC; this run needs " + planned / 1e12 + " mC by its plan"));
        }
        LocalDate day = clock.today();
        LedgerResult used = ledger.usedNs(s.subjectCode, day);
        if (!used.ok()) {
            v.add(Violation.described(SafetyRule.LEDGER_UNAVAILABLE, "", used.problem()));
        } else if (used.usedNs() + budget > MAX_DAILY_STIMULATION_NS) {
            v.add(Violation.of(SafetyRule.DAILY_STIMULATION_TIME, "subject=" + s.subjectCode,
                    (used.usedNs() + budget) / 1e9, MAX_DAILY_STIMULATION_NS / 1e9, "s",
                    "already " + used.usedNs() / 1e9 + " s on " + day + ", this run needs " + budget / 1e9 + " s"));
        }
        if (!v.isEmpty()) {
            return refuse(now, DecisionKind.START_REFUSED, "", "start refused", v);
        }
        // write-ahead: the whole budget is recorded before any output; the unused part is given back at the end
        LedgerResult reserved = ledger.add(s.subjectCode, day, budget);
        if (!reserved.ok()) {
            return refuse(now, DecisionKind.START_REFUSED, "", "start refused",
                    List.of(Violation.described(SafetyRule.LEDGER_UNAVAILABLE, "", reserved.problem())));
        }
        s.beginRun(now, budget, day);
        state = InterlockState.STIMULATING;
        report(now, DecisionKind.STARTED, from, "", "run started: output window " + s.runStartNs + ".." + s.runEndNs
                + " ns, subject " + s.subjectCode + " has " + reserved.usedNs() + " ns recorded on " + day
                + " (this run reserved in full)", List.of());
        return new ActionResult(true, state, "started", List.of());
    }

    ActionResult loopStop(SoftStopCause cause) {
        Objects.requireNonNull(cause, "cause");
        if (cause == SoftStopCause.OPERATOR_STOP) {
            throw new IllegalArgumentException("cause=OPERATOR_STOP is for the operator console; the loop may request "
                    + "END_OF_PROTOCOL or ACQUISITION_STALLED");
        }
        long now = observe();
        return softStop(now, cause, "", "loop requested " + cause, List.of());
    }

    void reportAcquisitionSample(long arrivalNs) {
        long now = observe();
        long t = Math.min(arrivalNs, now);
        if (!acquisitionSeen || t > lastAcquisitionNs) {
            lastAcquisitionNs = t;
        }
        acquisitionSeen = true;
    }

    InterlockState reportImpedance(int channel, long ohms, long measuredAtNs) {
        if (channel < 0 || channel >= impedance.capacity() || ohms < 0) {
            throw new IllegalArgumentException("impedance channel=" + channel + " ohms=" + ohms
                    + ": channel must be in [0, " + impedance.capacity() + ") and ohms >= 0");
        }
        long now = observe();
        impedance.record(channel, ohms, measuredAtNs);
        InterlockState s = state;
        if ((s == InterlockState.STIMULATING || s == InterlockState.RAMPING_DOWN) && channel < session.channels
                && ohms > MAX_IMPEDANCE_DURING_STIMULATION_OHMS) {
            hazard(now, HazardCause.IMPEDANCE_FAULT, "impedance " + ohms + " Ω on " + session.labels[channel],
                    List.of(Violation.of(SafetyRule.IMPEDANCE_DURING_STIMULATION,
                            "electrode=" + session.labels[channel], ohms, MAX_IMPEDANCE_DURING_STIMULATION_OHMS,
                            "Ω")));
        }
        return state;
    }

    InterlockState reportDeviceHazard(HazardCause cause, String detail) {
        long now = observe();
        hazard(now, cause, detail, List.of());
        return state;
    }

    // ---------------------------------------------------------------- transitions

    private ActionResult softStop(long now, SoftStopCause cause, String operator, String reason,
                                  List<Violation> violations) {
        InterlockState from = state;
        switch (from) {
            case DISARMED:
            case FAULT:
                return new ActionResult(true, from, "nothing to stop", List.of());
            case ARMED:
                session = null;
                state = InterlockState.DISARMED;
                report(now, DecisionKind.DISARMED, from, operator, reason, violations);
                return new ActionResult(true, state, "disarmed", List.of());
            default:
                enterRampDown(now, cause, reason, operator, violations);
                return new ActionResult(true, state, "ramping down", List.of());
        }
    }

    private void enterRampDown(long now, SoftStopCause cause, String reason) {
        enterRampDown(now, cause, reason, "", List.of());
    }

    /**
     * STIMULATING or RAMPING_DOWN → RAMPING_DOWN. A soft stop ramps from the envelope level at
     * max(now, end of the last passed block), because blocks already passed may still be playing.
     * END_OF_PROTOCOL at the plan's own ramp-down needs no extra ramp: the plan's envelope already falls.
     */
    private void enterRampDown(long now, SoftStopCause cause, String reason, String operator,
                               List<Violation> violations) {
        Session s = session;
        InterlockState from = state;
        boolean planRamp = cause == SoftStopCause.END_OF_PROTOCOL && operator.isEmpty()
                && now >= s.planRampDownStartNs() && !s.stopping;
        if (planRamp) {
            // the plan's own ramp-down: no new ramp; completion disarms (open loop) or re-arms (closed loop)
            s.stopCause = null;
        } else if (!s.stopping) {
            s.beginStop(Math.max(now, s.lastBlockEndNs), cause);
        } else if (cause == SoftStopCause.OPERATOR_STOP
                || s.stopCause == SoftStopCause.ACQUISITION_STALLED && cause != SoftStopCause.ACQUISITION_STALLED) {
            // an operator stop during any ramp, or an explicit stop during a stall ramp, ends the session
            s.stopCause = cause;
        }
        state = InterlockState.RAMPING_DOWN;
        report(now, DecisionKind.SOFT_STOP, from, operator, cause + ": " + reason + "; output ends at "
                + s.outputEndNs() + " ns", violations);
    }

    private void completeRun(long now) {
        Session s = session;
        InterlockState from = state;
        long actual = s.outputEndNs() - s.runStartNs;
        cutOutput(now);
        settleLedger(now, s, actual);
        s.stimulatedNs += actual;
        s.running = false;
        // the loop may start a closed-loop plan again after a run that ended on its own or at the loop's request;
        // an operator stop ends the session
        boolean loopEnded = !s.stopping || s.stopCause != SoftStopCause.OPERATOR_STOP;
        long budget = s.remainingBudgetNs();
        boolean mayGoOn = budget > 0
                && (s.stopping && s.stopCause == SoftStopCause.ACQUISITION_STALLED || s.plan.closedLoop() && loopEnded);
        // a next run the charge left cannot cover as planned would be refused at its start: the session is over
        boolean resumable = mayGoOn && s.chargeCovers(budget);
        if (resumable) {
            s.armedAtNs = now;
            state = InterlockState.ARMED;
        } else {
            session = null;
            state = InterlockState.DISARMED;
        }
        String outcome;
        if (resumable) {
            outcome = s.plan.closedLoop() ? "closed-loop session remains armed"
                    : "session remains armed after the acquisition stall";
        } else {
            outcome = mayGoOn ? "session over: the charge left cannot cover another run" : "session over";
        }
        report(now, DecisionKind.STOPPED, from, "", "run ended after " + actual + " ns; " + outcome, List.of());
    }

    /**
     * Any state → FAULT: zero the output first, then record the stimulation time, discard the session and every
     * impedance measurement, latch, report. A hazard while already in FAULT is reported and zeroes the output again,
     * but the latched cause stays the first one.
     */
    void hazard(long now, HazardCause cause, String reason, List<Violation> violations) {
        cutOutput(now);
        InterlockState from = state;
        Session s = session;
        if (s != null && s.running) {
            long end = Math.min(Math.max(now, s.lastBlockEndNs), s.runEndNs);
            settleLedger(now, s, Math.max(0, end - s.runStartNs));
            s.running = false;
        }
        session = null;
        impedance.clear();
        acquisitionSeen = false;
        if (from != InterlockState.FAULT) {
            faultCause = cause;
            faultReason = reason;
        }
        faultReasonOfLastHazard = cause + ": " + reason;
        state = InterlockState.FAULT;
        hazardCount++;
        report(now, DecisionKind.HAZARD, from, "", cause + ": " + reason, violations);
    }

    void reportGateRefusal(long now, Violation v) {
        report(now, DecisionKind.GATE_REFUSED, state, "", "setpoint block refused", List.of(v));
    }

    private void settleLedger(long now, Session s, long actualNs) {
        LedgerResult r = ledger.add(s.subjectCode, s.runDay, actualNs - s.reservedNs);
        if (!r.ok()) {
            report(now, DecisionKind.LEDGER_PROBLEM, state, "", "the run's full reservation of " + s.reservedNs
                    + " ns stays recorded: " + r.problem(), List.of());
        }
    }

    private void cutOutput(long now) {
        try {
            cutoff.zeroOutputNow();
        } catch (RuntimeException e) {
            cutoffFailureCount++;
            report(now, DecisionKind.OUTPUT_CUTOFF_FAILED, state, "", "output cutoff threw " + e, List.of());
        }
    }

    private ActionResult refuse(long now, DecisionKind kind, String operator, String reason,
                                List<Violation> violations) {
        report(now, kind, state, operator, reason, violations);
        return new ActionResult(false, state, reason, violations);
    }

    private static Violation stateViolation(String action, InterlockState state) {
        return Violation.described(SafetyRule.INTERLOCK_STATE, "state=" + state, action + " is not allowed in "
                + state);
    }

    private void report(long now, DecisionKind kind, InterlockState from, String operator, String reason,
                        List<Violation> violations) {
        try {
            listener.onDecision(new SafetyDecision(now, kind, from, state, operator, reason, violations));
        } catch (RuntimeException e) {
            listenerFailureCount++;
        }
    }

    // ---------------------------------------------------------------- read-only views for the facets

    double envelopeFraction(long tNs) {
        Session s = session;
        return s == null ? 0 : s.envelope(tNs);
    }

    long runStartNs() {
        Session s = session;
        return s != null && s.running ? s.runStartNs : Long.MIN_VALUE;
    }

    long outputEndNs() {
        Session s = session;
        return s != null && s.running ? s.outputEndNs() : Long.MIN_VALUE;
    }

    long lastBlockEndNs() {
        Session s = session;
        return s != null && s.running ? s.lastBlockEndNs : Long.MIN_VALUE;
    }

    Optional<StimulationPlan> activePlan() {
        Session s = session;
        return s == null ? Optional.empty() : Optional.of(s.plan);
    }

    long sessionChargeMicroAmpNs() {
        Session s = session;
        return s == null ? 0 : s.chargeMicroAmpNs;
    }

    long chargeImbalanceMicroAmpNs(int channel) {
        Session s = session;
        return s == null || !s.running ? 0 : s.imbalanceMicroAmpNs[channel];
    }

    long chargeImbalanceAllowanceMicroAmpNs(int channel, long tNs) {
        Session s = session;
        return s == null || !s.running ? 0 : SetpointGate.imbalanceAllowance(s, channel, tNs);
    }
}
