package org.labwatch.logsink.file;

import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.labwatch.api.Level;
import org.labwatch.api.MonitoringLayout;
import org.labwatch.spi.LogRecord;
import org.labwatch.spi.RunInfo;

/** Shared test fixtures: runs in a temp directory, records. */
final class LogFiles {

    static final OffsetDateTime START = OffsetDateTime.of(2025, 1, 1, 12, 0, 0, 0, ZoneOffset.UTC);

    private LogFiles() {}

    static RunInfo run(Path exptPath, String name) {
        return new RunInfo(name, new MonitoringLayout(exptPath), START);
    }

    static LogRecord record(long sequence, String message) {
        return new LogRecord(sequence, Instant.now(), Level.INFO, message, null);
    }
}
