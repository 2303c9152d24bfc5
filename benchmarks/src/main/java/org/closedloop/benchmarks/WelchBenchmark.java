package org.closedloop.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.closedloop.controller.dsp.Band;
import org.closedloop.controller.dsp.WelchBandPower;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The windowed Welch band-power estimator on the reference workload, so it can be compared with other libraries'
 * band-power functions on identical work: 8 channels x 250 Hz x 4 s (1000 samples each), Hann, nfft 512, 80% overlap
 * (hop 102: 5 segments), one-sided PSD, bands 2-4, 4-8, 8-13, 13-30, 30-45 Hz. One operation = the five band powers
 * of all 8 channels from the 4 s window, i.e. one update of the "recompute Welch on every update" approach.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar WelchBenchmark -prof gc</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class WelchBenchmark {
    static final int CHANNELS = 8;
    static final int RATE = 250;
    static final int SAMPLES = 4 * RATE;

    private WelchBandPower welch;
    private double[][] window;
    private double[][] out;

    @Setup
    public void setUp() {
        List<Band> bands = List.of(new Band("delta", 2, 4), Band.THETA, Band.ALPHA, Band.BETA, Band.GAMMA);
        welch = new WelchBandPower(RATE, 512, 0.8, bands);
        double[][] sampleMajor = FeatureUpdateBenchmark.eegLike(CHANNELS, RATE, SAMPLES, 7);
        window = new double[CHANNELS][SAMPLES];
        for (int n = 0; n < SAMPLES; n++) {
            for (int c = 0; c < CHANNELS; c++) {
                window[c][n] = sampleMajor[n][c];
            }
        }
        out = new double[CHANNELS][bands.size()];
    }

    @Benchmark
    public double[][] bandPowers8ch4s() {
        welch.bandPowers(window, 0, SAMPLES, out);
        return out;
    }
}
