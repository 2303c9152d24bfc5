package org.closedloop.controller.session;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.closedloop.controller.acquisition.AcquisitionConfig;
import org.closedloop.controller.acquisition.AcquisitionException;
import org.closedloop.controller.acquisition.AcquisitionListener;
import org.closedloop.controller.acquisition.AcquisitionStats;
import org.closedloop.controller.acquisition.CytonAcquisition;
import org.closedloop.controller.acquisition.JsscSerialLink;
import org.closedloop.controller.acquisition.OneToOneSampleRing;
import org.closedloop.controller.acquisition.SampleFrame;
import org.closedloop.controller.audit.AuditLog;
import org.closedloop.controller.config.SessionPlans;
import org.closedloop.controller.dsp.FeatureExtractor;
import org.closedloop.controller.gpio.SafetyLines;
import org.closedloop.controller.recording.BdfPlusWriter;
import org.closedloop.controller.recording.SessionManifest;
import org.closedloop.controller.stim.DeviceIdentity;
import org.closedloop.controller.stim.ImpedanceReport;
import org.closedloop.controller.stim.SerialStimulator;
import org.closedloop.controller.stim.StimConfig;
import org.closedloop.controller.stim.StimulationLoop;
import org.closedloop.protocol.config.v1.RecordingChannel;
import org.closedloop.protocol.config.v1.RecordingMode;
import org.closedloop.protocol.config.v1.StimulationProtocol;
import org.closedloop.protocol.cyton.CytonScaling;
import org.closedloop.safety.SafetyLimits;
import org.closedloop.safety.SystemSafetyClock;
import org.closedloop.safety.Violation;
import org.closedloop.safety.interlock.ActionResult;
import org.closedloop.safety.interlock.DecisionKind;
import org.closedloop.safety.interlock.InterlockState;
import org.closedloop.safety.interlock.Operator;
import org.closedloop.safety.interlock.SafetyDecision;
import org.closedloop.safety.interlock.SoftStopCause;
import org.closedloop.safety.ledger.StimulationLedger;
import org.closedloop.safety.plan.StimulationPlan;
import org.closedloop.safety.plan.WaveformComponent;
import org.tinylog.Logger;

/**
 * A stimulation session: acquisition → {@link SessionPipeline} (DSP features, the protocol's rules) → the
 * {@link StimulationLoop} (interlock, gate, stimulator), with a {@link SessionRecorder} writing the recording, the
 * features, the decisions and the manifest. An operator arms it ({@link #armPreview()}, then {@link #arm}); the
 * pipeline can then start and stop the protocol's block, never arm, reset or exceed it. A block that no rule starts
 * starts once the session is armed.
 *
 * <p>Threads: the acquisition's reader and supervisor; {@code session-loop} (this class's hot loop: ring → pipeline
 * → commands, zero allocation per sample); {@code stim-loop} (owns the interlock); {@code session-recorder} (every
 * file). Operator calls and {@link #status()} may come from any thread.
 *
 * <p><b>Thread safety:</b> public methods are thread safe; {@link #close()} once.
 */
