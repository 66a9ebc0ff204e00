package org.labwatch.spi;

import java.time.LocalDateTime;
import org.labwatch.api.Level;

/**
 * One record read back from a log file. {@code time} and {@code level} are null for lines not
 * in the {@code YYYY-MM-DD HH:MM:SS,mmm - LEVEL - message} format (another tool's output);
 * {@code message} holds continuation lines joined with '\n'. {@code offset} is the byte offset
 * of the record's first line. {@code head} is the first line up to the message exactly as the
 * file has it ({@code 2025-01-01 12:00:00,123 - CRITICAL - }), null where {@code time} is: a
 * reader that shows the log as text prints it rather than re-formatting {@code time} and
 * {@code level}, which would change the comma before the milliseconds, drop zero seconds and
 * turn CRITICAL into ERROR.
 */
public record LogEntry(long offset, LocalDateTime time, Level level, String message, String head) {

    /** An entry without its head, as readers before spi 1.4 made them. */
    public LogEntry(long offset, LocalDateTime time, Level level, String message) {
        this(offset, time, level, message, null);
    }
}
