package org.labwatch.bench;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.labwatch.api.Monitor;
import org.labwatch.api.Monitors;
import org.labwatch.api.ProgressBar;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a progress bar costs per item. Single-threaded loops over 10 million items, each beside
 * the plain loop it wraps (result = ns per item), and 4 threads stepping one shared bar beside
 * the counters they would otherwise share (result = ns per step per thread).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Dlabwatch.core.echo=false", "-Dlabwatch.core.progressConsole=off"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ProgressOverheadBench {

    static final int N = 10_000_000;

    @State(Scope.Benchmark)
    public static class Items {
        List<Integer> list;

        @Setup(Level.Trial)
        public void setUp() {
            list = new ArrayList<>(N);
            for (int i = 0; i < N; i++) {
                list.add(i);
            }
        }
    }

    @State(Scope.Benchmark)
    public static class Run {
        Path dir;
        Monitor monitor;
        ProgressBarBuilder tongfei;

        @Setup(Level.Trial)
        public void setUp() {
            dir = TempDirs.create("labwatch-bench");
            monitor = Monitors.create(dir, "progress_bench");
            // Its refresh thread renders into nothing, as labwatch's console is off here.
            tongfei = new ProgressBarBuilder()
                    .setTaskName("bench")
                    .setUpdateIntervalMillis(1000)
                    .setConsumer(new ConsoleProgressBarConsumer(new PrintStream(OutputStream.nullOutputStream())));
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            monitor.close();
            TempDirs.delete(dir);
        }
    }

    @State(Scope.Benchmark)
    public static class Shared {
        Path dir;
        Monitor monitor;
        ProgressBar bar;
        final LongAdder adder = new LongAdder();
        final AtomicLong atomic = new AtomicLong();

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
    }

    /** 0 to n-1 as boxed Integers, like {@code range} without the bar: separates boxing from the bar. */
    static final class BoxedRange implements Iterable<Integer> {
        private final int n;

        BoxedRange(int n) {
            this.n = n;
        }

        @Override
        public Iterator<Integer> iterator() {
            return new Iterator<>() {
                private int i;

                @Override
                public boolean hasNext() {
                    return i < n;
                }

                @Override
                public Integer next() {
                    if (i >= n) {
                        throw new NoSuchElementException();
                    }
                    return i++;
                }
            };
        }
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public long plainListLoop(Items items) {
        long sum = 0;
        for (Integer x : items.list) {
            sum += x;
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public long labwatchProgressList(Items items, Run run) {
        long sum = 0;
        for (Integer x : run.monitor.progress(items.list, "bench")) {
            sum += x;
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public long tongfeiProgressBarWrap(Items items, Run run) {
        long sum = 0;
        for (Integer x : me.tongfei.progressbar.ProgressBar.wrap(items.list, run.tongfei)) {
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
    public long plainBoxedIterable() {
        long sum = 0;
        for (int i : new BoxedRange(N)) {
            sum += i;
        }
        return sum;
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public long labwatchRange(Run run) {
        long sum = 0;
        for (int i : run.monitor.range(N, "bench")) {
            sum += i;
        }
        return sum;
    }

    @Benchmark
    @Threads(4)
    public void sharedBarStep4Threads(Shared shared) {
        shared.bar.step();
    }

    @Benchmark
    @Threads(4)
    public void sharedLongAdder4Threads(Shared shared) {
        shared.adder.increment();
    }

    @Benchmark
    @Threads(4)
    public long sharedAtomicLong4Threads(Shared shared) {
        return shared.atomic.incrementAndGet();
    }
}
