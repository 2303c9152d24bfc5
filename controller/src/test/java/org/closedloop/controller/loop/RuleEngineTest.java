package org.closedloop.controller.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.closedloop.protocol.config.v1.ClosedLoopRule;
import org.closedloop.protocol.config.v1.RuleAction;
import org.closedloop.protocol.config.v1.StartBlock;
import org.closedloop.protocol.config.v1.ThresholdCondition;
import org.junit.jupiter.api.Test;

class RuleEngineTest {
    private static final double FS = 100; // 1 sample = 10 ms, so seconds map to whole samples

    private static ClosedLoopRule rule(String id, ThresholdCondition.Direction dir, double enter, double exit,
                                       double dwellS, double refractoryS) {
        return ClosedLoopRule.newBuilder().setId(id).setFeatureId("alpha")
                .setCondition(ThresholdCondition.newBuilder().setDirection(dir).setEnterThreshold(enter)
                        .setExitThreshold(exit).setMinDwellS(dwellS))
                .setAction(RuleAction.newBuilder().setStartBlock(StartBlock.newBuilder().setBlockId("b")))
                .setRefractoryS(refractoryS).build();
    }

    /** Runs the engine over a piecewise-constant feature trace; returns the sample indices of firings. */
    private static List<Long> run(RuleEngine e, double[] trace) {
        List<Long> fired = new ArrayList<>();
        double[] f = new double[1];
        for (int i = 0; i < trace.length; i++) {
            f[0] = trace[i];
            e.evaluate(i, f, (r, idx, v) -> fired.add(idx));
        }
        return fired;
    }

    private static double[] trace(Object... segments) {
        List<Double> t = new ArrayList<>();
        for (int i = 0; i < segments.length; i += 2) {
            for (int k = 0; k < (Integer) segments[i + 1]; k++) {
                t.add((Double) segments[i]);
            }
        }
        return t.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static RuleEngine engine(ClosedLoopRule r) {
        return new RuleEngine(List.of(r), id -> id.equals("alpha") ? 0 : -1, FS);
    }

    @Test
    void shouldFireOnceTheConditionHeldForTheDwellTime() {
        RuleEngine e = engine(rule("on", ThresholdCondition.Direction.DIRECTION_ABOVE, 0.35, 0.30, 0.5, 0));
        // enters at sample 10, dwell 0.5 s = 50 samples: fires at sample 60, once
        assertEquals(List.of(60L), run(e, trace(0.1, 10, 0.4, 200)));
    }

    @Test
    void shouldNotFireForAnEpisodeShorterThanTheDwell() {
        RuleEngine e = engine(rule("on", ThresholdCondition.Direction.DIRECTION_ABOVE, 0.35, 0.30, 0.5, 0));
        assertEquals(List.of(), run(e, trace(0.1, 10, 0.4, 49, 0.1, 100)));
    }

    @Test
    void shouldHoldTheEpisodeWithinTheHysteresisBand() {
        RuleEngine e = engine(rule("on", ThresholdCondition.Direction.DIRECTION_ABOVE, 0.35, 0.30, 0.5, 0));
        // dips to 0.32 (between exit and enter) do not end the episode: still one firing at 10 + 50
        assertEquals(List.of(60L), run(e, trace(0.1, 10, 0.4, 20, 0.32, 20, 0.4, 200)));
    }

    @Test
    void shouldTreatThresholdsAsStrictBoundaries() {
        RuleEngine e = engine(rule("on", ThresholdCondition.Direction.DIRECTION_ABOVE, 0.35, 0.30, 0, 0));
        assertEquals(List.of(), run(e, trace(0.35, 10)), "exactly at enter does not enter");
        RuleEngine e2 = engine(rule("on", ThresholdCondition.Direction.DIRECTION_ABOVE, 0.35, 0.30, 0, 0));
        // exactly at exit does not leave: no second episode, one firing
        assertEquals(List.of(0L), run(e2, trace(0.36, 5, 0.30, 5, 0.36, 5)));
    }

    @Test
    void shouldFireAgainOnlyInANewEpisodeAndAfterTheRefractoryPeriod() {
        RuleEngine e = engine(rule("on", ThresholdCondition.Direction.DIRECTION_ABOVE, 0.35, 0.30, 0.1, 2.0));
        // episode 1 at 0 fires at 10; episode 2 starts at 60 (dwell met at 70) but refractory runs to 210;
        // the episode lasts, so it fires at 210; episode 3 starts at 400 and fires at 410
        double[] t = trace(0.4, 50, 0.1, 10, 0.4, 250, 0.1, 90, 0.4, 50);
        assertEquals(List.of(10L, 210L, 410L), run(e, t));
    }

    @Test
    void shouldWorkBelowTheThresholdForStopRules() {
        RuleEngine e = engine(rule("off", ThresholdCondition.Direction.DIRECTION_BELOW, 0.20, 0.25, 0.2, 0));
        assertEquals(List.of(30L), run(e, trace(0.4, 10, 0.1, 100)));
    }

    @Test
    void shouldEndAnEpisodeWhenTheFeatureIsUnavailable() {
        RuleEngine e = engine(rule("on", ThresholdCondition.Direction.DIRECTION_ABOVE, 0.35, 0.30, 0.5, 0));
        assertEquals(List.of(), run(e, trace(0.4, 30, Double.NaN, 1, 0.4, 30)), "a flagged channel resets the dwell");
    }

    @Test
    void shouldRefuseInvertedHysteresis() {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> engine(rule("on", ThresholdCondition.Direction.DIRECTION_ABOVE, 0.30, 0.35, 0, 0)));
        assertTrue(ex.getMessage().startsWith("rules[0].condition.exit_threshold=0.35"), ex.getMessage());
    }

    @Test
    void shouldGiveTheSameDecisionsWhenReplayed() {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(3);
        double[] t = new double[20_000];
        double x = 0.3;
        for (int i = 0; i < t.length; i++) {
            x = Math.max(0, Math.min(1, x + rnd.nextGaussian() * 0.02));
            t[i] = x;
        }
        ClosedLoopRule r = rule("on", ThresholdCondition.Direction.DIRECTION_ABOVE, 0.5, 0.4, 0.3, 1.0);
        List<Long> first = run(engine(r), t);
        assertTrue(first.size() > 3, "the random walk must fire the rule a few times: " + first.size());
        assertEquals(first, run(engine(r), t));
    }
}
