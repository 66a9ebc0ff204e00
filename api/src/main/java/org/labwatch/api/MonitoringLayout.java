package org.labwatch.api;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * Where an experiment's files live, exactly as the seed lays them out:
 * {@code <exptPath>/monitoring/logs/<name>_<YYYYmmdd_HHMMSS>.log},
 * {@code <exptPath>/monitoring/status/<name>_status.json} and {@code <exptPath>/monitoring/plots/<file>};
 * labwatch adds {@code <exptPath>/monitoring/metrics/<name>_<YYYYmmdd_HHMMSS>.csv}.
 */
public record MonitoringLayout(Path exptPath) {

    public static final String STATUS_SUFFIX = "_status.json";
    public static final String LOG_SUFFIX = ".log";
    /** @since 1.2 */
    public static final String METRICS_SUFFIX = ".csv";
    /** The seed's run stamp, also used to name a kept earlier status file. */
    public static final DateTimeFormatter RUN_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss");

    public MonitoringLayout {
        Objects.requireNonNull(exptPath, "exptPath");
    }

    public Path monitoringDir() {
        return exptPath.resolve("monitoring");
    }

    public Path logsDir() {
        return monitoringDir().resolve("logs");
    }

    public Path statusDir() {
        return monitoringDir().resolve("status");
    }

    public Path plotsDir() {
        return monitoringDir().resolve("plots");
    }

    /** @since 1.2 */
    public Path metricsDir() {
        return monitoringDir().resolve("metrics");
    }

    public Path statusFile(String experimentName) {
        return statusDir().resolve(Names.checkName("experiment name", experimentName) + STATUS_SUFFIX);
    }

    public Path logFile(String experimentName, LocalDateTime runStart) {
        return logsDir().resolve(logFileName(experimentName, runStart));
    }

    public static String logFileName(String experimentName, LocalDateTime runStart) {
        return Names.checkName("experiment name", experimentName) + "_" + RUN_STAMP.format(runStart) + LOG_SUFFIX;
    }

    /**
     * {@code <exptPath>/monitoring/metrics/<name>_<YYYYmmdd_HHMMSS>.csv}: a run's metrics, with the
     * same stem as its log file.
     *
     * @since 1.2
     */
    public Path metricsFile(String experimentName, LocalDateTime runStart) {
        return metricsDir()
                .resolve(Names.checkName("experiment name", experimentName) + "_" + RUN_STAMP.format(runStart)
                        + METRICS_SUFFIX);
    }

    /** The experiment id of a status file: its name without {@code _status.json}, or null if it is not one. */
    public static String experimentIdOf(Path statusFile) {
        String file = statusFile.getFileName().toString();
        return file.endsWith(STATUS_SUFFIX) && file.length() > STATUS_SUFFIX.length()
                ? file.substring(0, file.length() - STATUS_SUFFIX.length())
                : null;
    }
}
