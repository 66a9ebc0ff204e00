package org.labwatch.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.labwatch.api.Monitor;
import org.labwatch.api.Monitors;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One {@code updateProgress} (the status file rewritten on disk before it returns) after 10,
 * 10,000 and 100,000 earlier {@code log} calls, against a model of the seed's approach, which
 * keeps every message in the status and rewrites all of them on every update. Result = µs per update.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Dlabwatch.core.echo=false", "-Dlabwatch.core.progressConsole=off"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class StatusUpdateBench {

    @Param({"10", "10000", "100000"})
    int priorMessages;

    private Path dir;
    private Monitor monitor;
    private SeedModel seed;
    private int step;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = TempDirs.create("labwatch-bench");
        monitor = Monitors.create(dir, "status_bench");
        seed = new SeedModel(dir.resolve("seed_status.json"));
        for (int i = 0; i < priorMessages; i++) {
            monitor.log("prior message " + i);
            seed.log("prior message " + i);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        monitor.close();
        TempDirs.delete(dir);
    }

    @Benchmark
    public void labwatchUpdateProgress() {
        int n = step++ % 100;
        monitor.updateProgress("Qubit Calibration", n, 100, "sweep point " + n);
    }

    @Benchmark
    public void seedFullRewrite() throws IOException {
        int n = step++ % 100;
        seed.updateProgress("Qubit Calibration", n, 100, "sweep point " + n);
    }

    /**
     * The seed's persistent_monitoring as its guide describes it: a dict with every message ever
     * logged, dumped whole to the status file on each update (here with the same temp+rename
     * safety labwatch uses, so only the amount written differs). Steps replace rather than append,
     * so the model's growth during a measurement does not skew the comparison.
     */
    static final class SeedModel {
        private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        private final Path file;
        private final Map<String, Object> status = new LinkedHashMap<>();
        private final List<Map<String, Object>> messages = new ArrayList<>();

        SeedModel(Path file) {
            this.file = file;
            status.put("experiment_name", "seed_model");
            status.put("start_time", LocalDateTime.now().toString());
            status.put("status", "running");
            status.put("steps", new ArrayList<>());
            status.put("messages", messages);
            status.put("errors", new ArrayList<>());
        }

        void log(String message) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("timestamp", LocalDateTime.now().toString());
            m.put("level", "info");
            m.put("message", message);
            messages.add(m);
        }

        void updateProgress(String name, int number, int total, String message) throws IOException {
            Map<String, Object> step = new LinkedHashMap<>();
            step.put("name", name);
            step.put("step_number", number);
            step.put("timestamp", LocalDateTime.now().toString());
            step.put("message", message);
            status.put("steps", List.of(step));
            status.put("current_step", number);
            status.put("total_steps", total);
            status.put("progress_percent", number * 100.0 / total);
            status.put("last_update", LocalDateTime.now().toString());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            json.writeValue(tmp.toFile(), status);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
