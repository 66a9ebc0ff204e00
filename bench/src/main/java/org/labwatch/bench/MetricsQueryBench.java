package org.labwatch.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.labwatch.index.StatusIndex;
import org.labwatch.logsink.file.FileLogSource;
import org.labwatch.metrics.MetricsReader;
import org.labwatch.plots.FilePlotStore;
import org.labwatch.spi.MetricRange;
import org.labwatch.spi.MetricSeries;
import org.labwatch.status.JsonStatusStore;
import org.labwatch.web.api.ExperimentsApi;
import org.labwatch.web.http.ApiRequest;
import org.labwatch.web.http.Json;
import org.labwatch.web.http.Reply;
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
 * A chart's question, {@code ?points=1000} over a 1,000,000-value series (target: p95 at most
 * 50 ms), asked of the metrics reader ({@code series}) and of the REST API as the servlet asks it
 * ({@code rest}: the run looked up in the index, the file checked for growth, the downsampling and
 * the JSON bytes; no socket). {@code order}: values recorded in step order, or in a shuffled order
 * (the reader then keeps a permutation). The first read of the file (parsing a million lines, 31 MB)
 * is {@code firstRead}, one shot each. Sample mode: JMH prints the percentiles.
 */
@State(Scope.Benchmark)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx512m"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class MetricsQueryBench {

    static final int VALUES = 1_000_000;

    @Param({"inOrder", "shuffled"})
    String order;

    @Param({"step", "time"})
    String x;

    private Path dir;
    private StatusIndex index;
    private MetricsReader source;
    private ExperimentsApi api;
    private MetricRange range;
    private ApiRequest request;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = TempDirs.create("labwatch-metrics-bench");
        write(dir, order.equals("shuffled"));
        JsonStatusStore store = new JsonStatusStore();
        index = StatusIndex.of(store, dir, List.of());
        source = new MetricsReader(index, new FileLogSource(), Map.of());
        api = new ExperimentsApi(
                index,
                () -> store,
                FileLogSource::new,
                FilePlotStore::new,
                () -> source,
                Json.MAPPER,
                50,
                java.time.Clock.systemUTC());
        MetricRange.Axis axis = x.equals("step") ? MetricRange.Axis.STEP : MetricRange.Axis.TIME;
        range = MetricRange.all("T1_us", axis);
        request = ApiRequest.get("/api/experiments/rabi/metrics/T1_us?points=1000&x=" + x);
        if (series().points().size() > 1000) {
            throw new IllegalStateException("more than 1000 points");
        }
    }

    /** A run as labwatch writes it: its status names its log, its metrics file has the log's stem. */
    static void write(Path dir, boolean shuffled) throws IOException {
        Path status = Files.createDirectories(dir.resolve("monitoring/status"));
        Files.writeString(
                status.resolve("rabi_status.json"),
                "{\"experiment_name\": \"rabi\", \"status\": \"running\", \"log_file\": \"rabi_20261204_201503.log\","
                        + " \"last_update\": \"2026-12-04T20:15:03\"}");
        int[] steps = new int[VALUES];
        for (int i = 0; i < VALUES; i++) {
            steps[i] = i;
        }
        if (shuffled) {
            SplittableRandom random = new SplittableRandom(1);
            for (int i = VALUES - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = steps[i];
                steps[i] = steps[j];
                steps[j] = t;
            }
        }
        Path file = Files.createDirectories(dir.resolve("monitoring/metrics")).resolve("rabi_20261204_201503.csv");
        SplittableRandom values = new SplittableRandom(2);
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            w.write("time,step,name,value\n");
            for (int i = 0; i < VALUES; i++) {
                long t = 1796415303000L + steps[i] * 7L;
                w.write(t / 1000 + "." + (t % 1000 + 1000 + "").substring(1) + "," + steps[i] + ",T1_us,"
                        + (45 + values.nextGaussian()) + "\n");
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        index.close();
        TempDirs.delete(dir);
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public MetricSeries series() throws IOException {
        return source.series("rabi", range, 1000).orElseThrow();
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public byte[] rest() {
        Reply reply = api.answer(request);
        if (reply.status() != 200) {
            throw new IllegalStateException("answered " + reply.status());
        }
        return reply.body();
    }

    /** A new reader each time: the whole file parsed (and the order worked out), as after a server start. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 2)
    @Measurement(iterations = 5)
    public MetricSeries firstRead() throws IOException {
        return new MetricsReader(index, new FileLogSource(), Map.of())
                .series("rabi", range, 1000)
                .orElseThrow();
    }
}
