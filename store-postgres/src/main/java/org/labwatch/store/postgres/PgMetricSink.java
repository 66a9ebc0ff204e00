package org.labwatch.store.postgres;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.labwatch.internal.metrics.MetricLines;
import org.labwatch.spi.MetricBatch;
import org.labwatch.spi.MetricSink;
import org.labwatch.spi.RunInfo;

/**
 * Metric values in the database: the lines the file metric sink writes ({@link MetricLines}),
 * appended to the key of the run's metrics file ({@code RunInfo.metricsFile()}). A batch is one
 * transaction: all of its values are committed when {@link #append} returns, none when it throws.
 */
final class PgMetricSink implements MetricSink {

    /** One run's metrics file as this sink writes it; batches of a run come from one thread at a time. */
    private static final class RunFile {
        final MetricLines lines = new MetricLines();
        /** The file's length after this run's last batch; -1 until read from the database. */
        long length = -1;
        /** The last byte stored, which decides whether a line an earlier writer left open is ended first. */
        int lastByte = '\n';
    }

    private final StoredFiles files;
    private final OwnAppends appends;
    private final Map<RunInfo, RunFile> runs = new ConcurrentHashMap<>();

    PgMetricSink(StoredFiles files) {
        this.files = files;
        this.appends = new OwnAppends(files);
    }

    @Override
    public void append(RunInfo run, MetricBatch batch) throws IOException {
        int n = batch.size();
        if (n == 0) {
            return;
        }
        RunFile f = runs.computeIfAbsent(run, r -> new RunFile());
        synchronized (f) {
            Path file = run.metricsFile();
            if (f.length < 0) {
                long length = appends.length(file);
                f.lastByte = length == 0 ? '\n' : files.read(file, length - 1, 1)[0];
                f.length = length;
            }
            MetricLines lines = f.lines;
            lines.begin(f.length, f.lastByte);
            for (int i = 0; i < n; i++) {
                lines.add(batch, i);
            }
            f.length = appends.append(file, FileKind.METRICS, f.length, lines.bytes(), lines.length());
            f.lastByte = '\n';
        }
    }

    @Override
    public void runEnded(RunInfo run) {
        runs.remove(run);
    }

    @Override
    public String describe() {
        return "postgres (" + files.database().name() + ", metrics files)";
    }
}
