package org.labwatch.spi;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Reads log files back, also while a monitor (or another process) is still writing them. */
public interface LogSource {

    /** The last {@code maxRecords} records, oldest first. */
    List<LogEntry> tail(Path logFile, int maxRecords) throws IOException;

    /** Complete records that start at or after {@code offset}, reading at most about {@code maxBytes}. */
    LogChunk readAfter(Path logFile, long offset, int maxBytes) throws IOException;
}
