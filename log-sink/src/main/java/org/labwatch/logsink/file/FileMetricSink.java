package org.labwatch.logsink.file;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.labwatch.spi.MetricBatch;
import org.labwatch.spi.MetricSink;
import org.labwatch.spi.RunInfo;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * Writes each run's metric values to {@code <exptPath>/monitoring/metrics/<name>_<YYYYmmdd_HHMMSS>.csv}
 * (the stem of the run's log file) as {@code time,step,name,value} lines under a header written
 * when the file is created (docs/metrics.md). A batch has reached the operating system when
 * {@code append} returns; the file is opened in append mode, so a second run started in the same
 * second continues it.
 */
@Component(name = FileMetricSink.NAME, service = MetricSink.class, property = MetricSink.TYPE + "=file")
public class FileMetricSink implements MetricSink {

    static final String NAME = "org.labwatch.logsink.file.metrics";

    private final Map<RunInfo, RunMetricsFile> runs = new ConcurrentHashMap<>();
    // Kept in a field: a capturing lambda written inline in append would be allocated per batch.
    private final Function<RunInfo, RunMetricsFile> newFile = r -> new RunMetricsFile(r.metricsFile());

    /** For DS and {@link java.util.ServiceLoader}. */
    public FileMetricSink() {}

    @Override
    public void append(RunInfo run, MetricBatch batch) throws IOException {
        RunMetricsFile file = runs.get(run);
        while (file == null || !file.append(batch)) {
            // First batch of the run, or runEnded closed this file between lookup and append.
            file = runs.computeIfAbsent(run, newFile);
        }
    }

    @Override
    public void runEnded(RunInfo run) {
        RunMetricsFile file = runs.remove(run);
        if (file != null) {
            file.close();
        }
    }

    @Override
    public String describe() {
        return "file (monitoring/metrics/*.csv)";
    }

    @Deactivate
    void deactivate() {
        runs.keySet().forEach(this::runEnded);
    }
}
