package org.labwatch.spi;

import java.time.LocalDateTime;
import org.labwatch.api.Level;

/**
 * One record read back from a log file. {@code time} and {@code level} are null for lines not
 * in the {@code YYYY-MM-DD HH:MM:SS,mmm - LEVEL - message} format (another tool's output);
 * {@code message} holds continuation lines joined with '\n'. {@code offset} is the byte offset
 * of the record's first line.
 */
public record LogEntry(long offset, LocalDateTime time, Level level, String message) {
}
