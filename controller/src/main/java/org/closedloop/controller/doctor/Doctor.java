package org.closedloop.controller.doctor;

import java.util.ArrayList;
import java.util.List;
import org.tinylog.Logger;

/**
 * Runs checks in order and collects every result: a check that throws becomes a FAIL naming the check and the
 * exception, so one broken check never hides the others.
 *
 * <p><b>Thread safety:</b> stateless.
 */
public final class Doctor {

    private Doctor() {
    }

    /** Runs every check, in order. */
    public static List<CheckResult> run(List<DoctorCheck> checks) {
        List<CheckResult> results = new ArrayList<>(checks.size());
        for (DoctorCheck c : checks) {
            CheckResult r;
            try {
                r = c.run();
            } catch (Exception | LinkageError e) {
                Logger.debug(e, "doctor: check {} threw", c.name());
                r = CheckResult.fail(c.name(), "the check itself failed: " + e, "report this with the output of "
                        + "`closedloop doctor`; the other checks are unaffected");
            }
            results.add(r);
        }
        return List.copyOf(results);
    }

    /** The worst status among the results (OK for none). */
    public static CheckStatus worst(List<CheckResult> results) {
        CheckStatus worst = CheckStatus.OK;
        for (CheckResult r : results) {
            if (r.status().compareTo(worst) > 0) {
                worst = r.status();
            }
        }
        return worst;
    }
}
