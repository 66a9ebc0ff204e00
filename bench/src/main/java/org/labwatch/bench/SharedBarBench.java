package org.labwatch.bench;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.labwatch.api.Monitor;
import org.labwatch.api.Monitors;
import org.labwatch.api.ProgressBar;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/** Several threads stepping one bar, against the counters they would otherwise share. Result = ns per step per thread. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Dlabwatch.core.echo=false", "-Dlabwatch.core.progressConsole=off"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Threads(4)
public class SharedBarBench {

    private Path dir;
    private Monitor monitor;
    private ProgressBar bar;
    private final LongAdder adder = new LongAdder();
    private final AtomicLong atomic = new AtomicLong();

    @Setup(Level.Trial)
    public void setUp() {
        dir = TempDirs.create("labwatch-bench");
        monitor = Monitors.create(dir, "shared_bar_bench");
        bar = monitor.progressBar("shared", 0);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        bar.close();
        monitor.close();
        TempDirs.delete(dir);
    }

    @Benchmark
    public void labwatchBarStep() {
        bar.step();
    }

    @Benchmark
    public void longAdderIncrement() {
        adder.increment();
    }

    @Benchmark
    public long atomicLongIncrement() {
        return atomic.incrementAndGet();
    }
}
