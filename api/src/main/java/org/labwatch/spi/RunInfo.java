package org.labwatch.spi;

import java.time.OffsetDateTime;
import java.util.Objects;
import org.labwatch.api.MonitoringLayout;

/**
 * Identifies one run of an experiment to sinks and stores: its name, where its files live,
 * and when it started (which names its log file).
 */
public record RunInfo(String experimentName, MonitoringLayout layout, OffsetDateTime startTime) {

    public RunInfo {
        Objects.requireNonNull(experimentName, "experimentName");
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(startTime, "startTime");
    }

    /** {@code <exptPath>/monitoring/logs/<name>_<YYYYmmdd_HHMMSS>.log}. */
    public java.nio.file.Path logFile() {
        return layout.logFile(experimentName, startTime.toLocalDateTime());
    }

    /**
     * {@code <exptPath>/monitoring/metrics/<name>_<YYYYmmdd_HHMMSS>.csv}, the stem of {@link #logFile()}.
     *
     * @since 3.0
     */
    public java.nio.file.Path metricsFile() {
        return layout.metricsFile(experimentName, startTime.toLocalDateTime());
    }

    public java.nio.file.Path statusFile() {
        return layout.statusFile(experimentName);
    }
}
