package org.labwatch.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.labwatch.api.Monitor;
import org.labwatch.api.Monitors;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What {@code monitor.metric(...)} costs the experiment's thread, single-threaded, with the real
 * file sink bound (found through ServiceLoader) and its flusher thread running. Result = ns per
 * call; with {@code -prof gc}, {@code gc.alloc.rate.norm} = bytes allocated per call.
 *
 * <p>The first three record tens of millions of values a second, far more than the flusher can
 * write (it then drops the oldest, as it would for an experiment that did this); the paced pair
 * records about two million a second, which it writes as they come. Written to a real file,
 * that would be gigabytes on the disk in a few seconds; the run's metrics file is therefore a link
 * to {@code /dev/null}, made before the first value: the sink does all its work (open, format, one
 * write per batch), the disk does none.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Dlabwatch.core.echo=false", "-Dlabwatch.core.progressConsole=off"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class MetricBench {

    private static final String[] NAMES = {"T1_us", "fit/chi2", "f_res_GHz"};

    /**
     * Work beside each value in the paced pair (about half a microsecond here): about two million
     * values a second, which the flusher writes as they come, so the buffer stays small.
     */
    static final long WORK_TOKENS = 256;

    private Path dir;
    private Monitor monitor;
    private double value;
    private long step;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = TempDirs.create("labwatch-bench");
        monitor = Monitors.create(dir, "metric_bench");
        Path metrics = Files.createDirectories(dir.resolve("monitoring/metrics"));
        Files.createSymbolicLink(metrics.resolve(stemOfOnlyLog() + ".csv"), Path.of("/dev/null"));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        monitor.close();
        TempDirs.delete(dir);
    }

    /** One metric, the next step each time: {@code monitor.metric("T1_us", x)}. */
    @Benchmark
    public void metricNextStep() {
        monitor.metric("T1_us", value += 0.5);
    }

    /** One metric at an explicit step: {@code monitor.metric("fit/chi2", i, x)}. */
    @Benchmark
    public void metricExplicitStep() {
        monitor.metric("fit/chi2", step++, value += 0.5);
    }

    /** Three metrics in turn, as a calibration step records them: each call moves its metric to the end of the summary order. */
    @Benchmark
    public void metricThreeNamesInTurn() {
        int i = next;
        next = i == 2 ? 0 : i + 1;
        monitor.metric(NAMES[i], value += 0.5);
    }

    /** The paced pair's baseline: the experiment's own work alone. */
    @Benchmark
    public void workAlone() {
        Blackhole.consumeCPU(WORK_TOKENS);
    }

    /** The same work and one value, as an experiment records while it measures; minus {@link #workAlone}: the call's cost. */
    @Benchmark
    public void workThenMetric() {
        Blackhole.consumeCPU(WORK_TOKENS);
        monitor.metric("T1_us", value += 0.5);
    }

    private String stemOfOnlyLog() throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve("monitoring/logs"))) {
            List<Path> logs = s.toList();
            if (logs.size() != 1) {
                throw new UncheckedIOException(new IOException("expected one log file, found " + logs));
            }
            String name = logs.get(0).getFileName().toString();
            return name.substring(0, name.length() - ".log".length());
        }
    }
}
