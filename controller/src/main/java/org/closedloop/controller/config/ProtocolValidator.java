package org.closedloop.controller.config;

import java.util.List;
import org.closedloop.protocol.config.v1.StimulationProtocol;

/**
 * Validates a parsed {@link StimulationProtocol} and returns <em>every</em> problem at once, each at its field path:
 * first the structural checks of this controller (identity, montage, acquisition, blocks, features, rules,
 * recording), then the safety module's plan check of every block in its worst case. An empty list means valid.
 *
 * <p>The hard limits are not known here: every limit comes from the safety module, through
 * {@link org.closedloop.safety.plan.PlanChecker}.
 *
 * <p>Thread safety: stateless; thread safe.
 */
public final class ProtocolValidator {

    private ProtocolValidator() {
    }

    /** Every problem of the protocol, in the order found; empty if it is valid. */
    public static List<Problem> validate(StimulationProtocol protocol) {
        ProblemList out = new ProblemList();
        MontageChecks.check(protocol, out);
        BlockChecks.check(protocol, out);
        RuleChecks.check(protocol, out);
        SafetyPlanCheck.check(protocol, out);
        return out.toList();
    }
}
