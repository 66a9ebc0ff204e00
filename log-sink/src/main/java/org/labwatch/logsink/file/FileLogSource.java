package org.labwatch.logsink.file;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import org.labwatch.internal.logs.LogReading;
import org.labwatch.spi.LogChunk;
import org.labwatch.spi.LogEntry;
import org.labwatch.spi.LogFileListener;
import org.labwatch.spi.LogSource;
import org.labwatch.spi.Subscription;
import org.osgi.service.component.annotations.Component;

/**
 * Reads log files in the format {@link FileLogSink} writes (and Python's logging, and anything
 * else line by line) while they are being written, by the reading rules every log store shares
 * ({@link LogReading}): only complete records are returned, and the offset to continue from never
 * points into a record still being written.
 */
@Component(service = LogSource.class)
public class FileLogSource implements LogSource {

    /**
     * How often log directories without trusted file events (network shares) are rescanned, and
     * missing ones looked for: a new data directory's first run must reach the live tail within a
     * couple of seconds (10 s made the dashboard's browser test miss it).
     */
    static final long RESCAN_MS = 2000;

    private final LogFinder finder = new LogFinder();
    private final long rescanMs;

    /** For {@link java.util.ServiceLoader} and for SCR. */
    public FileLogSource() {
        this(RESCAN_MS);
    }

    /** With another rescan interval for {@link #watch}: for tests that need a directory made later found at once. */
    public FileLogSource(long rescanMs) {
        this.rescanMs = rescanMs;
    }

    @Override
    public Optional<Path> find(List<Path> logDirs, String experimentName, String namedFile) {
        return finder.find(logDirs, experimentName, namedFile);
    }

    @Override
    public Subscription watch(List<Path> logDirs, LogFileListener listener) {
        return new LogDirectoryWatch(logDirs, listener, rescanMs);
    }

    @Override
    public List<LogEntry> tail(Path logFile, int maxRecords) throws IOException {
        try (FileChannel channel = FileChannel.open(logFile, StandardOpenOption.READ)) {
            return LogReading.tail(channel::read, channel.size(), maxRecords);
        }
    }

    @Override
    public LogChunk readAfter(Path logFile, long offset, int maxBytes) throws IOException {
        try (FileChannel channel = FileChannel.open(logFile, StandardOpenOption.READ)) {
            return LogReading.readAfter(channel::read, channel.size(), offset, maxBytes);
        }
    }
}
