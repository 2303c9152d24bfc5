package org.closedloop.controller.session;

import java.util.List;
import org.closedloop.controller.loop.RuleEngine;
import org.closedloop.controller.loop.SessionFeatures;
import org.closedloop.protocol.config.v1.ClosedLoopRule;
import org.closedloop.protocol.config.v1.RuleAction;
import org.closedloop.protocol.config.v1.StimulationProtocol;

/**
 * The deterministic part of a session: samples → the protocol's features → its rules → decisions. Live sessions and
 * replay run the same code, and every decision depends only on the samples and their continuous sample index (never
 * on wall-clock time), so a replay of a recording produces exactly the decisions of the live session.
 *
 * <p>Per sample: the DSP processes it; after a feature update the rules are evaluated; each firing becomes a
 * decision. A phase-locked start gets an onset offset in samples after the current one: the next time the phase
 * feature reaches the target, pushed by whole periods until it is at least {@code minLeadSamples} away (the
 * stimulation loop needs that long to start a run). Lost samples are not fed to the DSP: the filters continue from
 * the last sample and settle again (the phase estimate is marked unusable by the DSP while it does).
 *
 * <p>Allocation-free per sample. <b>Thread safety:</b> not thread safe; owned by the session thread (or replay).
 */
public final class SessionPipeline {

    /** What a decision asks for. */
    public enum Action {
        /** Start the block now (plus the lead). */
        START,
        /** Start the block at {@code onsetSamples} after the decision's sample (the target phase). */
        START_AT_PHASE,
        /** A phase-locked start that was skipped: the phase estimate was unusable when the rule fired. */
        START_SKIPPED_NO_PHASE,
        /** Stop the block (with its ramp). */
        STOP
    }

    /** Receives decisions on the pipeline's thread; allocation-free arguments. */
    @FunctionalInterface
    public interface DecisionSink {
        /**
         * @param rule          index into {@link #ruleIds()}
         * @param sampleIndex   the sample at which the rule fired
         * @param value         the feature value that satisfied the condition
         * @param action        what the rule asks for
         * @param onsetSamples  for {@link Action#START_AT_PHASE}, the onset in samples after {@code sampleIndex};
         *                      for {@link Action#START}, the lead; 0 otherwise
         */
        void onDecision(int rule, long sampleIndex, double value, Action action, double onsetSamples);
    }

    private final SessionFeatures features;
    private final RuleEngine rules;
    private final List<String> ruleIds;
    private final Action[] actions;
    private final double[] targetPhase;
    private final double[] values;
    private final double sampleRateHz;
    private final double minLeadSamples;
    private DecisionSink sink;
    private long lastIndex = -1;

    private final org.closedloop.controller.loop.RuleDecisionSink ruleSink = this::fired;

    /**
     * @param protocol       a validated protocol
     * @param channels       board channels delivered per sample
     * @param minLeadSamples the shortest onset offset for a start (see the class comment)
     */
    public SessionPipeline(StimulationProtocol protocol, int channels, double minLeadSamples) {
        this.features = new SessionFeatures(protocol, channels);
        this.sampleRateHz = protocol.getAcquisition().getSampleRateHz();
        this.rules = new RuleEngine(protocol.getRulesList(), features::indexOf, sampleRateHz);
        this.ruleIds = rules.ruleIds();
        this.values = new double[features.ids().size()];
        java.util.Arrays.fill(values, Double.NaN);
        this.minLeadSamples = minLeadSamples;
        List<ClosedLoopRule> rs = protocol.getRulesList();
        actions = new Action[rs.size()];
        targetPhase = new double[rs.size()];
        for (int i = 0; i < rs.size(); i++) {
            RuleAction a = rs.get(i).getAction();
            switch (a.getKindCase()) {
                case START_BLOCK -> actions[i] = Action.START;
                case STOP_BLOCK -> actions[i] = Action.STOP;
                case START_BLOCK_AT_PHASE -> {
                    actions[i] = Action.START_AT_PHASE;
                    targetPhase[i] = Math.toRadians(a.getStartBlockAtPhase().getTargetPhaseDeg());
                    String pf = a.getStartBlockAtPhase().getPhaseFeatureId();
                    if (features.indexOf(pf) != features.phaseFeature()) {
                        throw new IllegalArgumentException("rules[" + i + "].action.start_block_at_phase."
                                + "phase_feature_id=" + pf + ": not the protocol's band-phase feature");
                    }
                }
                default -> throw new IllegalArgumentException("rules[" + i + "].action: " + a.getKindCase()
                        + " is not supported by the session");
            }
        }
    }

    /**
     * Processes one sample.
     *
     * @param sampleIndex the acquisition's continuous index (lost samples leave gaps); must increase
     * @param microvolts  one value per board channel
     * @return whether the features were updated at this sample (then {@link #values()} holds the new values)
     */
    public boolean process(long sampleIndex, double[] microvolts, DecisionSink decisions) {
        if (sampleIndex <= lastIndex) {
            throw new IllegalArgumentException("sampleIndex=" + sampleIndex + ": must increase (last " + lastIndex + ")");
        }
        lastIndex = sampleIndex;
        boolean featuresUpdated = features.extractor().process(microvolts);
        if (featuresUpdated) {
            features.update(values);
            sink = decisions;
            rules.evaluate(sampleIndex, values, ruleSink);
            sink = null;
        }
        return featuresUpdated;
    }

    private void fired(int rule, long sampleIndex, double value) {
        Action a = actions[rule];
        double onset = 0;
        if (a == Action.START) {
            onset = minLeadSamples;
        } else if (a == Action.START_AT_PHASE) {
            int pf = features.phaseFeature();
            if (Double.isNaN(values[pf])) {
                a = Action.START_SKIPPED_NO_PHASE;
            } else {
                onset = features.extractor().predictNextTimeAtPhaseSamples(targetPhase[rule]);
                double period = sampleRateHz / features.extractor().targetFrequencyHz();
                while (onset < minLeadSamples) {
                    onset += period;
                }
            }
        }
        sink.onDecision(rule, sampleIndex, value, a, onset);
    }

    /** Feature values after the latest update, in {@link #featureIds()} order (NaN: not available). */
    public double[] values() {
        return values;
    }

    public List<String> featureIds() {
        return features.ids();
    }

    public List<String> ruleIds() {
        return ruleIds;
    }

    public SessionFeatures features() {
        return features;
    }

    public double sampleRateHz() {
        return sampleRateHz;
    }

    /**
     * One decision as a line of the session's event list (the list replay must reproduce exactly): sample index,
     * rule, action, onset offset in samples to 1e-6 and the feature value to 1e-9 relative.
     */
    public String describe(int rule, long sampleIndex, double value, Action action, double onsetSamples) {
        return sampleIndex + "," + ruleIds.get(rule) + "," + action + ","
                + String.format(java.util.Locale.ROOT, "%.6f,%.9g", onsetSamples, value);
    }
}
