package org.closedloop.controller.session;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.closedloop.controller.recording.BdfAnnotation;
import org.closedloop.controller.recording.BdfPlusReader;
import org.closedloop.protocol.config.v1.StimulationProtocol;

/**
 * Deterministic replay: feeds a session's BDF+ recording through the same {@link SessionPipeline} as the live
 * session, with the recorded sample indices (gaps where the acquisition lost samples), and lists the decisions. The
 * µV are the recorded counts times the exact scale the live session used, so the pipeline sees bit-identical input
 * and, decisions depending only on the samples and their indices, makes the same decisions at the same samples.
 *
 * <p><b>Thread safety:</b> stateless; each call owns its reader and pipeline.
 */
public final class SessionReplay {
    private static final Pattern MIN_LEAD = Pattern.compile("\"" + ClosedLoopSession.MIN_LEAD_KEY + "\": \"([^\"]+)\"");

    /**
     * @param decisions        the replayed decision list, one line per decision (the format of decisions.csv)
     * @param recorded         the live session's decisions.csv lines, if the file is next to the recording
     * @param samples          samples fed to the pipeline
     * @param missing          recorded no-data samples skipped (lost in acquisition, or the padding of the last record)
     * @param firstDifference  index of the first line that differs (or the shorter length), -1 if identical or no
     *                         recorded list
     */
    public record Result(List<String> decisions, List<String> recorded, long samples, long missing,
                         int firstDifference) {
        public boolean identical() {
            return recorded != null && firstDifference < 0;
        }
    }

    private SessionReplay() {
    }

    /**
     * @param recording a session directory or its {@code recording.bdf}
     * @param protocol  the protocol the session ran (the same sha256)
     */
    public static Result run(Path recording, StimulationProtocol protocol) throws IOException {
        Path bdf = Files.isDirectory(recording) ? recording.resolve("recording.bdf") : recording;
        Path dir = bdf.toAbsolutePath().getParent();
        if (!Files.exists(bdf)) {
            throw new IOException(bdf + ": no recording (a features-only session cannot be replayed)");
        }
        double minLead = minLead(dir.resolve("manifest.json"));
        List<String> out = new ArrayList<>();
        long fed = 0;
        long missing = 0;
        try (BdfPlusReader reader = BdfPlusReader.open(bdf)) {
            int fs = protocol.getAcquisition().getSampleRateHz();
            if (Math.abs(reader.header().sampleRateHz() - fs) > 1e-9) {
                throw new IOException(bdf + ": recorded at " + reader.header().sampleRateHz() + " Hz but protocol "
                        + protocol.getId() + " says acquisition.sample_rate_hz=" + fs + "; wrong protocol?");
            }
            long first = firstSampleIndex(reader.annotations());
            int channels = reader.header().channelCount();
            SessionPipeline pipeline = new SessionPipeline(protocol, channels, minLead);
            int[] counts = new int[channels];
            double[] uv = new double[channels];
            SessionPipeline.DecisionSink sink = (rule, idx, value, action, onset) ->
                    out.add(pipeline.describe(rule, idx, value, action, onset));
            while (reader.next(counts)) {
                if (reader.isMissing()) {
                    missing++;
                    continue;
                }
                reader.microvolts(counts, uv);
                pipeline.process(first + reader.sampleIndex(), uv, sink);
                fed++;
            }
        }
        Path csv = dir.resolve("decisions.csv");
        List<String> recorded = null;
        int diff = -1;
        if (Files.exists(csv)) {
            recorded = decisionLines(csv);
            for (int i = 0; i < Math.max(recorded.size(), out.size()); i++) {
                if (i >= recorded.size() || i >= out.size() || !recorded.get(i).equals(out.get(i))) {
                    diff = i;
                    break;
                }
            }
        }
        return new Result(out, recorded, fed, missing, diff);
    }

    /**
     * The decision lines of a session's {@code decisions.csv}: without its {@code #} comments (protocol, SYNTHETIC)
     * and its column line.
     */
    public static List<String> decisionLines(Path csv) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(csv, StandardCharsets.UTF_8)) {
            if (!line.startsWith("#") && !line.equals(SessionRecorder.DECISIONS_HEADER) && !line.isBlank()) {
                out.add(line);
            }
        }
        return out;
    }

    /** The acquisition's index of a recording's first sample (its start annotation; 0 if absent). */
    static long firstSampleIndex(List<BdfAnnotation> annotations) {
        for (BdfAnnotation a : annotations) {
            if (a.text().startsWith(SessionRecorder.FIRST_SAMPLE_ANNOTATION)) {
                return Long.parseLong(a.text().substring(SessionRecorder.FIRST_SAMPLE_ANNOTATION.length()).trim());
            }
        }
        return 0;
    }

    private static double minLead(Path manifest) throws IOException {
        if (Files.exists(manifest)) {
            Matcher m = MIN_LEAD.matcher(Files.readString(manifest, StandardCharsets.UTF_8));
            if (m.find()) {
                return Double.parseDouble(m.group(1));
            }
        }
        throw new IOException(manifest + ": missing, or without " + ClosedLoopSession.MIN_LEAD_KEY
                + "; replay needs the session's manifest next to its recording");
    }
}
