package org.closedloop.controller.session;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import org.closedloop.controller.acquisition.OneToOneSampleRing;
import org.closedloop.controller.acquisition.SampleFrame;
import org.closedloop.controller.audit.AuditLog;
import org.closedloop.controller.recording.BdfPlusWriter;
import org.closedloop.controller.recording.FeatureFileWriter;
import org.tinylog.Logger;

/**
 * The recorder thread ({@code session-recorder}): takes samples and feature rows from the session thread through
 * primitive single-producer rings and events from any thread through a queue, and writes them: the BDF+ file (raw
 * EEG, unless the protocol asks for features only) with an annotation for every event, the features CSV, the
 * decision list ({@code decisions.csv}, the list replay reproduces), a human-readable {@code session.log}, and the
 * audit log for arming, faults and resets. The session thread never touches a file.
 *
 * <p>The thread wakes every {@value #DRAIN_PERIOD_MS} ms and for each event, never for a sample: the session thread
 * only stores into the rings (it never has to wake this thread, a system call per sample on the hot path), and the
 * rings hold 4 s. The BDF+ writer completes a data record every second, so a crash loses at most about a second of
 * EEG; the other files are flushed at every wake and events at once.
 *
 * <p><b>Thread safety:</b> {@link #offerSample} and {@link #offerFeatures} from one producer thread (the session
 * thread); {@link #event} from any thread; {@link #close()} once, from the controlling thread.
 */
final class SessionRecorder implements AutoCloseable {
    /** An event for the recording; {@code sampleIndex} &ge; 0 places it by sample, else {@code timeNs} by clock. */
    record Event(long sampleIndex, long timeNs, String kind, String text, boolean audit, String actor,
                 String decisionLine) {
    }

    /** Annotation at the recording's start: the acquisition's sample index of its first sample (replay needs it). */
    static final String FIRST_SAMPLE_ANNOTATION = "first_sample_index ";

    /** The column line of {@code decisions.csv} (after its {@code #} comment lines). */
    static final String DECISIONS_HEADER = "sample_index,rule,action,onset_samples,value";

    private final OneToOneSampleRing samples;
    private final OneToOneSampleRing features;
    private final ConcurrentLinkedQueue<Event> events = new ConcurrentLinkedQueue<>();
    private final BdfPlusWriter bdf;
    private final FeatureFileWriter featureFile;
    private final BufferedWriter decisions;
    private final BufferedWriter log;
    private final AuditLog audit;
    private final int sampleRateHz;
    private final Thread thread;
    private final SampleFrame frame;
    private final SampleFrame featureFrame;
    /** How often the rings are drained. */
    static final long DRAIN_PERIOD_MS = 50;
    private volatile boolean closing;
    private volatile String failure;
    private volatile long samplesWritten;
    // recorder thread only
    private long firstIndex = -1;
    private long firstArrivalNs;
    private long nextIndex;

