package org.labwatch.metrics;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.labwatch.logsink.file.FileLogSource;
import org.labwatch.spi.LogChunk;
import org.labwatch.spi.LogEntry;
import org.labwatch.spi.LogFileListener;
import org.labwatch.spi.LogSource;
import org.labwatch.spi.StoredFile;
import org.labwatch.spi.Subscription;

/**
 * A log source that keeps the runs' logs and metrics files somewhere other than their paths say,
 * as a database store keeps them as rows under their paths: the real file log source over another
 * directory, every path translated both ways. Nothing is on disk at the paths the metrics reader
 * asks for, so what it reads and follows can only have come through the source.
 */
final class RelocatedLogSource implements LogSource {

    private final Path logical;
    private final Path physical;
    private final FileLogSource files = new FileLogSource();

    /** Paths under {@code logical} are kept under {@code physical}. */
    RelocatedLogSource(Path logical, Path physical) {
        this.logical = logical.toAbsolutePath().normalize();
        this.physical = physical.toAbsolutePath().normalize();
    }

    /** Where the file at {@code path} is really kept. */
    Path kept(Path path) {
        Path p = path.toAbsolutePath().normalize();
        return p.startsWith(logical) ? physical.resolve(logical.relativize(p)) : p;
    }

    private Path named(Path kept) {
        Path p = kept.toAbsolutePath().normalize();
        return p.startsWith(physical) ? logical.resolve(physical.relativize(p)) : p;
    }

    private List<Path> kept(List<Path> paths) {
        return paths.stream().map(this::kept).toList();
    }

    @Override
    public List<LogEntry> tail(Path logFile, int maxRecords) throws IOException {
        return files.tail(kept(logFile), maxRecords);
    }

    @Override
    public LogChunk readAfter(Path logFile, long offset, int maxBytes) throws IOException {
        return files.readAfter(kept(logFile), offset, maxBytes);
    }

    @Override
    public Optional<Path> find(List<Path> logDirs, String experimentName, String namedFile) {
        return files.find(kept(logDirs), experimentName, namedFile).map(this::named);
    }

    @Override
    public Subscription watch(List<Path> logDirs, LogFileListener listener) {
        return files.watch(kept(logDirs), new LogFileListener() {
            @Override
            public void existing(Path file) {
                listener.existing(named(file));
            }

            @Override
            public void changed(Path file) {
                listener.changed(named(file));
            }
        });
    }

    @Override
    public long length(Path file) throws IOException {
        return files.length(kept(file));
    }

    @Override
    public byte[] read(Path file, long offset, int maxBytes) throws IOException {
        return files.read(kept(file), offset, maxBytes);
    }

    @Override
    public List<StoredFile> files(Path dir) throws IOException {
        List<StoredFile> out = new ArrayList<>();
        for (StoredFile f : files.files(kept(dir))) {
            out.add(new StoredFile(named(f.path()), f.length(), f.modified()));
        }
        return out;
    }
}
