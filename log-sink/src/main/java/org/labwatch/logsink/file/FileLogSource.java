package org.labwatch.logsink.file;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.labwatch.internal.files.Confinement;
import org.labwatch.internal.logs.LogReading;
import org.labwatch.spi.LogChunk;
import org.labwatch.spi.LogEntry;
import org.labwatch.spi.LogFileListener;
import org.labwatch.spi.LogSource;
import org.labwatch.spi.StoredFile;
import org.labwatch.spi.Subscription;
import org.osgi.service.component.annotations.Component;

/**
 * Reads log files in the format {@link FileLogSink} writes (and Python's logging, and anything
 * else line by line) while they are being written, by the reading rules every log store shares
 * ({@link LogReading}): only complete records are returned, and the offset to continue from never
 * points into a record still being written.
 *
 * <p>{@link #length}, {@link #read} and {@link #files} serve other append-only files of the runs
 * too (the metrics files) and, like {@link #find}, never a file reached through a link that leads
 * out of its directory: such a file is not there for them.
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
    public long length(Path file) throws IOException {
        return LogSource.super.length(confined(file));
    }

    @Override
    public byte[] read(Path file, long offset, int maxBytes) throws IOException {
        return LogSource.super.read(confined(file), offset, maxBytes);
    }

    @Override
    public List<StoredFile> files(Path dir) throws IOException {
        List<StoredFile> files = new ArrayList<>(LogSource.super.files(dir));
        files.removeIf(f -> escapes(f.path()));
        return files;
    }

    private static Path confined(Path file) throws NoSuchFileException {
        if (escapes(file)) {
            throw new NoSuchFileException(file.toString(), null, "a link that leads out of its directory");
        }
        return file;
    }

    /** One lstat for a plain file; the links are resolved only for a link. */
    private static boolean escapes(Path file) {
        Path dir = file.getParent();
        return dir != null && Files.isSymbolicLink(file) && !Confinement.staysInside(dir, file);
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