    SessionRecorder(Path dir, String subjectCode, String equipment, LocalDateTime start, int sampleRateHz,
                    List<BdfPlusWriter.Channel> channels, boolean raw, List<String> comments,
                    List<String> featureIds, AuditLog audit) throws IOException {
        this.sampleRateHz = sampleRateHz;
        this.audit = audit;
        int ringSize = Integer.highestOneBit(Math.max(1024, sampleRateHz * 4)) * 2;
        this.samples = new OneToOneSampleRing(ringSize, channels.size());
        this.features = new OneToOneSampleRing(1024, Math.max(1, featureIds.size()));
        this.frame = new SampleFrame(channels.size());
        this.featureFrame = new SampleFrame(Math.max(1, featureIds.size()));
        this.bdf = raw ? BdfPlusWriter.create(dir.resolve("recording.bdf"), subjectCode, equipment, start,
                sampleRateHz, channels) : null;
        this.featureFile = FeatureFileWriter.create(dir.resolve("features.csv"), comments, featureIds);
        this.decisions = Files.newBufferedWriter(dir.resolve("decisions.csv"), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE_NEW);
        for (String c : comments) {
            decisions.write("# " + c);
            decisions.newLine();
        }
        decisions.write(DECISIONS_HEADER);
        decisions.newLine();
        decisions.flush();
        this.log = Files.newBufferedWriter(dir.resolve("session.log"), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE_NEW);
        for (String c : comments) {
            log.write("# " + c);
            log.newLine();
        }
        log.flush();
        this.thread = new Thread(this::run, "session-recorder");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Session thread: queues one sample (and the gap before it); false if the recorder fell 4 s behind. */
    boolean offerSample(SampleFrame f) {
        return samples.offer(f.arrivalNs, f.sampleIndex, f.sampleNumber, f.lostBefore, f.microvolts);
    }

    /** Session thread: queues one feature row; a protocol without features has none to record. */
    boolean offerFeatures(long arrivalNs, long sampleIndex, double[] values) {
        if (values.length == 0) {
            return true; // the ring holds at least one value per row: it would copy past the end of an empty row
        }
        return features.offer(arrivalNs, sampleIndex, 0, 0, values);
    }

    void event(Event e) {
        events.add(e);
        LockSupport.unpark(thread);
    }

    /** Null while healthy, else what failed (the status line shows it). */
    String failure() {
        return failure;
    }

    long samplesWritten() {
        return samplesWritten;
    }

    long overruns() {
        return samples.overruns() + features.overruns();
    }

    Path bdfPath() {
        return bdf == null ? null : bdf.path();
    }

    private void run() {
        while (true) {
            LockSupport.parkNanos(this, DRAIN_PERIOD_MS * 1_000_000L); // an event or close() wakes it early
            boolean last = closing; // read before the drain: whatever was offered before close() is drained below
            try {
                drain();
            } catch (IOException | RuntimeException e) {
                if (failure == null) {
                    failure = "recording failed: " + e;
                    Logger.error(e, "recording failed; the session continues without it");
                }
                // keep draining so the session thread never blocks; the data is lost from here on
                while (samples.poll(frame) || features.poll(featureFrame) || events.poll() != null) {
                    // discard
                }
            }
            if (last) {
                return;
            }
        }
    }

    private void drain() throws IOException {
        while (samples.poll(frame)) {
            if (firstIndex < 0) {
                firstIndex = frame.sampleIndex;
                nextIndex = firstIndex;
                firstArrivalNs = frame.arrivalNs;
                if (bdf != null) {
                    bdf.annotate(0, -1, FIRST_SAMPLE_ANNOTATION + firstIndex);
                }
            }
            long gap = frame.sampleIndex - nextIndex;
            if (gap > 0 && bdf != null) {
                bdf.writeMissing(gap, "acquisition lost " + gap + " samples");
            }
            if (bdf != null) {
                bdf.writeSample(frame.microvolts);
            }
            nextIndex = frame.sampleIndex + 1;
            samplesWritten++;
        }
        while (features.poll(featureFrame)) {
            featureFile.writeRow(micros(featureFrame.sampleIndex), featureFrame.sampleIndex, featureFrame.microvolts);
        }
        Event e;
        boolean wroteDecision = false;
        while ((e = events.poll()) != null) {
            double onset = e.sampleIndex() >= 0 ? seconds(e.sampleIndex())
                    : firstIndex < 0 ? 0 : Math.max(0, (e.timeNs() - firstArrivalNs) / 1e9);
            String text = e.kind() + ": " + e.text();
            if (bdf != null) {
                bdf.annotate(onset, -1, text.length() > 200 ? text.substring(0, 200) : text);
            }
            log.write(String.format(java.util.Locale.ROOT, "%.3f %s", onset, text));
            log.newLine();
            if (e.decisionLine() != null) {
                decisions.write(e.decisionLine());
                decisions.newLine();
                wroteDecision = true;
            }
            if (e.audit() && audit != null) {
                audit.appendUnchecked(e.kind(), e.actor(), e.text());
            }
        }
        log.flush();
        if (wroteDecision) {
            decisions.flush();
        }
    }

    /** Samples since the recording's first (before it: since index 0). */
    private long sinceFirst(long sampleIndex) {
        return firstIndex < 0 ? sampleIndex : sampleIndex - firstIndex;
    }

    private long micros(long sampleIndex) {
        return micros(sinceFirst(sampleIndex), sampleRateHz);
    }

    /** {@code samples / rateHz} seconds in whole microseconds, rounded half up exactly (integer arithmetic). */
    static long micros(long samples, long rateHz) {
        return Math.floorDiv(samples * 2_000_000L + rateHz, 2 * rateHz);
    }

    private double seconds(long sampleIndex) {
        return sinceFirst(sampleIndex) / (double) sampleRateHz;
    }

    /** Drains everything queued, closes every file (the BDF+ header gets its final record count). */
    @Override
    public void close() throws IOException {
        closing = true;
        LockSupport.unpark(thread);
        try {
            thread.join(10_000);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
        IOException first = null;
        for (AutoCloseable c : new AutoCloseable[] {bdf, featureFile, decisions, log}) {
            if (c == null) {
                continue;
            }
            try {
                c.close();
            } catch (Exception ex) {
                if (first == null) {
                    first = ex instanceof IOException io ? io : new IOException(ex);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
