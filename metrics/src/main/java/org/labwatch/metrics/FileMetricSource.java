package org.labwatch.metrics;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.labwatch.internal.config.Configs;
import org.labwatch.spi.ExperimentIndex;
import org.labwatch.spi.MetricListener;
import org.labwatch.spi.MetricRange;
import org.labwatch.spi.MetricSeries;
import org.labwatch.spi.MetricSource;
import org.labwatch.spi.RunMetrics;
import org.labwatch.spi.StatusReading;
import org.labwatch.spi.Subscription;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Metrics read from the files runs write beside their logs ({@code docs/metrics.md}): a run is
 * found through the {@link ExperimentIndex} (its status file's monitoring directory, its log file's
 * stem), its file parsed from where the last read ended, and its series kept in memory within
 * {@code maxValues} for the charts' repeated range queries.
 *
 * <p>The index is a static reference: the server has one, and the metrics are nothing without it.
 */
@Designate(ocd = MetricsConfig.class)
@Component(
        name = MetricsConfig.PID,
        service = MetricSource.class,
        configurationPid = MetricsConfig.PID,
        property = MetricSource.TYPE + "=file")
public final class FileMetricSource implements MetricSource {

    private final ExperimentIndex index;
    private final RunCache cache = new RunCache();
    private volatile long maxValues;
    private volatile long rescanMs;

    @Activate
    public FileMetricSource(@Reference(name = "index") ExperimentIndex index, MetricsConfig config) {
        this.index = index;
        modified(config);
    }

    /** Outside a container (a tool, a test): the runs of {@code index}, with any settings by name. */
    public FileMetricSource(ExperimentIndex index, Map<String, ?> settings) {
        this(index, Configs.of(MetricsConfig.class, settings));
    }

    /** Applied in place: the charts keep their source. A wrong value is refused and the one in use stays. */
    @Modified
    void modified(MetricsConfig config) {
        if (config.maxValues() < 1 || config.rescanIntervalMs() < 10) {
            throw new IllegalArgumentException(MetricsConfig.PID + ": maxValues must be at least 1 and"
                    + " rescanIntervalMs at least 10, got " + config.maxValues() + " and " + config.rescanIntervalMs());
        }
        maxValues = config.maxValues();
        rescanMs = config.rescanIntervalMs();
    }

    @Override
    public Optional<RunMetrics> metrics(String runId) throws IOException {
        Optional<StatusReading> run = index.experiment(runId);
        if (run.isEmpty()) {
            return Optional.empty();
        }
        RunData data = read(run.get());
        return Optional.of(data == null ? RunMetrics.NONE : data.summary());
    }

    @Override
    public Optional<MetricSeries> series(String runId, MetricRange range, int maxPoints) throws IOException {
        if (maxPoints < Buckets.MIN_POINTS || maxPoints > Buckets.MAX_POINTS) {
            throw new IllegalArgumentException("maxPoints must be between " + Buckets.MIN_POINTS + " and "
                    + Buckets.MAX_POINTS + ", got " + maxPoints);
        }
        RunData data = readRun(runId);
        return data == null ? Optional.empty() : Optional.ofNullable(data.series(range, maxPoints));
    }

    @Override
    public boolean forEach(String runId, MetricRange range, PointConsumer each) throws IOException {
        RunData data = readRun(runId);
        SeriesView view = data == null ? null : data.view(range);
        if (view == null) {
            return false;
        }
        // Outside the run's lock: a slow download must not hold up the charts.
        int hi = view.upperBound(range.to());
        for (int p = view.lowerBound(range.from()); p < hi; p++) {
            int i = view.at(p);
            each.accept(view.steps()[i], view.times()[i], view.values()[i]);
        }
        return true;
    }

    @Override
    public Subscription watch(MetricListener listener) {
        return new MetricsWatch(index, listener, rescanMs);
    }

    private RunData readRun(String runId) throws IOException {
        Optional<StatusReading> run = index.experiment(runId);
        return run.isEmpty() ? null : read(run.get());
    }

    /** The run's metrics file read up to its end now; null when the run has none. */
    private RunData read(StatusReading run) throws IOException {
        Optional<Path> file = MetricsFiles.of(run, () -> index.logFile(run.id()));
        if (file.isEmpty()) {
            return null;
        }
        long max = maxValues;
        RunData data = cache.get(file.get());
        try {
            data.refresh(max);
        } catch (IOException e) {
            cache.remove(file.get(), data);
            throw e;
        }
        cache.trim(data, max);
        return data;
    }

    /** How many runs and values are held now: for tests and the benchmark. */
    long[] held() {
        return new long[] {cache.size(), cache.values()};
    }
}
