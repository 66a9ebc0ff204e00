package org.labwatch.spi;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Reads log files back, also while a monitor (or another process) is still writing them; finds a
 * run's log and follows log directories, so that readers (the index, the dashboard) never list or
 * watch log directories themselves.
 */
public interface LogSource {

    /** The last {@code maxRecords} records, oldest first. */
    List<LogEntry> tail(Path logFile, int maxRecords) throws IOException;

    /** Complete records that start at or after {@code offset}, reading at most about {@code maxBytes}. */
    LogChunk readAfter(Path logFile, long offset, int maxBytes) throws IOException;

    /**
     * A run's log in these directories, the first directory first: {@code namedFile} (the file its
     * status names; may be null) where it is, else the newest {@code <experimentName>_YYYYmmdd_HHMMSS.log}
     * (writers such as the Python tool name none). Never a file reached through a link that leads
     * out of its directory. Empty when there is none, or when the directories cannot be read.
     *
     * @since 2.0
     */
    Optional<Path> find(List<Path> logDirs, String experimentName, String namedFile);

    /**
     * Follows the log files of these directories until the subscription is closed: the files there
     * now are told as {@link LogFileListener#existing existing}; those that appear, grow or are
     * replaced afterwards as {@link LogFileListener#changed changed}, also in a directory that
     * appears later. Directories that do not exist yet are looked for.
     *
     * @since 2.0
     */
    Subscription watch(List<Path> logDirs, LogFileListener listener);
}
