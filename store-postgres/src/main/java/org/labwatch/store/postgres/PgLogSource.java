package org.labwatch.store.postgres;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.labwatch.api.Names;
import org.labwatch.internal.logs.LogNames;
import org.labwatch.internal.logs.LogReading;
import org.labwatch.spi.LogChunk;
import org.labwatch.spi.LogEntry;
import org.labwatch.spi.LogFileListener;
import org.labwatch.spi.LogSource;
import org.labwatch.spi.StoredFile;
import org.labwatch.spi.Subscription;

/**
 * Reads logs and metrics files from the database by the same rules as the file log source
 * ({@link LogReading}, {@link LogNames}), whichever node wrote them; follows them through the
 * node's change feed.
 */
final class PgLogSource implements LogSource {

    private static final System.Logger LOG = System.getLogger(PgLogSource.class.getName());

    private final StoredFiles files;
    private final ChangeFeed feed;

    PgLogSource(StoredFiles files, ChangeFeed feed) {
        this.files = files;
        this.feed = feed;
    }

    @Override
    public List<LogEntry> tail(Path logFile, int maxRecords) throws IOException {
        long length = files.length(logFile);
        return LogReading.tail(new StoredLogBytes(files, logFile, length), length, maxRecords);
    }

    @Override
    public LogChunk readAfter(Path logFile, long offset, int maxBytes) throws IOException {
        long length = files.length(logFile);
        return LogReading.readAfter(new StoredLogBytes(files, logFile, length), length, offset, maxBytes);
    }

    @Override
    public Optional<Path> find(List<Path> logDirs, String experimentName, String namedFile) {
        try {
            if (namedFile != null && Names.lookupProblem(namedFile) == null) {
                for (Path dir : logDirs) {
                    Optional<FileRow> named = files.file(dir.resolve(namedFile));
                    if (named.isPresent()) {
                        return Optional.of(named.get().path());
                    }
                }
            }
            if (experimentName == null || logDirs.isEmpty()) {
                return Optional.empty();
            }
            FileRow newest = null;
            for (FileRow row : files.listStartingWith(logDirs, FileKind.LOG, experimentName + "_")) {
                if (LogNames.isRunLogOf(row.name(), experimentName)
                        && (newest == null || row.modified().isAfter(newest.modified()))) {
                    newest = row;
                }
            }
            return Optional.ofNullable(newest).map(FileRow::path);
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "cannot look for the log of " + experimentName + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public Subscription watch(List<Path> logDirs, LogFileListener listener) {
        return new LogFeedWatch(files, feed, logDirs, listener);
    }

    @Override
    public long length(Path file) throws IOException {
        return files.length(file);
    }

    @Override
    public byte[] read(Path file, long offset, int maxBytes) throws IOException {
        return files.read(file, offset, maxBytes);
    }

    @Override
    public List<StoredFile> files(Path dir) throws IOException {
        List<StoredFile> out = new ArrayList<>();
        for (FileKind kind : FileKind.values()) {
            for (FileRow row : files.list(dir, kind)) {
                if (!row.name().startsWith(".")) {
                    out.add(new StoredFile(row.path(), row.length(), row.modified()));
                }
            }
        }
        return out;
    }
}