public final class ClosedLoopSession implements AutoCloseable {
    /** Manifest key of the pipeline's shortest onset offset (replay needs the same value). */
    static final String MIN_LEAD_KEY = "decision_min_lead_samples";
    static final int BOARD_CHANNELS = 8;
    /** Interlock decisions that go to the audit log (arming, faults, resets); starts and stops are in the recording. */
    private static final Set<DecisionKind> AUDITED = EnumSet.of(DecisionKind.ARMED, DecisionKind.ARM_REFUSED,
            DecisionKind.DISARMED, DecisionKind.ARMING_EXPIRED, DecisionKind.HAZARD, DecisionKind.RESET,
            DecisionKind.RESET_REFUSED, DecisionKind.LEDGER_PROBLEM);
    private static final int DEFAULT_GAIN = 24;
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);

    /**
     * What to run and where.
     *
     * @param protocol             the validated protocol
     * @param protocolSha256       its sha256 in the store (recorded in the manifest and every file)
     * @param signerKeyId          the key id that signed it
     * @param subjectCode          pseudonymous subject code (never a name)
     * @param sessionsDir          the session's directory is created in here
     * @param boardPort            acquisition serial port
     * @param stimulatorPort       stimulator serial port
     * @param synthetic            whether the devices are simulated (labels every file SYNTHETIC)
     * @param softwareVersion      for the manifest
     * @param stim                 the stimulation loop's settings
     * @param acquisitionLatencyNs how long a sample takes from the electrodes to its arrival (board, radio, USB);
     *                             subtracted from arrival times when scheduling phase-locked onsets
     */
    public record Settings(StimulationProtocol protocol, String protocolSha256, String signerKeyId, String subjectCode,
                           Path sessionsDir, String boardPort, String stimulatorPort, boolean synthetic,
                           String softwareVersion, StimConfig stim, long acquisitionLatencyNs) {
        public Settings {
            Objects.requireNonNull(protocol, "protocol");
            if (subjectCode == null || !subjectCode.matches("[A-Za-z0-9_-]{1,32}")) {
                throw new IllegalArgumentException("subject=" + subjectCode + ": use a pseudonymous code of 1-32 "
                        + "letters, digits, '-' or '_' (never a name)");
            }
        }
    }

    /**
     * What the operator is shown before arming.
     *
     * @param text  protocol, montage, plan, limits and the measured impedances, for a person
     * @param token identifies this preview: arming with it arms exactly this plan
     */
    public record ArmPreview(String text, String token, StimulationPlan plan, ImpedanceReport impedance) {
    }

    /** A status snapshot (see {@link #statusLine()}). */
    public record Status(InterlockState state, double[] features, List<String> featureIds, double amplitudeMicroAmps,
                         AcquisitionStats acquisition, LatencyRecorder.Summary latency, long decisions,
                         double elapsedSeconds, String problem) {
    }

    private final Settings settings;
    private final StimulationProtocol protocol;
    private final Path dir;
    private final SessionLock lock;
    private final CytonAcquisition acquisition;
    private final SerialStimulator stimulator;
    private final StimulationLoop stim;
    private final SessionPipeline pipeline;
    private final SessionRecorder recorder;
    private final SessionManifest manifest;
    private final LatencyRecorder latency = new LatencyRecorder();
    private final AtomicLongArray featureBits;
    /** The session's first hazard as session.log has it ("HAZARD: ..."), null if none; written by stim-loop. */
    private volatile String firstHazard;
    /** The IAF measured so far (NaN before it is), published by the session thread for the arming preview. */
    private final AtomicLong measuredIafBits = new AtomicLong(Double.doubleToRawLongBits(Double.NaN));
    private final Thread thread;
    private final boolean startedByRule;
    private final int peakMicroAmps;
    private final double minLeadSamples;
    private final long periodNs;
    private final long startNanos = System.nanoTime();
    private final Instant startInstant = Instant.now();
    private final AuditLog audit;
    private volatile boolean closing;
    private volatile ArmPreview preview;
    private volatile long decisionCount;
    private volatile String acquisitionProblem;
    private volatile String pipelineFailure;
    /** Whether the block was resumed since the latest acquisition stall or loss (at most once per interruption). */
    private final AtomicBoolean resumed = new AtomicBoolean();
    private boolean closed;

    private ClosedLoopSession(Settings s, SafetyLines lines, StimulationLedger ledger, AuditLog audit, Path lockFile)
            throws IOException, AcquisitionException {
        this.settings = s;
        this.protocol = s.protocol();
        this.audit = audit;
        List<String> problems = SessionPlans.unsupported(protocol);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("protocol " + protocol.getId() + " cannot run as a session: "
                    + String.join("; ", problems));
        }
        int fs = protocol.getAcquisition().getSampleRateHz();
        this.periodNs = 1_000_000_000L / fs;
        this.startedByRule = SessionPlans.startedByRule(protocol, 0);
        // the stimulation loop starts a run startLead before the onset and needs one DAC period more; 10 ms margin
        this.minLeadSamples = (s.stim().startLeadMs() + 10) * fs / 1000.0;
        this.pipeline = new SessionPipeline(protocol, BOARD_CHANNELS, minLeadSamples);
        this.featureBits = new AtomicLongArray(Math.max(1, pipeline.featureIds().size()));
        for (int i = 0; i < featureBits.length(); i++) {
            featureBits.set(i, Double.doubleToRawLongBits(Double.NaN));
        }
        this.peakMicroAmps = maxAmplitude(SessionPlans.plan(protocol, 0, s.subjectCode(), Double.NaN));
        LocalDateTime start = LocalDateTime.now();
        String id = ID_TIME.format(start) + "-" + s.subjectCode();
        this.dir = s.sessionsDir().resolve(id);
        Files.createDirectories(dir);
        this.lock = lockFile == null ? null : SessionLock.acquire(lockFile, "protocol " + protocol.getId() + " v"
                + protocol.getVersion() + " sha256 " + s.protocolSha256() + ", subject " + s.subjectCode() + ", since "
                + start + ", pid " + ProcessHandle.current().pid() + ", session dir " + dir);
        boolean ok = false;
        CytonAcquisition acq = null;
        SerialStimulator st = null;
        StimulationLoop loop = null;
        SessionRecorder rec = null;
        try {
            int[] gains = new int[BOARD_CHANNELS];
            Arrays.fill(gains, DEFAULT_GAIN);
            List<BdfPlusWriter.Channel> channels = new ArrayList<>();
            String[] labels = new String[BOARD_CHANNELS];
            for (int c = 0; c < BOARD_CHANNELS; c++) {
                labels[c] = "EEG ch" + (c + 1);
            }
            for (RecordingChannel rc : protocol.getMontage().getRecordingChannelsList()) {
                int c = rc.getBoardChannel() - 1;
                gains[c] = rc.getGain() == 0 ? DEFAULT_GAIN : rc.getGain();
                labels[c] = "EEG " + rc.getLabel();
            }
            for (int c = 0; c < BOARD_CHANNELS; c++) {
                channels.add(new BdfPlusWriter.Channel(labels[c], CytonScaling.microvoltsPerCount(gains[c]), gains[c],
                        "HP:DC LP:none (board)"));
            }
            List<String> comments = List.of(
                    (s.synthetic() ? "SYNTHETIC DATA (simulated devices); " : "") + "closedloop " + s.softwareVersion(),
                    "protocol " + protocol.getId() + " v" + protocol.getVersion() + " sha256 " + s.protocolSha256()
                            + " signer " + s.signerKeyId(),
                    "subject " + s.subjectCode() + ", session " + id);
            boolean raw = protocol.getRecording().getMode() != RecordingMode.RECORDING_MODE_FEATURES_ONLY;
            rec = new SessionRecorder(dir, s.subjectCode(), "closedloop-" + s.softwareVersion()
                    + (s.synthetic() ? " SYNTHETIC" : ""), start, fs, channels, raw, comments, pipeline.featureIds(),
                    audit);
            this.recorder = rec;
            this.manifest = new SessionManifest(dir.resolve("manifest.json"));
            manifest.put("session_id", id).put("software_version", s.softwareVersion())
                    .put("synthetic", s.synthetic())
                    .put("protocol_id", protocol.getId()).put("protocol_version", (long) protocol.getVersion())
                    .put("protocol_sha256", s.protocolSha256()).put("protocol_signer", s.signerKeyId())
                    .put("safety_limits_table", SafetyLimits.TABLE_VERSION)
                    .put("subject_code", s.subjectCode())
                    .put("start_time", startInstant.toString()).put("end_time", "")
                    .put("status", "running")
                    .put("recording_mode", raw ? "raw_and_features" : "features_only")
                    .put("sham", protocol.getBlocks(0).getSham())
                    .put("board_port", s.boardPort()).put("stimulator_port", s.stimulatorPort())
                    .put("operator", "")
                    .put("sample_rate_hz", (long) fs)
                    .put(MIN_LEAD_KEY, Double.toString(minLeadSamples));
            manifest.write();
            rec.start();
            rec.event(new SessionRecorder.Event(-1, System.nanoTime(), "session", "started: protocol "
                    + protocol.getId() + " sha256 " + s.protocolSha256() + " signer " + s.signerKeyId()
                    + (s.synthetic() ? " (SYNTHETIC)" : ""), false, "", null));

            AcquisitionConfig ac = AcquisitionConfig.defaults(s.boardPort()).withSampleRateHz(fs).withGains(gains);
            acq = new CytonAcquisition(ac, JsscSerialLink::new, new Listener());
            acq.start();
            manifest.put("board_identity", acq.banner().replace('\n', ' ').trim());
            st = new SerialStimulator(s.stimulatorPort());
            loop = StimulationLoop.start(new SystemSafetyClock(ZoneId.systemDefault()), ledger, this::onSafety, st,
                    lines, s.stim());
            DeviceIdentity identity = loop.operator().deviceIdentity().get(5, TimeUnit.SECONDS);
            manifest.put("stimulator_identity", identity == null ? "not connected" : identity.toString());
            manifest.write();
            ok = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting the session", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IOException("the stimulation loop did not answer: " + e, e);
        } finally {
            if (!ok) {
                if (loop != null) {
                    loop.close();
                }
                if (st != null) {
                    st.close();
                }
                if (acq != null) {
                    acq.close();
                }
                if (rec != null) {
                    try {
                        rec.close();
                    } catch (IOException e) {
                        Logger.warn("closing the recorder: {}", e.getMessage());
                    }
                }
                if (lock != null) {
                    lock.close();
                }
            }
        }
        this.acquisition = acq;
        this.stimulator = st;
        this.stim = loop;
        this.thread = new Thread(this::run, "session-loop");
        this.thread.setDaemon(true);
    }

    /**
     * Starts a session: opens the devices, starts the threads and the recording. Stimulation stays impossible until
     * an operator arms it.
     *
     * @param lines    the safety lines (GPIO on a Pi; the software lines only for a simulated stimulator)
     * @param ledger   the daily stimulation ledger
     * @param audit    the audit log (arming, faults, resets), or null
     * @param lockFile the session lock (the daemon refuses uploads while it is held), or null
     */
    public static ClosedLoopSession start(Settings settings, SafetyLines lines, StimulationLedger ledger,
                                          AuditLog audit, Path lockFile) throws IOException, AcquisitionException {
        ClosedLoopSession s = new ClosedLoopSession(settings, lines, ledger, audit, lockFile);
        s.thread.start();
        return s;
    }

    public Path directory() {
        return dir;
    }

    public StimulationLoop stimulation() {
        return stim;
    }

    public CytonAcquisition acquisition() {
        return acquisition;
    }

    public LatencyRecorder latency() {
        return latency;
    }

    // ------------------------------------------------------------------ the hot loop

    private final SessionPipeline.DecisionSink decisionSink = this::onDecision;
    private SampleFrame current;

    private void run() {
        OneToOneSampleRing ring = acquisition.ring();
        SampleFrame frame = new SampleFrame(ring.channels());
        current = frame;
        double[] values = pipeline.values();
        try {
            loop(ring, frame, values);
        } catch (RuntimeException | Error e) {
            // a bug in the pipeline: stop stimulating (ramp down, disarm) and say so; the recording keeps what it has
            pipelineFailure = "the session thread failed: " + e;
            Logger.error(e, "the session thread failed; stimulation is stopped and the session disarmed");
            stim.closedLoop().requestSoftStop(SoftStopCause.END_OF_PROTOCOL);
            recorder.event(new SessionRecorder.Event(-1, System.nanoTime(), "session", pipelineFailure
                    + "; stimulation stopped, session disarmed", true, "controller", null));
        }
    }

    private void loop(OneToOneSampleRing ring, SampleFrame frame, double[] values) {
        while (!closing) {
            if (!ring.poll(frame)) {
                ring.awaitAvailable(100_000_000L);
                continue;
            }
            stim.closedLoop().reportAcquisitionSample(frame.arrivalNs);
            boolean updated = pipeline.process(frame.sampleIndex, frame.microvolts, decisionSink);
            recorder.offerSample(frame);
            if (updated) {
                recorder.offerFeatures(frame.arrivalNs, frame.sampleIndex, values);
                for (int i = 0; i < values.length; i++) {
                    featureBits.lazySet(i, Double.doubleToRawLongBits(values[i]));
                }
                FeatureExtractor fx = pipeline.features().extractor();
                measuredIafBits.lazySet(Double.doubleToRawLongBits(
                        fx.hasIndividualAlphaFrequency() ? fx.individualAlphaFrequencyHz() : Double.NaN));
            }
            latency.record(System.nanoTime() - frame.arrivalNs);
        }
    }

    /** On the session thread, when a rule fires (rare: allocation is fine here). */
    private void onDecision(int rule, long sampleIndex, double value, SessionPipeline.Action action,
                            double onsetSamples) {
        decisionCount++;
        String line = pipeline.describe(rule, sampleIndex, value, action, onsetSamples);
        String ruleId = pipeline.ruleIds().get(rule);
        recorder.event(new SessionRecorder.Event(sampleIndex, 0, "rule", ruleId + " fired (" + action + ", value "
                + String.format(Locale.ROOT, "%.4g", value) + ")", false, "", line));
        switch (action) {
            case START, START_AT_PHASE -> {
                long onsetNs = current.arrivalNs - settings.acquisitionLatencyNs()
                        + Math.round(onsetSamples * 1e9 / pipeline.sampleRateHz());
                track(stim.closedLoop().startAt(onsetNs), "start by " + ruleId, sampleIndex);
            }
            case STOP -> track(stim.closedLoop().stopRun(SoftStopCause.END_OF_PROTOCOL), "stop by " + ruleId,
                    sampleIndex);
            case START_SKIPPED_NO_PHASE -> {
                // recorded above; nothing to command
            }
        }
    }

    private void track(CompletableFuture<ActionResult> f, String what, long sampleIndex) {
        f.whenComplete((r, e) -> recorder.event(new SessionRecorder.Event(-1, System.nanoTime(), "command",
                what + " at sample " + sampleIndex + ": " + (e != null ? "failed: " + e
                        : r.accepted() ? r.reason() : "refused: " + r.reason() + " " + r.violations()),
                false, "", null)));
    }

    private void onSafety(SafetyDecision d) {
        // on the stim-loop thread: queue only, the recorder writes (and appends to the audit log)
        boolean auditable = AUDITED.contains(d.kind());
        String kind = switch (d.kind()) {
            case STARTED -> "stimulation start";
            case STOPPED -> "stimulation end";
            default -> "safety " + d.kind();
        };
        recorder.event(new SessionRecorder.Event(-1, d.timeNs(), kind, d.message(), auditable,
                d.operator().isEmpty() ? "interlock" : d.operator(), null));
        if (d.kind() == DecisionKind.STOPPED && d.toState() == InterlockState.ARMED) {
            resumeOpenLoopBlock("resume after the stall's ramp-down"); // acquisition recovered during the ramp
        }
        if (d.kind() == DecisionKind.HAZARD) {
            if (firstHazard == null) {
                firstHazard = "HAZARD: " + d.message();
            }
            Logger.error("safety: {}", d.message());
        } else {
            Logger.info("safety: {}", d.message());
        }
    }

    private final class Listener implements AcquisitionListener {
        @Override
        public void onConnected(String port, String banner) {
            Logger.info("acquisition: connected to {}", port);
        }

        @Override
        public void onLoss(long samples, long totalLost) {
            event("acquisition", "lost " + samples + " samples (total " + totalLost + ")");
        }

        @Override
        public void onStall(long silentMs) {
            acquisitionProblem = "acquisition silent for " + silentMs + " ms";
            event("acquisition", "stalled: nothing for " + silentMs + " ms; soft stop");
            stopRunForAcquisition();
        }

        @Override
        public void onStallEnded(long silentMs) {
            acquisitionProblem = null;
            event("acquisition", "data again after " + silentMs + " ms");
            resumeOpenLoopBlock("resume after the stall");
        }

        @Override
        public void onDisconnected(String port, String reason) {
            acquisitionProblem = "acquisition disconnected: " + reason;
            event("acquisition", "disconnected (" + reason + ")");
            stopRunForAcquisition();
        }

        @Override
        public void onReconnectFailed(String port, AcquisitionException error, long retryInMs) {
            acquisitionProblem = "acquisition reconnecting: " + error.getMessage();
        }

        @Override
        public void onReconnected(String port, long gapMs, long gapSamples) {
            acquisitionProblem = null;
            event("acquisition", "reconnected after " + gapMs + " ms (" + gapSamples + " samples never acquired)");
            resumeOpenLoopBlock("resume after reconnect");
        }

        private void event(String kind, String text) {
            if (recorder != null) {
                recorder.event(new SessionRecorder.Event(-1, System.nanoTime(), kind, text, false, "", null));
            }
            Logger.warn("{}: {}", kind, text);
        }
    }

    /**
     * Acquisition stalled or went away: the run ramps down (the interlock then keeps the session armed) or a scheduled
     * start is cancelled. Never a disarm: a session between runs stays armed, so that it can resume.
     */
    private void stopRunForAcquisition() {
        resumed.set(false);
        if (stim != null) {
            stim.closedLoop().stopRun(SoftStopCause.ACQUISITION_STALLED);
        }
    }

    /**
     * An open-loop block that an acquisition stall interrupted resumes (the interlock kept it armed) once both the
     * acquisition has recovered and the interrupted run has ramped down, whichever comes last; once per interruption.
     */
    private void resumeOpenLoopBlock(String why) {
        if (!startedByRule && stim != null && stim.state() == InterlockState.ARMED && preview != null
                && acquisitionProblem == null && resumed.compareAndSet(false, true)) {
            track(stim.closedLoop().startAt(System.nanoTime() + 200_000_000L), why, -1);
        }
    }

    // ------------------------------------------------------------------ operator

    /**
     * Computes the plan the operator would arm (for a {@code track_iaf} block, at the individual alpha frequency
     * measured so far), measures the electrodes' impedances on the stimulator, and describes it all.
     */
    public ArmPreview armPreview() throws IOException {
        // the IAF to 0.1 Hz: finer than any tACS study needs, and a plan that does not change with every estimate
        // the extractor belongs to the session thread: read what it published
        double measured = Double.longBitsToDouble(measuredIafBits.get());
        double iaf = Double.isNaN(measured) ? Double.NaN : Math.round(measured * 10) / 10.0;
        StimulationPlan plan = SessionPlans.plan(protocol, 0, settings.subjectCode(), iaf);
        ImpedanceReport z;
        try {
            z = stim.operator().measureImpedance(plan).get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException("impedance measurement failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IOException("the stimulator did not answer the impedance measurement within 10 s", e);
        }
        StringBuilder b = new StringBuilder();
        b.append("Session   ").append(dir.getFileName()).append(settings.synthetic() ? "  (SIMULATED devices)" : "")
                .append('\n');
        b.append("Protocol  ").append(protocol.getId()).append(" v").append(protocol.getVersion()).append(": ")
                .append(protocol.getTitle()).append('\n');
        b.append("          sha256 ").append(settings.protocolSha256()).append(", signed by ")
                .append(settings.signerKeyId()).append('\n');
        b.append("Subject   ").append(settings.subjectCode()).append('\n');
        b.append("Montage   stimulation: ");
        for (var e : protocol.getMontage().getStimulationElectrodesList()) {
            b.append(e.getLabel()).append(" (").append(e.hasAreaCm2() ? e.getAreaCm2() + " cm²" : "area not declared")
                    .append(", ").append(e.getRole().name().replace("ELECTRODE_ROLE_", "").toLowerCase(Locale.ROOT))
                    .append(") ");
        }
        b.append("\n          recording: ");
        for (RecordingChannel rc : protocol.getMontage().getRecordingChannelsList()) {
            b.append(rc.getLabel()).append("=ch").append(rc.getBoardChannel()).append(' ');
        }
        b.append('\n');
        b.append("Plan      ").append(describePlan(plan));
        b.append("Start     ").append(startedByRule ? "by the protocol's rules, when they fire"
                : "at once, after arming").append('\n');
        if (!Double.isNaN(iaf)) {
            b.append("IAF       ").append(String.format(Locale.ROOT, "%.2f Hz", iaf)).append(" (measured so far)\n");
        }
        b.append("Limits    hard limits table ").append(SafetyLimits.TABLE_VERSION).append("; this protocol: ")
                .append(protocol.getSessionLimits().toString().replace('\n', ' ').trim()).append('\n');
        b.append("Impedance ");
        for (int c = 0; c < plan.electrodeCount(); c++) {
            long ohms = z.ohms(c);
            b.append(plan.electrodes().get(c).label()).append(' ')
                    .append(ohms == ImpedanceReport.OPEN ? "OPEN" : String.format(Locale.ROOT, "%.1f kΩ", ohms / 1e3))
                    .append(ohms > SafetyLimits.MAX_IMPEDANCE_TO_START_OHMS ? " (TOO HIGH)" : "").append("  ");
        }
        b.append("(limit ").append(SafetyLimits.MAX_IMPEDANCE_TO_START_OHMS / 1000).append(" kΩ)\n");
        // the token names the plan (not the measurement): confirming it arms exactly the plan the operator read
        String token = sha256Prefix(settings.protocolSha256() + "\n" + plan);
        ArmPreview p = new ArmPreview(b.toString(), token, plan, z);
        preview = p;
        return p;
    }

    /**
     * The plan as the operator reads it before arming, one line per component and one for its timing (the arming
     * token names the plan's full description, {@link StimulationPlan#toString()}).
     */
    static String describePlan(StimulationPlan plan) {
        StringBuilder b = new StringBuilder();
        String indent = "";
        for (WaveformComponent c : plan.components()) {
            b.append(indent).append(Violation.format(c.frequencyHz())).append(" Hz, zero to peak:");
            for (int e = 0; e < plan.electrodeCount(); e++) {
                b.append(e == 0 ? " " : ", ").append(plan.electrodes().get(e).label()).append(' ')
                        .append(c.amplitudeMicroAmps(e)).append(" µA at ").append(Violation.format(c.phaseDegrees(e)))
                        .append('°');
            }
            b.append('\n');
            indent = "          ";
        }
        boolean dc = false;
        for (int e = 0; e < plan.electrodeCount(); e++) {
            dc |= plan.dcOffsetMicroAmps(e) != 0;
        }
        if (dc) {
            b.append(indent).append("DC offset:");
            for (int e = 0; e < plan.electrodeCount(); e++) {
                b.append(e == 0 ? " " : ", ").append(plan.electrodes().get(e).label()).append(' ')
                        .append(plan.dcOffsetMicroAmps(e)).append(" µA");
            }
            b.append('\n');
        }
        b.append(indent).append(plan.closedLoop() ? "each run " : "one run of ").append(seconds(plan.durationNs()))
                .append(" s, ramps included (up ").append(seconds(plan.rampUpNs())).append(" s, down ")
                .append(seconds(plan.rampDownNs())).append(" s)")
                .append(plan.sham() ? "; SHAM: current only in the ramps at its start and end" : "").append('\n');
        return b.toString();
    }

    private static String seconds(long ns) {
        return java.math.BigDecimal.valueOf(ns, 9).stripTrailingZeros().toPlainString();
    }

    /**
     * Arms the plan of the preview with {@code token} on the operator's behalf (the interlock checks it again). A
     * block that no rule starts is started at once.
     */
    public ActionResult arm(String operatorName, String token) throws IOException {
        ArmPreview p = preview;
        if (p == null || !p.token().equals(token)) {
            return new ActionResult(false, stim.state(), "no such arm preview (token " + token + "); ask for a "
                    + "preview, check it, then confirm", List.of());
        }
        ActionResult r = await(stim.operator().arm(Operator.named(operatorName), p.plan()));
        if (r.accepted()) {
            synchronized (manifest) {
                manifest.put("operator", operatorName).put("plan", p.plan().toString());
                manifest.write();
            }
            if (!startedByRule) {
                track(stim.closedLoop().startAt(System.nanoTime() + 200_000_000L), "start after arming", -1);
            }
        }
        return r;
    }

    /** Operator stop: a run ramps down, the session is disarmed (recording continues until the session closes). */
    public ActionResult stop(String operatorName) throws IOException {
        return await(stim.operator().stop(Operator.named(operatorName)));
    }

    /** Resets a latched fault (needs a reason); the session must then be armed again. */
    public ActionResult resetFault(String operatorName, String reason) throws IOException {
        return await(stim.operator().resetFault(Operator.named(operatorName), reason));
    }

    private static ActionResult await(CompletableFuture<ActionResult> f) throws IOException {
        try {
            return f.get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IOException("the stimulation loop did not answer within 30 s", e);
        }
    }

    // ------------------------------------------------------------------ status

    /** The session's first hazard ("HAZARD: " and the interlock's decision), if it had one. */
    public Optional<String> firstHazard() {
        return Optional.ofNullable(firstHazard);
    }

    public Status status() {
        double[] f = new double[pipeline.featureIds().size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = Double.longBitsToDouble(featureBits.get(i));
        }
        ArmPreview p = preview;
        int peak = p == null ? peakMicroAmps : maxAmplitude(p.plan());
        String problem = pipelineFailure != null ? pipelineFailure : acquisitionProblem != null ? acquisitionProblem
                : recorder.failure() != null
                ? recorder.failure() : recorder.overruns() > 0 ? "the recorder fell behind: " + recorder.overruns()
                + " samples or feature rows not recorded" : null;
        return new Status(stim.state(), f, pipeline.featureIds(), stim.outputFraction() * peak, acquisition.stats(),
                latency.snapshot(), decisionCount, (System.nanoTime() - startNanos) / 1e9, problem);
    }

    /** One line: time, state, features, amplitude, loss, latency, and a problem if any. */
    public String statusLine() {
        Status s = status();
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%7.1f s  %-12s", s.elapsedSeconds(), s.state()));
        for (int i = 0; i < s.features().length; i++) {
            b.append(String.format(Locale.ROOT, "  %s %s", s.featureIds().get(i), fmt(s.features()[i])));
        }
        b.append(String.format(Locale.ROOT, "  stim %4.0f µA  lost %d  decisions %d  latency p50 %.2f p99 %.2f p99.9 %.2f ms",
                s.amplitudeMicroAmps(), s.acquisition().samplesLost(), s.decisions(), s.latency().p50Ns() / 1e6,
                s.latency().p99Ns() / 1e6, s.latency().p999Ns() / 1e6));
        if (s.problem() != null) {
            b.append("  !! ").append(s.problem());
        }
        if (settings.synthetic()) {
            b.append("  [SYNTHETIC]");
        }
        return b.toString();
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3g", v);
    }

    private static String sha256Prefix(String text) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(
                    java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d, 0, 6);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static int maxAmplitude(StimulationPlan plan) {
        int max = 0;
        for (var c : plan.components()) {
            for (int e = 0; e < plan.electrodeCount(); e++) {
                max = Math.max(max, c.amplitudeMicroAmps(e));
            }
        }
        return max;
    }

    // ------------------------------------------------------------------ shutdown

    /**
     * Ends the session cleanly: an operator stop on {@code operatorName}'s behalf if stimulation is armed or running,
     * waiting for the ramp-down (at most the plan's ramp plus 2 s); then stops the threads, closes the devices and
     * the files, and completes the manifest (end time, latency percentiles, audit head).
     */
    public synchronized void close(String operatorName, String reason) throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        recorder.event(new SessionRecorder.Event(-1, System.nanoTime(), "session", "ending: " + reason, false, "", null));
        InterlockState s = stim.state();
        if (s == InterlockState.ARMED || s == InterlockState.STIMULATING || s == InterlockState.RAMPING_DOWN) {
            try {
                stop(operatorName);
            } catch (IOException e) {
                Logger.warn("stop at the end of the session: {}", e.getMessage());
            }
            long deadline = System.nanoTime() + 2_000_000_000L + (preview == null ? 0 : preview.plan().rampDownNs());
            while (System.nanoTime() < deadline) {
                InterlockState now = stim.state();
                if (now == InterlockState.DISARMED || now == InterlockState.FAULT) {
                    break;
                }
                java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L); // a bounded wait for the ramp to end
            }
        }
        closing = true;
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        InterlockState finalState = stim.state();
        stim.close();
        stimulator.close();
        acquisition.close();
        LatencyRecorder.Summary l = latency.snapshot();
        recorder.event(new SessionRecorder.Event(-1, System.nanoTime(), "session", "ended (" + reason
                + "); decision latency " + l.describe(), false, "", null));
        IOException failed = null;
        try {
            recorder.close();
        } catch (IOException e) {
            failed = e;
        }
        AcquisitionStats a = acquisition.stats();
        synchronized (manifest) {
            manifest.put("end_time", Instant.now().toString()).put("status", "ended: " + reason)
                    .put("final_interlock_state", finalState.name())
                    .put("samples_received", a.samplesReceived()).put("samples_lost", a.samplesLost())
                    .put("samples_not_recorded", recorder.overruns())
                    .put("decisions", decisionCount)
                    .put("latency_samples", l.count()).put("latency_p50_ns", l.p50Ns()).put("latency_p99_ns", l.p99Ns())
                    .put("latency_p999_ns", l.p999Ns()).put("latency_max_ns", l.maxNs())
                    .put("recording", recorder.bdfPath() == null ? "" : recorder.bdfPath().getFileName().toString())
                    .put("features", "features.csv").put("decisions_file", "decisions.csv");
            if (audit != null) {
                manifest.put("audit_log", audit.file().toString()).put("audit_head", auditHead());
            }
            manifest.write();
        }
        if (lock != null) {
            lock.close();
        }
        if (failed != null) {
            throw failed;
        }
    }

    private String auditHead() {
        try {
            var v = AuditLog.verify(audit.file());
            return v.intact() ? v.headHash() : "BROKEN: " + v.problem();
        } catch (IOException e) {
            return "unreadable: " + e.getMessage();
        }
    }

    @Override
    public void close() throws IOException {
        close("controller", "session closed");
    }
}
