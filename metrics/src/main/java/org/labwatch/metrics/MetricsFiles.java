package org.labwatch.metrics;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.labwatch.api.ExperimentStatus;
import org.labwatch.api.MonitoringLayout;
import org.labwatch.api.Names;
import org.labwatch.spi.LogSource;
import org.labwatch.spi.StatusReading;

/**
 * Which file holds a run's metrics (docs/metrics.md): {@code <monitoring>/metrics/<stem>.csv}, where
 * the monitoring directory is the one holding the run's status directory and the stem is its log
 * file's name without {@code .log}. For a writer that names no log file, the stem is that of the log
 * the index found for the run (the newest {@code <name>_YYYYmmdd_HHMMSS.log}, which the log source
 * remembers while its directory stays the same), so no directory is listed per request here. Whether
 * the file is there is the bound {@link LogSource}'s answer: the files may be rows of a database.
 */
final class MetricsFiles {

    static final String SUFFIX = ".csv";
    private static final Pattern RUN_FILE = Pattern.compile("(.+)_\\d{8}_\\d{6}\\.csv");

    /** A run's metrics file and its length when it was looked at. */
    record Found(Path file, long length) {}

    private MetricsFiles() {}

    /** The run's metrics directory: its status directory's sibling {@code metrics}. */
    static Path directoryOf(StatusReading run) {
        Path statusDir = run.file().toAbsolutePath().getParent();
        Path monitoring = statusDir == null ? null : statusDir.getParent();
        return monitoring == null ? null : monitoring.resolve("metrics");
    }

    /**
     * Where the run's metrics file is or would be; nothing is read but, for a status that names no
     * log, the run's log as the index found it.
     *
     * @param foundLog the run's log as the index found it, asked only when the status names none
     */
    static Optional<Path> pathOf(StatusReading run, Supplier<Optional<Path>> foundLog) {
        Path dir = directoryOf(run);
        if (dir == null) {
            return Optional.empty();
        }
        ExperimentStatus s = run.status();
        // A run naming its log gets its own file or none: another run's file of the same name would
        // show the wrong run.
        String logFile = s != null && s.logFile() != null
                ? s.logFile()
                : foundLog.get().map(p -> p.getFileName().toString()).orElse(null);
        if (logFile == null) {
            return Optional.empty();
        }
        String csv = stem(logFile) + SUFFIX;
        return Names.lookupProblem(csv) == null ? Optional.of(dir.resolve(csv)) : Optional.empty();
    }

    /**
     * The run's metrics file as the source holds it now; empty when it has none.
     *
     * @throws IOException when the source cannot tell (a store that is away): not the same as "none"
     */
    static Optional<Found> of(StatusReading run, Supplier<Optional<Path>> foundLog, LogSource source)
            throws IOException {
        Optional<Path> file = pathOf(run, foundLog);
        if (file.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Found(file.get(), source.length(file.get())));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** Whether the watch follows this file: a metrics file's name, not a hidden one. */
    static boolean isMetricsName(Path file) {
        Path name = file.getFileName();
        return name != null
                && name.toString().endsWith(SUFFIX)
                && !name.toString().startsWith(".");
    }

    /** The log file's name without {@code .log}: the stem its metrics file shares. */
    static String stem(String logFile) {
        return logFile.endsWith(MonitoringLayout.LOG_SUFFIX)
                ? logFile.substring(0, logFile.length() - MonitoringLayout.LOG_SUFFIX.length())
                : logFile;
    }

    /** The {@code <name>} of {@code <name>_YYYYmmdd_HHMMSS.csv}, or null. */
    static String runName(String fileName) {
        Matcher m = RUN_FILE.matcher(fileName);
        return m.matches() ? m.group(1) : null;
    }
}
