package org.labwatch.spi;

import java.util.List;

/**
 * Records read from a byte offset on. {@code nextOffset} is where to continue: it never points
 * into a record still being written. {@code restarted} is true when the file had become shorter
 * than the offset asked for (replaced or truncated) and reading began again at 0.
 */
public record LogChunk(List<LogEntry> entries, long nextOffset, boolean restarted) {

    public LogChunk {
        entries = List.copyOf(entries);
    }
}
