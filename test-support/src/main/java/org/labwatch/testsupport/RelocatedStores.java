package org.labwatch.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.labwatch.api.ExperimentStatus;
import org.labwatch.api.MonitoringLayout;
import org.labwatch.spi.LogChunk;
import org.labwatch.spi.LogEntry;
import org.labwatch.spi.LogFileListener;
import org.labwatch.spi.LogRecord;
import org.labwatch.spi.LogSink;
import org.labwatch.spi.LogSource;
import org.labwatch.spi.Plot;
import org.labwatch.spi.PlotStore;
import org.labwatch.spi.RunInfo;
import org.labwatch.spi.StatusEvent;
import org.labwatch.spi.StatusListener;
import org.labwatch.spi.StatusReading;
import org.labwatch.spi.StatusStore;
import org.labwatch.spi.StoreHealth;
import org.labwatch.spi.StoreOutage;
import org.labwatch.spi.StoredFile;
import org.labwatch.spi.StoredPlot;
import org.labwatch.spi.Subscription;

/**
 * Runs' files kept away from the paths they are asked for, as a store in a database keeps them (a
 * row per file, keyed by a path that need not exist on the server's disk): every path under
 * {@code root} is kept under {@code backing}, by the real file implementations handed in, and told
 * back under {@code root}. A reader that looks at the file system at a run's path itself finds
 * nothing there, so a test over these stores shows that it reads through the SPI alone.
 *
 * <p>Each wrapper passes every SPI method on, the 3.2 ones included, so the files' own behaviour
 * (defaults too) runs on the backing copy. A path outside {@code root} is refused with an
 * {@link IllegalArgumentException}: a test that hands one over has a mistake, not a store outage.
 *
 * <p>{@link #away} makes the stores behave as a database that cannot be reached: every call that
 * may throw {@link IOException} throws one, until {@link #back}; {@link #health} tells it as a
 * {@link StoreHealth} does.
 */
public final class RelocatedStores {

    private final Path root;
    private final Path backing;
    private volatile StoreOutage outage;
    private final AtomicLong refused = new AtomicLong();

    /** @param root where runs appear to be; should not exist on disk. @param backing where their files are kept */
    public RelocatedStores(Path root, Path backing) {
        this.root = root.toAbsolutePath().normalize();
        this.backing = backing.toAbsolutePath().normalize();
        if (this.backing.startsWith(this.root) || this.root.startsWith(this.backing)) {
            throw new IllegalArgumentException(
                    "root " + this.root + " and backing " + this.backing + " must not contain each other");
        }
    }

    public Path root() {
        return root;
    }

    public Path backing() {
        return backing;
    }

    /** From now on every call that may throw {@link IOException} throws one saying {@code problem}. */
    public void away(String problem) {
        outage = new StoreOutage(describe(), problem, Instant.now());
    }

    /** The calls work again. */
    public void back() {
        outage = null;
    }

    /** Whether the stores are {@link #away}, as a store in a database registers it. */
    public StoreHealth health() {
        return new StoreHealth() {
            @Override
            public String describe() {
                return RelocatedStores.this.describe();
            }

            @Override
            public Optional<StoreOutage> outage() {
                return Optional.ofNullable(outage);
            }
        };
    }

    private String describe() {
        return "files of " + root + " kept in " + backing;
    }

    /** How many calls were refused while {@link #away}: a test waits on it to know it was asked. */
    public long refused() {
        return refused.get();
    }

    private void reachable() throws IOException {
        StoreOutage o = outage;
        if (o != null) {
            refused.incrementAndGet();
            throw new IOException(o.store() + " is away since " + o.since() + ": " + o.problem());
        }
    }

    /** Where the file of {@code path} (under root) is kept. */
    public Path backingOf(Path path) {
        Path p = path.toAbsolutePath().normalize();
        if (!p.startsWith(root)) {
            throw new IllegalArgumentException(p + " is outside this store's root " + root);
        }
        return backing.resolve(root.relativize(p).toString());
    }

    /** The path under root of a kept file. */
    public Path pathOf(Path kept) {
        Path p = kept.toAbsolutePath().normalize();
        if (!p.startsWith(backing)) {
            throw new IllegalStateException(p + " was kept outside " + backing);
        }
        return root.resolve(backing.relativize(p).toString());
    }

    private List<Path> backingOf(Collection<Path> paths) {
        List<Path> out = new ArrayList<>(paths.size());
        for (Path p : paths) {
            out.add(backingOf(p));
        }
        return out;
    }

    private List<Path> pathsOf(List<Path> kept) {
        List<Path> out = new ArrayList<>(kept.size());
        for (Path p : kept) {
            out.add(pathOf(p));
        }
        return out;
    }

    private StatusReading told(StatusReading r) {
        return new StatusReading(pathOf(r.file()), r.id(), r.status(), r.problem(), r.modified(), r.size());
    }

    private StoredPlot told(StoredPlot p) {
        return new StoredPlot(p.fileName(), pathOf(p.path()), p.type(), p.bytes(), p.modified());
    }

    private RunInfo kept(RunInfo run) {
        return new RunInfo(
                run.experimentName(),
                new MonitoringLayout(backingOf(run.layout().exptPath())),
                run.startTime());
    }

