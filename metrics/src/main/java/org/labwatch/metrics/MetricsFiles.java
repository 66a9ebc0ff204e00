package org.labwatch.metrics;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.labwatch.api.ExperimentStatus;
import org.labwatch.api.MonitoringLayout;
import org.labwatch.api.Names;
import org.labwatch.internal.files.Confinement;
import org.labwatch.spi.StatusReading;

/**
 * Which file holds a run's metrics (docs/metrics.md): {@code <monitoring>/metrics/<stem>.csv}, where
 * the monitoring directory is the one holding the run's status directory and the stem is its log
 * file's name without {@code .log}. For a writer that names no log file, the stem is that of the log
 * the index found for the run (the newest {@code <name>_YYYYmmdd_HHMMSS.log}, which the log source
 * remembers while its directory stays the same), so no directory is listed per request here. Never a
 * file reached through a link that leads out of its directory.
 */
final class MetricsFiles {

    static final String SUFFIX = ".csv";
    private static final Pattern RUN_FILE = Pattern.compile("(.+)_\\d{8}_\\d{6}\\.csv");

    private MetricsFiles() {}

    /** The run's metrics directory: its status directory's sibling {@code metrics}. */
    static Path directoryOf(StatusReading run) {
        Path statusDir = run.file().toAbsolutePath().getParent();
        Path monitoring = statusDir == null ? null : statusDir.getParent();
        return monitoring == null ? null : monitoring.resolve("metrics");
    }

    /** @param foundLog the run's log as the index found it, asked only when the status names none */
    static Optional<Path> of(StatusReading run, Supplier<Optional<Path>> foundLog) {
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
        Path candidate = dir.resolve(csv);
        return Names.lookupProblem(csv) == null
                        && Files.isRegularFile(candidate)
                        && Confinement.staysInside(dir, candidate)
                ? Optional.of(candidate)
                : Optional.empty();
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
