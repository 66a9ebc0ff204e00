package org.labwatch.metrics;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import org.labwatch.internal.config.Configs;
import org.labwatch.spi.ExperimentIndex;
import org.labwatch.spi.LogSource;
import org.labwatch.spi.MetricListener;
import org.labwatch.spi.MetricRange;
import org.labwatch.spi.MetricSeries;
import org.labwatch.spi.MetricSource;
import org.labwatch.spi.RunMetrics;
import org.labwatch.spi.StatusReading;
import org.labwatch.spi.Subscription;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The runs' metrics files ({@code docs/metrics.md}) read back through the bound {@link LogSource},
 * whichever store keeps them (files on disk, rows of a database): a run is found through the
 * {@link ExperimentIndex} (its status file's monitoring directory, its log file's stem), its file
 * parsed from where the last read ended, and its series kept in memory within {@code maxValues} for
 * the charts' repeated range queries.
 *
 * <p>The index is a static reference: the server has one, and the metrics are nothing without it.
 * The log source is optional, dynamic and greedy, as the index binds its own: a store with a higher
 * {@code service.ranking} (the PostgreSQL one replacing the files) or a log-sink bundle's restart
 * rebinds it in place. The service and the open watches stay; the watches follow the new source
 * and the parsed runs are read again from it.
 */
@Designate(ocd = MetricsConfig.class)
@Component(
        name = MetricsConfig.PID,
        service = MetricSource.class,
        configurationPid = MetricsConfig.PID,
        property = MetricSource.TYPE + "=file")
public final class MetricsReader implements MetricSource {

    private final ExperimentIndex index;
    private final RunCache cache = new RunCache();
    private final Set<MetricsWatch> watches = new CopyOnWriteArraySet<>();
    private volatile LogSource logs;
    private volatile long maxValues;

    @Activate
    public MetricsReader(@Reference(name = "index") ExperimentIndex index, MetricsConfig config) {
        this.index = index;
        modified(config);
    }

    /** Outside a container (a tool, a test): the runs of {@code index} read through {@code logs}, with any settings by name. */
    public MetricsReader(ExperimentIndex index, LogSource logs, Map<String, ?> settings) {
        this(index, Configs.of(MetricsConfig.class, settings));
        bindLogSource(logs);
    }

    @Reference(
            name = "logSource",
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY,
            unbind = "unbindLogSource")
    public synchronized void bindLogSource(LogSource source) {
        use(source);
    }

    public synchronized void unbindLogSource(LogSource source) {
        if (logs == source) {
            use(null);
        }
    }

    private void use(LogSource source) {
        logs = source;
        // The same paths in another store may hold other bytes: parsed again when asked for.
        cache.clear();
        for (MetricsWatch w : watches) {
            w.follow(source);
        }
    }

    /** Applied in place: the charts keep their source. A wrong value is refused and the one in use stays. */
    @Modified
    void modified(MetricsConfig config) {
        if (config.maxValues() < 1) {
            throw new IllegalArgumentException(
                    MetricsConfig.PID + ": maxValues must be at least 1, got " + config.maxValues());
        }
        maxValues = config.maxValues();
    }

    /** The consumers close their watches when this service goes; these are what is left over. */
    @Deactivate
    void deactivate() {
        for (MetricsWatch w : watches) {
            w.close();
        }
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

    /** Under the lock that binds the log source, so that a watch never misses a swap. */
    @Override
    public synchronized Subscription watch(MetricListener listener) {
        MetricsWatch w = new MetricsWatch(index, logs, listener, watches::remove);
        watches.add(w);
        return w;
    }

    private RunData readRun(String runId) throws IOException {
        Optional<StatusReading> run = index.experiment(runId);
        return run.isEmpty() ? null : read(run.get());
    }

    /** The run's metrics file read up to its end now; null when the run has none. */
    private RunData read(StatusReading run) throws IOException {
        LogSource source = logs;
        if (source == null) {
            throw new IOException("no log source to read metrics files through: the log reader"
                    + " (feature labwatch-log-file) or another store is not installed or not started");
        }
        Optional<MetricsFiles.Found> file = MetricsFiles.of(run, () -> index.logFile(run.id()), source);
        if (file.isEmpty()) {
            return null;
        }
        long max = maxValues;
        RunData data = cache.get(file.get().file());
        try {
            data.refresh(source, file.get().length(), max);
        } catch (IOException e) {
            cache.remove(file.get().file(), data);
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
