package org.closedloop.controller.cli;

import java.io.PrintStream;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.TimeUnit;
import org.closedloop.controller.acquisition.AcquisitionStats;
import org.closedloop.controller.acquisition.CytonAcquisition;
import org.closedloop.controller.acquisition.OneToOneSampleRing;
import org.closedloop.controller.acquisition.SampleFrame;

/**
 * Consumes samples and prints one line per second: samples/s, loss, and per-channel RMS in microvolts with the
 * window's mean (electrode DC offset) removed.
 *
 * <p><b>Thread safety:</b> run() is the ring's single consumer; stop() may be called from any thread.
 */
public final class LiveSummary implements Runnable {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final CytonAcquisition acquisition;
    private final PrintStream out;
    private final String label;
    private volatile boolean running = true;
    private long totalSamples;
    private double worstRmsMicrovolts;

    /** @param label printed at the start of each line, e.g. "SYNTHETIC" for simulator data; may be empty */
    public LiveSummary(CytonAcquisition acquisition, PrintStream out, String label) {
        this.acquisition = acquisition;
        this.out = out;
        this.label = label;
    }

    public void stop() {
        running = false;
    }

    /** Samples consumed so far (valid after run() returned). */
    public long totalSamples() {
        return totalSamples;
    }

    @Override
    public void run() {
        OneToOneSampleRing ring = acquisition.ring();
        int channels = ring.channels();
        SampleFrame f = new SampleFrame(channels);
        double[] sum = new double[channels];
        double[] sumSq = new double[channels];
        long n = 0;
        long windowStart = System.nanoTime();
        long lostAtWindowStart = 0;
        while (running) {
            if (ring.awaitAvailable(TimeUnit.MILLISECONDS.toNanos(100))) {
                while (ring.poll(f)) {
                    for (int ch = 0; ch < channels; ch++) {
                        double v = f.microvolts[ch];
                        sum[ch] += v;
                        sumSq[ch] += v * v;
                    }
                    n++;
                }
            }
            long now = System.nanoTime();
            if (now - windowStart >= 1_000_000_000L) {
                AcquisitionStats s = acquisition.stats();
                double seconds = (now - windowStart) / 1e9;
                StringBuilder line = new StringBuilder(160);
                line.append(LocalTime.now().format(CLOCK)).append("  ");
                if (!label.isEmpty()) {
                    line.append(label).append("  ");
                }
                line.append(String.format("%5.0f samples/s  lost %d (total %d, %d gaps)", n / seconds,
                        s.samplesLost() - lostAtWindowStart, s.samplesLost(), s.gaps()));
                line.append("  RMS uV:");
                for (int ch = 0; ch < channels; ch++) {
                    double rms = n == 0 ? 0 : Math.sqrt(Math.max(0, sumSq[ch] / n - (sum[ch] / n) * (sum[ch] / n)));
                    worstRmsMicrovolts = Math.max(worstRmsMicrovolts, rms);
                    line.append(String.format(" %6.1f", rms));
                    sum[ch] = 0;
                    sumSq[ch] = 0;
                }
                if (!s.connected()) {
                    line.append("  [DISCONNECTED, reconnecting]");
                } else if (s.stalled()) {
                    line.append("  [STALLED]");
                }
                out.println(line);
                totalSamples += n;
                n = 0;
                windowStart = now;
                lostAtWindowStart = s.samplesLost();
            }
        }
        totalSamples += n;
    }
}
