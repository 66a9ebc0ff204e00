package org.labwatch.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labwatch.api.Level;
import org.labwatch.logsink.file.FileLogSource;
import org.labwatch.spi.LogEntry;

/** What {@code labwatch:tail} prints for each record, against the text of the log file it read. */
class RecordLinesTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    /**
     * Input: a log with a line from another tool before the first record, a record at a whole
     * minute with 0 ms (the old printing showed "12:00"), a CRITICAL record (shown as ERROR), the
     * milliseconds after a comma (shown with a dot) and a record with a continuation line.
     */
    @Test
    void printsEveryRecordAsTheLogFileHasIt() throws Exception {
        String log = """
                output of another tool
                2025-01-01 12:00:00,000 - CRITICAL - fridge warm
                2025-01-01 18:18:31,571 - INFO - fit done
                    chi2 = 1.02
                2025-01-01 18:18:32,004 - WARNING - drift
                """;
        Path file = dir.resolve("run_20250101_120000.log");
        Files.writeString(file, log);

        for (LogEntry e : new FileLogSource().tail(file, 10)) {
            RecordLines.print(out, e);
        }
        assertEquals(log, bytes.toString(StandardCharsets.UTF_8));
    }

    /** Input: an entry from a log source that does not carry the line's head (before spi 1.4). */
    @Test
    void anEntryWithoutItsHeadIsPrintedInTheLogsFormat() {
        RecordLines.print(out, new LogEntry(0, LocalDateTime.of(2025, 1, 1, 18, 18, 0), Level.INFO, "two\nlines"));
        assertEquals("2025-01-01 18:18:00,000 - INFO - two\n    lines\n", bytes.toString(StandardCharsets.UTF_8));
    }
}
