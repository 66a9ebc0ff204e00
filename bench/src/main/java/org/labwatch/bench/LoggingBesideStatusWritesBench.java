package org.labwatch.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.labwatch.api.Monitor;
import org.labwatch.api.Monitors;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One run, two threads: one calls {@code updateProgress} back to back (each rewrites the status
 * file), the other only logs. Result = µs per call of each. What it shows is whether a thread that
 * only logs waits for the other thread's status writes (it did while they ran under the run's lock).
 */
@State(Scope.Group)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Dlabwatch.core.echo=false", "-Dlabwatch.core.progressConsole=off"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class LoggingBesideStatusWritesBench {

    private Path dir;
    private Monitor monitor;
    private int step;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = TempDirs.create("labwatch-bench");
        monitor = Monitors.create(dir, "mixed_bench");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        monitor.close();
        TempDirs.delete(dir);
    }

    @Benchmark
    @Group("mixed")
    @GroupThreads(1)
    public void updateProgress() {
        int n = step++ % 100;
        monitor.updateProgress("Qubit Calibration", n, 100, "sweep point " + n);
    }

    @Benchmark
    @Group("mixed")
    @GroupThreads(1)
    public void log() {
        monitor.log("fit residual 0.0123");
    }
}
