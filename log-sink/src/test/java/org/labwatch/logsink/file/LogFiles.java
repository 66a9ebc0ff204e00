package org.labwatch.logsink.file;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.function.BooleanSupplier;
import org.labwatch.api.Level;
import org.labwatch.api.MonitoringLayout;
import org.labwatch.spi.LogRecord;
import org.labwatch.spi.RunInfo;

/** Shared test fixtures: runs in a temp directory, records, waiting on conditions. */
final class LogFiles {

    static final OffsetDateTime START = OffsetDateTime.of(2025, 1, 1, 12, 0, 0, 0, ZoneOffset.UTC);

    private LogFiles() {
    }

    static RunInfo run(Path exptPath, String name) {
        return new RunInfo(name, new MonitoringLayout(exptPath), START);
    }

    static LogRecord record(long sequence, String message) {
        return new LogRecord(sequence, Instant.now(), Level.INFO, message, null);
    }

    /** Waits for a condition; {@code step} runs before each check (it may make progress happen). */
    static void await(String what, long timeoutMillis, Runnable step, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (true) {
            step.run();
            if (condition.getAsBoolean()) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                fail("timed out after " + timeoutMillis + " ms waiting for " + what);
            }
            Thread.onSpinWait();
        }
    }
}
