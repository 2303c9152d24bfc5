package org.closedloop.controller.loop;

import java.util.List;
import org.closedloop.protocol.config.v1.ClosedLoopRule;
import org.closedloop.protocol.config.v1.ThresholdCondition;

/**
 * Evaluates a protocol's closed-loop rules on feature values: a threshold with hysteresis, a minimum dwell time and
 * a refractory period per rule.
 *
 * <p>Per rule: the condition becomes true when the feature crosses {@code enter_threshold} in the rule's direction
 * (strictly: above it for ABOVE, below it for BELOW) and false when it crosses back past {@code exit_threshold}
 * (strictly). The rule fires once per such episode, at the first evaluation where the condition has been true for at
 * least {@code min_dwell_s} and at least {@code refractory_s} has passed since its last firing; if the refractory
 * period is still running when the dwell is met, it fires as soon as the period ends, provided the episode lasts.
 * Times are sample counts on the acquisition's continuous index ({@code seconds * sampleRateHz}, rounded up), so
 * decisions depend only on the data, not on when it was processed.
 *
 * <p>Allocation-free per evaluation. <b>Thread safety:</b> not thread safe; owned by the loop thread.
 */
public final class RuleEngine {
    private final String[] ids;
    private final int[] featureOf;
    private final boolean[] above;
    private final double[] enter;
    private final double[] exit;
    private final long[] dwellSamples;
    private final long[] refractorySamples;

    private final boolean[] active;
    private final long[] activeSince;
    private final boolean[] firedThisEpisode;
    private final long[] lastFired;
    private final boolean[] everFired;

    /**
     * @param rules        the protocol's rules (already validated)
     * @param featureIndex maps each rule to the index of its feature in the values passed to {@link #evaluate}
     * @param sampleRateHz the acquisition's sample rate, to turn seconds into samples
     */
    public RuleEngine(List<ClosedLoopRule> rules, java.util.function.ToIntFunction<String> featureIndex, double sampleRateHz) {
        int n = rules.size();
        ids = new String[n];
        featureOf = new int[n];
        above = new boolean[n];
        enter = new double[n];
        exit = new double[n];
        dwellSamples = new long[n];
        refractorySamples = new long[n];
        active = new boolean[n];
        activeSince = new long[n];
        firedThisEpisode = new boolean[n];
        lastFired = new long[n];
        everFired = new boolean[n];
        for (int i = 0; i < n; i++) {
            ClosedLoopRule r = rules.get(i);
            ids[i] = r.getId();
            featureOf[i] = featureIndex.applyAsInt(r.getFeatureId());
            if (featureOf[i] < 0) {
                throw new IllegalArgumentException("rules[" + i + "].feature_id=" + r.getFeatureId() + ": no such band-power feature");
            }
            ThresholdCondition c = r.getCondition();
            if (c.getDirection() == ThresholdCondition.Direction.DIRECTION_UNSPECIFIED
                    || c.getDirection() == ThresholdCondition.Direction.UNRECOGNIZED) {
                throw new IllegalArgumentException("rules[" + i + "].condition.direction: must be ABOVE or BELOW");
            }
            above[i] = c.getDirection() == ThresholdCondition.Direction.DIRECTION_ABOVE;
            enter[i] = c.getEnterThreshold();
            exit[i] = c.getExitThreshold();
            if (above[i] ? exit[i] > enter[i] : exit[i] < enter[i]) {
                throw new IllegalArgumentException("rules[" + i + "].condition.exit_threshold=" + exit[i]
                        + ": must be on the far side of enter_threshold=" + enter[i] + " (hysteresis)");
            }
            dwellSamples[i] = (long) Math.ceil(c.getMinDwellS() * sampleRateHz);
            refractorySamples[i] = (long) Math.ceil(r.getRefractoryS() * sampleRateHz);
        }
    }

    /** Rule ids, in evaluation order. */
    public List<String> ruleIds() {
        return List.of(ids);
    }

    /** Whether rule {@code i}'s condition currently holds. */
    public boolean isActive(int i) {
        return active[i];
    }

    /**
     * Updates every rule with the current feature values and reports firings to {@code sink}, in rule order.
     *
     * @param sampleIndex the acquisition's continuous sample index of these values
     * @param features    feature values, indexed as given at construction; NaN (feature not available, e.g. all
     *                    its channels flagged) ends an episode and never starts one
     */
    public void evaluate(long sampleIndex, double[] features, RuleDecisionSink sink) {
        for (int i = 0; i < ids.length; i++) {
            double v = features[featureOf[i]];
            if (active[i]) {
                boolean leaves = Double.isNaN(v) || (above[i] ? v < exit[i] : v > exit[i]);
                if (leaves) {
                    active[i] = false;
                    continue;
                }
            } else {
                boolean enters = !Double.isNaN(v) && (above[i] ? v > enter[i] : v < enter[i]);
                if (!enters) {
                    continue;
                }
                active[i] = true;
                activeSince[i] = sampleIndex;
                firedThisEpisode[i] = false;
            }
            if (!firedThisEpisode[i] && sampleIndex - activeSince[i] >= dwellSamples[i]
                    && (!everFired[i] || sampleIndex - lastFired[i] >= refractorySamples[i])) {
                firedThisEpisode[i] = true;
                everFired[i] = true;
                lastFired[i] = sampleIndex;
                sink.onRuleFired(i, sampleIndex, v);
            }
        }
    }
}
