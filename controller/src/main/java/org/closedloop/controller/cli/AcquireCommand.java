package org.closedloop.controller.cli;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.closedloop.controller.acquisition.AcquisitionConfig;
import org.closedloop.controller.acquisition.AcquisitionException;
import org.closedloop.controller.acquisition.CytonAcquisition;
import org.closedloop.controller.acquisition.JsscSerialLink;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code closedloop acquire --port PATH}: streams from a board and prints a live summary each second. */
@Command(name = "acquire", mixinStandardHelpOptions = true,
        description = "Stream EEG from a Cyton board (or the simulator's port) and print a one-line summary each second.")
final class AcquireCommand implements Callable<Integer> {
    @Option(names = "--port", required = true, description = "Serial device, e.g. /dev/ttyUSB0 or the path `closedloop sim` printed.")
    String port;

    @Option(names = "--duration", description = "Stop after this long (e.g. 30s); default: until Ctrl-C.")
    Duration duration;

    @Option(names = "--rate", defaultValue = "250", description = "Sample rate in Hz: 250 (dongle), 500..16000 (wired). Default: ${DEFAULT-VALUE}.")
    int sampleRateHz;

    @Option(names = "--gain", defaultValue = "24", description = "PGA gain for all channels: 1, 2, 4, 6, 8, 12 or 24. Default: ${DEFAULT-VALUE}.")
    int gain;

    @Override
    public Integer call() throws Exception {
        int[] gains = new int[8];
        Arrays.fill(gains, gain);
        AcquisitionConfig config = AcquisitionConfig.defaults(port).withSampleRateHz(sampleRateHz).withGains(gains);
        return run(config, duration);
    }

    /**
     * Runs acquisition with a live summary until the duration ends or the process is stopped. Lines are labelled
     * SYNTHETIC when the board's banner says its data is simulated.
     */
    static int run(AcquisitionConfig config, Duration duration) throws InterruptedException {
        CytonAcquisition acq = new CytonAcquisition(config, JsscSerialLink::new, new LoggingAcquisitionListener());
        try {
            acq.start();
        } catch (AcquisitionException e) {
            System.err.println("closedloop: " + e.getMessage());
            return 2;
        }
        String label = acq.banner().contains("SYNTHETIC") ? "SYNTHETIC" : "";
        LiveSummary summary = new LiveSummary(acq, System.out, label);
        Thread consumer = new Thread(summary, "live-summary");
        Thread hook = new Thread(() -> {
            summary.stop();
            acq.close();
        }, "shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        consumer.start();
        try {
            if (duration != null) {
                consumer.join(duration.toMillis());
            } else {
                consumer.join();
            }
        } finally {
            summary.stop();
            consumer.join();
            acq.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is already running
            }
        }
        var s = acq.stats();
        System.out.printf("done: %d samples received, %d lost in %d gaps, %d overruns, %d reconnects%n",
                s.samplesReceived(), s.samplesLost(), s.gaps(), s.overruns(), s.reconnects());
        return 0;
    }
}
