package org.labwatch.store.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.labwatch.api.ExperimentStatus;
import org.labwatch.api.MonitoringLayout;
import org.labwatch.internal.status.StatusJsonReader;
import org.labwatch.internal.status.StatusJsonWriter;
import org.labwatch.spi.StatusListener;
import org.labwatch.spi.StatusReading;
import org.labwatch.spi.StatusStore;
import org.labwatch.spi.Subscription;

/**
 * Status files as rows: the same JSON as the JSON status store (its writer and reader, in
 * internal/), replaced as a whole in one transaction, read leniently, watched through the
 * change feed, so a run written through any node reaches the watchers of every node.
 */
final class PgStatusStore implements StatusStore, AutoCloseable {

    /** Runs with the same name and start second get _2, _3 ...; more than this many is a fault. */
    private static final int MAX_KEPT_NAMES = 1000;

    private final StoredFiles files;
    private final ChangeFeed feed;
    private final StatusReadings readings;
    private final StatusJsonWriter writer =
            new StatusJsonWriter(StatusJsonReader.lenientMapper().getFactory());
    private final long retryMs;
    private final ScheduledExecutorService relists = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "labwatch-postgres-status");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param readings the readings with this store's size limit
     * @param retryMs how soon a watch lists again after the database could not be read
     */
    PgStatusStore(StoredFiles files, ChangeFeed feed, StatusReadings readings, long retryMs) {
        this.files = files;
        this.feed = feed;
        this.readings = readings;
        this.retryMs = retryMs;
    }

    @Override
    public void write(Path statusFile, ExperimentStatus status) throws IOException {
        files.replace(statusFile, FileKind.STATUS, writer.bytes(status));
    }

    @Override
    public void writeMirrored(Path statusFile, byte[] json) throws IOException {
        String problem = readings.copyProblem(statusFile, json);
        if (problem != null) {
            throw new IllegalArgumentException("not a readable status (" + statusFile.getFileName() + "): " + problem);
        }
        files.replace(statusFile, FileKind.STATUS, json);
    }

    @Override
    public StatusReading read(Path statusFile) {
        return readings.whole(statusFile);
    }

    @Override
    public byte[] readBytes(Path statusFile) throws IOException {
        return files.content(statusFile);
    }

    /** As docs/status-format.md says: renamed to {@code <name>_<start>_status.json}, in one transaction. */
    @Override
    public Optional<Path> keepEarlierRun(Path statusFile) throws IOException {
        Optional<FileRow> row = files.file(statusFile);
        if (row.isEmpty()) {
            return Optional.empty();
        }
        StatusReading earlier = readings.whole(statusFile);
        OffsetDateTime start = earlier.readable() ? earlier.status().startTime() : null;
        String stamp = MonitoringLayout.RUN_STAMP.format(
                start != null
                        ? start.atZoneSameInstant(readings.zone()).toLocalDateTime()
                        : row.get().modified().atZone(readings.zone()).toLocalDateTime());
        String id = StatusReadings.idOf(statusFile);
        Path dir = statusFile.toAbsolutePath().getParent();
        for (int n = 1; n <= MAX_KEPT_NAMES; n++) {
            Path target = dir.resolve(id + "_" + stamp + (n == 1 ? "" : "_" + n) + MonitoringLayout.STATUS_SUFFIX);
            try {
                return files.copy(statusFile, target, true).map(FileRow::path);
            } catch (FileAlreadyExistsException taken) {
                // the next number
            }
        }
        throw new IOException("cannot keep the earlier run of " + statusFile + ": " + MAX_KEPT_NAMES
                + " names for its start " + stamp + " are taken");
    }

    /**
     * Every status file of these directories as a list view, readable or not.
     *
     * @throws UncheckedIOException when the database cannot be read (away): an empty list would
     *     tell the index that every run is gone; it keeps its last view instead
     */
    @Override
    public List<StatusReading> list(Collection<Path> statusDirs) {
        List<StatusReading> out = new ArrayList<>();
        try {
            for (StatusReadings.Listed l : readings.listed(files.list(statusDirs, FileKind.STATUS))) {
                if (StatusReadings.isStatusName(l.reading().file().getFileName().toString())) {
                    out.add(l.reading());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the status files of " + statusDirs, e);
        }
        out.sort(Comparator.comparing(StatusReading::id)
                .thenComparing(r -> r.file().toString()));
        return out;
    }

    @Override
    public Subscription watch(Collection<Path> statusDirs, StatusListener listener) {
        StatusFeedWatch w =
                new StatusFeedWatch(List.copyOf(statusDirs), listener, files, readings, feed, relists, retryMs);
        w.start();
        return w;
    }

    @Override
    public List<Path> statusDirectoriesBelow(Path dir, int depth) throws IOException {
        if (depth < 0) {
            throw new IllegalArgumentException("depth must not be negative: " + depth);
        }
        Path base = dir.toAbsolutePath().normalize();
        List<Path> out = new ArrayList<>();
        for (Path d : files.directoriesBelow(base, FileKind.STATUS)) {
            Path rel = base.relativize(d);
            if (rel.getNameCount() == depth + 2
                    && rel.getName(depth).toString().equals("monitoring")
                    && rel.getName(depth + 1).toString().equals("status")
                    && !hidden(rel, depth)) {
                out.add(d);
            }
        }
        out.sort(null);
        return out;
    }

    /** Names starting with a dot are skipped, as the file store skips such directories. */
    private static boolean hidden(Path rel, int depth) {
        for (int i = 0; i < depth; i++) {
            if (rel.getName(i).toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        relists.shutdownNow();
    }
}
