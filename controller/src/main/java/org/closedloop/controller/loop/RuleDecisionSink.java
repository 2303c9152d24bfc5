package org.closedloop.controller.loop;

/**
 * Receives each rule firing. Thread safety: called on the loop thread, inside {@link RuleEngine#evaluate}.
 */
@FunctionalInterface
public interface RuleDecisionSink {
    /**
     * @param rule        index of the rule in {@link RuleEngine#ruleIds()}
     * @param sampleIndex the acquisition's continuous sample index at which it fired
     * @param value       the feature value that satisfied the condition
     */
    void onRuleFired(int rule, long sampleIndex, double value);
}
