package org.labwatch.bench;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.labwatch.api.Monitor;
import org.labwatch.api.Monitors;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/** Cost per item of wrapping a 10-million-item loop in a progress bar, single-threaded. Result = ns per item. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Dlabwatch.core.echo=false", "-Dlabwatch.core.progressConsole=off"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ProgressOverheadBench {

    static final int N = 10_000_000;

    private List<Integer> items;
    private Path dir;
    private Monitor monitor;
    private ProgressBarBuilder tongfei;

    @Setup(Level.Trial)
    public void setUp() {
        items = new ArrayList<>(N);
        for (int i = 0; i < N; i++) {
            items.add(i);
        }
        dir = TempDirs.create("labwatch-bench");
        monitor = Monitors.create(dir, "progress_bench");
        tongfei = new ProgressBarBuilder().setTaskName("bench").setUpdateIntervalMillis(1000)
                .setConsumer(new ConsoleProgressBarConsumer(new PrintStream(OutputStream.nullOutputStream())));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        monitor.close();
        TempDirs.delete(dir);
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public long plainListLoop() {
        long sum = 0;
        for (Integer x : items) {
            sum += x;
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public long labwatchProgressList() {
        long sum = 0;
        for (Integer x : monitor.progress(items, "bench")) {
            sum += x;
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public long plainIntLoop() {
        long sum = 0;
        for (int i = 0; i < N; i++) {
            sum += i;
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public long labwatchRange() {
        long sum = 0;
        for (int i : monitor.range(N, "bench")) {
            sum += i;
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public long tongfeiProgressBarWrap() {
        long sum = 0;
        for (Integer x : me.tongfei.progressbar.ProgressBar.wrap(items, tongfei)) {
            sum += x;
        }
        return sum;
    }
}
