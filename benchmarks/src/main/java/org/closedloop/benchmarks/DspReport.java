package org.closedloop.benchmarks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.util.Statistics;

/**
 * Runs {@link FeatureUpdateBenchmark} and {@link WelchBenchmark} with the GC profiler and prints the README's tables:
 * ns per sample-update, the real-time factor {@code (1e9 / fs) / ns} and bytes allocated per operation; then the
 * percentiles of single calls (the SampleTime benchmark). Accepts the
 * usual JMH options (fork, warm-up, measurement, {@code -p layout=...}); the benchmarks' own annotations apply
 * otherwise.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar org.closedloop.benchmarks.DspReport -f 2 -wi 5 -w 2 -i 5 -r 2</pre>
 */
public final class DspReport {
    private DspReport() {
    }

    public static void main(String[] args) throws RunnerException, CommandLineOptionException {
        CommandLineOptions cli = new CommandLineOptions(args);
        OptionsBuilder builder = new OptionsBuilder();
        builder.parent(cli);
        if (cli.getIncludes().isEmpty()) {
            builder.include(FeatureUpdateBenchmark.class.getSimpleName()).include(WelchBenchmark.class.getSimpleName());
        }
        Options options = builder.addProfiler(GCProfiler.class).build();
        Collection<RunResult> results = new Runner(options).run();
        List<String> lines = new ArrayList<>();
        List<String> latency = new ArrayList<>();
        latency.add("| layout | sample period | p50 | p99 | p99.9 | p99.99 | max |");
        latency.add("|---|---|---|---|---|---|---|");
        lines.add("| workload | time per operation | real-time factor (1 core) | allocation |");
        lines.add("|---|---|---|---|");
        for (RunResult r : results) {
            Result<?> primary = r.getPrimaryResult();
            Result<?> alloc = r.getSecondaryResults().get("gc.alloc.rate.norm");
            String allocation = alloc == null ? "n/a" : String.format("%.3f B/op", alloc.getScore());
            String layout = r.getParams().getParam("layout");
            if (r.getParams().getMode() == Mode.SampleTime) {
                String[] parts = layout.split("@");
                Statistics st = primary.getStatistics();
                latency.add(String.format("| %s ch x %s Hz | %.0f ns | %.0f ns | %.0f ns | %.0f ns | %.0f ns | %.0f ns |",
                        parts[0], parts[1], 1e9 / Double.parseDouble(parts[1]), st.getPercentile(50),
                        st.getPercentile(99), st.getPercentile(99.9), st.getPercentile(99.99), st.getMax()));
            } else if (layout != null) {
                String[] parts = layout.split("@");
                double rate = Double.parseDouble(parts[1]);
                double ns = primary.getScore();
                lines.add(String.format("| sample-update, %s ch x %s Hz | %.0f +- %.0f ns | %.1f | %s |", parts[0],
                        parts[1], ns, primary.getScoreError(), 1e9 / rate / ns, allocation));
            } else {
                lines.add(String.format("| Welch, 8 ch x 250 Hz x 4 s, nfft 512, 80%% overlap, 5 bands | %.1f +- %.1f %s"
                        + " | - | %s |", primary.getScore(), primary.getScoreError(), primary.getScoreUnit(),
                        allocation));
            }
        }
        System.out.println();
        lines.forEach(System.out::println);
        if (latency.size() > 2) {
            System.out.println();
            latency.forEach(System.out::println);
        }
    }
}
