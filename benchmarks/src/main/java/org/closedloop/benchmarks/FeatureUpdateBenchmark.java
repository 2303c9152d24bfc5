package org.closedloop.benchmarks;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.closedloop.controller.dsp.DspConfig;
import org.closedloop.controller.dsp.FeatureExtractor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of one {@link FeatureExtractor#process} call, i.e. one input sample of every channel with the full feature set
 * (DC removal, anti-alias and decimation, notches, five band powers, relative powers, quality flags, ECHT phase, IAF),
 * in the configurations the issue names. One operation = one sample-update; the real-time factor is
 * {@code (1e9 / sampleRateHz) / (ns per operation)}: above 1 keeps up on one core. Feature-rate work (every D-th
 * sample) is included in the average, as it is in real time. Run with {@code -prof gc} to see the allocation
 * ({@code gc.alloc.rate.norm}, expect ~0 B/op); {@link DspReport} prints the table with the RTF.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar FeatureUpdateBenchmark -prof gc</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class FeatureUpdateBenchmark {
    /** Channels @ input rate (Hz). */
    @Param({"8@250", "64@1000", "1024@30000"})
    public String layout;

    /**
     * Input samples in the replayed table: a multiple of every decimation factor used here (1, 4, 120) and a whole
     * number of 10 Hz cycles at every rate (100 ms at 30 kHz), so the replay adds no spurious rhythm for the IAF.
     */
    private static final int SAMPLES = 3000;

    private FeatureExtractor extractor;
    private double[][] input;
    private int cursor;

    @Setup
    public void setUp() {
        String[] parts = layout.split("@");
        int channels = Integer.parseInt(parts[0]);
        int rate = Integer.parseInt(parts[1]);
        extractor = new FeatureExtractor(DspConfig.builder(rate, channels).build());
        input = eegLike(channels, rate, SAMPLES, 42);
        // run through the start-up (filter transients, first IAF window) so the measurement sees steady state
        for (int n = 0; n < 12 * rate; n++) {
            extractor.process(input[n % SAMPLES]);
        }
    }

    /**
     * An EEG-like table: per channel a 10 Hz alpha rhythm, a 20 Hz beta one, 50 Hz line noise and white noise, with
     * random phases and amplitudes; an offset of a few millivolts as from electrodes.
     */
    static double[][] eegLike(int channels, int rate, int samples, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] x = new double[samples][channels];
        for (int c = 0; c < channels; c++) {
            double offset = random.nextDouble(-5000, 5000);
            double alpha = random.nextDouble(5, 30);
            double phase = random.nextDouble(0, 2 * Math.PI);
            for (int n = 0; n < samples; n++) {
                double t = (double) n / rate;
                x[n][c] = offset + alpha * Math.cos(2 * Math.PI * 10 * t + phase)
                        + 4 * Math.cos(2 * Math.PI * 20 * t + 2 * phase) + 3 * Math.sin(2 * Math.PI * 50 * t)
                        + 5 * (random.nextDouble() + random.nextDouble() + random.nextDouble() - 1.5);
            }
        }
        return x;
    }

    /** Average cost per sample-update: the real-time factor. */
    @Benchmark
    public boolean sampleUpdate() {
        boolean refreshed = extractor.process(input[cursor]);
        cursor = cursor + 1 == SAMPLES ? 0 : cursor + 1;
        return refreshed;
    }

    /**
     * The distribution of single calls (JMH samples individual calls; timer overhead ~25 ns): the feature-step calls
     * form the upper percentiles. Whether one sample can be reacted to within one sample period shows here, but on a
     * shared machine the highest percentiles also catch the operating system's preemptions.
     */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    public boolean sampleUpdateLatency() {
        boolean refreshed = extractor.process(input[cursor]);
        cursor = cursor + 1 == SAMPLES ? 0 : cursor + 1;
        return refreshed;
    }
}
