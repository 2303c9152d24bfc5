package org.closedloop.controller.stim;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.concurrent.TimeUnit;
import org.closedloop.controller.gpio.SoftwareSafetyLines;
import org.closedloop.safety.SystemSafetyClock;
import org.closedloop.safety.interlock.ActionResult;
import org.closedloop.safety.interlock.SafetyListener;
import org.closedloop.safety.ledger.DailyStimulationLedger;

/**
 * A controller process for the kill test, with the production loop settings (40 ms horizon): connects to the simulated
 * stimulator at {@code args[0]} (ledger in {@code args[1]}), arms a 20 s plan, starts it, prints {@code STIMULATING}
 * and waits to be killed.
 */
public final class StimChildMain {
    private StimChildMain() {
    }

    public static void main(String[] args) throws Exception {
        SerialStimulator stimulator = new SerialStimulator(args[0]);
        SoftwareSafetyLines lines = new SoftwareSafetyLines(null);
        DailyStimulationLedger ledger = DailyStimulationLedger.open(Path.of(args[1]));
        StimulationLoop loop = StimulationLoop.start(new SystemSafetyClock(ZoneId.systemDefault()), ledger,
                SafetyListener.NO_OP, stimulator, lines, StimConfig.defaults());
        ActionResult armed = loop.operator().arm(StimRig.ALICE,
                StimRig.twoElectrodes(10.0, 1000, 500 * StimRig.MS, 20 * StimRig.S)).get(60, TimeUnit.SECONDS);
        if (!armed.accepted()) {
            System.out.println("REFUSED " + armed);
            System.exit(2);
        }
        ActionResult started = loop.closedLoop().startAt(System.nanoTime() + 100 * StimRig.MS)
                .get(60, TimeUnit.SECONDS);
        System.out.println(started.accepted() ? "STIMULATING" : "REFUSED " + started);
        System.out.flush();
        Thread.sleep(120_000);
    }
}