    /** {@code files} (a JSON status store) behind paths under root. */
    public StatusStore statuses(StatusStore files) {
        return new StatusStore() {
            @Override
            public void write(Path statusFile, ExperimentStatus status) throws IOException {
                reachable();
                files.write(backingOf(statusFile), status);
            }

            @Override
            public StatusReading read(Path statusFile) {
                return told(files.read(backingOf(statusFile)));
            }

            @Override
            public Optional<Path> keepEarlierRun(Path statusFile) throws IOException {
                reachable();
                return files.keepEarlierRun(backingOf(statusFile)).map(RelocatedStores.this::pathOf);
            }

            @Override
            public List<StatusReading> list(Collection<Path> statusDirs) {
                return files.list(backingOf(statusDirs)).stream()
                        .map(RelocatedStores.this::told)
                        .toList();
            }

            @Override
            public Subscription watch(Collection<Path> statusDirs, StatusListener listener) {
                return files.watch(
                        backingOf(statusDirs),
                        e -> listener.statusChanged(new StatusEvent(e.kind(), told(e.reading()))));
            }

            @Override
            public void writeMirrored(Path statusFile, byte[] json) throws IOException {
                reachable();
                files.writeMirrored(backingOf(statusFile), json);
            }

            @Override
            public byte[] readBytes(Path statusFile) throws IOException {
                reachable();
                return files.readBytes(backingOf(statusFile));
            }

            @Override
            public List<Path> statusDirectoriesBelow(Path dir, int depth) throws IOException {
                reachable();
                return pathsOf(files.statusDirectoriesBelow(backingOf(dir), depth));
            }

            @Override
            public String toString() {
                return "statuses of " + RelocatedStores.this.describe();
            }
        };
    }

    /** {@code files} (a file log sink) behind paths under root. */
    public LogSink logSink(LogSink files) {
        return new LogSink() {
            @Override
            public void append(RunInfo run, LogRecord record) throws IOException {
                reachable();
                files.append(kept(run), record);
            }

            @Override
            public void runEnded(RunInfo run) {
                files.runEnded(kept(run));
            }

            @Override
            public String describe() {
                return "logs of " + RelocatedStores.this.describe();
            }

            @Override
            public long appendMirrored(Path file, long offset, byte[] bytes) throws IOException {
                reachable();
                return files.appendMirrored(backingOf(file), offset, bytes);
            }

            @Override
            public long mirroredLength(Path file) throws IOException {
                reachable();
                return files.mirroredLength(backingOf(file));
            }

            @Override
            public Map<String, Long> mirroredLengths(Path dir) throws IOException {
                reachable();
                return files.mirroredLengths(backingOf(dir));
            }
        };
    }

    /** {@code files} (a file log source) behind paths under root. */
    public LogSource logSource(LogSource files) {
        return new LogSource() {
            @Override
            public List<LogEntry> tail(Path logFile, int maxRecords) throws IOException {
                reachable();
                return files.tail(backingOf(logFile), maxRecords);
            }

            @Override
            public LogChunk readAfter(Path logFile, long offset, int maxBytes) throws IOException {
                reachable();
                return files.readAfter(backingOf(logFile), offset, maxBytes);
            }

            @Override
            public Optional<Path> find(List<Path> logDirs, String experimentName, String namedFile) {
                return files.find(backingOf(logDirs), experimentName, namedFile).map(RelocatedStores.this::pathOf);
            }

            @Override
            public Subscription watch(List<Path> logDirs, LogFileListener listener) {
                return files.watch(backingOf(logDirs), new LogFileListener() {
                    @Override
                    public void existing(Path file) {
                        listener.existing(pathOf(file));
                    }

                    @Override
                    public void changed(Path file) {
                        listener.changed(pathOf(file));
                    }
                });
            }

            @Override
            public long length(Path file) throws IOException {
                reachable();
                return files.length(backingOf(file));
            }

            @Override
            public byte[] read(Path file, long offset, int maxBytes) throws IOException {
                reachable();
                return files.read(backingOf(file), offset, maxBytes);
            }

            @Override
            public List<StoredFile> files(Path dir) throws IOException {
                reachable();
                List<StoredFile> out = new ArrayList<>();
                for (StoredFile f : files.files(backingOf(dir))) {
                    out.add(new StoredFile(pathOf(f.path()), f.length(), f.modified()));
                }
                return out;
            }
        };
    }

    /** {@code files} (a file plot store) behind paths under root. */
    public PlotStore plots(PlotStore files) {
        return new PlotStore() {
            @Override
            public Plot prepare(String name, byte[] bytes) {
                return files.prepare(name, bytes);
            }

            @Override
            public StoredPlot store(Path plotsDir, Plot plot) throws IOException {
                reachable();
                return told(files.store(backingOf(plotsDir), plot));
            }

            @Override
            public List<StoredPlot> list(Path plotsDir) throws IOException {
                reachable();
                return files.list(backingOf(plotsDir)).stream()
                        .map(RelocatedStores.this::told)
                        .toList();
            }

            @Override
            public Optional<StoredPlot> find(Path plotsDir, String fileName) throws IOException {
                reachable();
                return files.find(backingOf(plotsDir), fileName).map(RelocatedStores.this::told);
            }

            @Override
            public InputStream open(StoredPlot plot) throws IOException {
                reachable();
                return files.open(new StoredPlot(
                        plot.fileName(), backingOf(plot.path()), plot.type(), plot.bytes(), plot.modified()));
            }
        };
    }
}
