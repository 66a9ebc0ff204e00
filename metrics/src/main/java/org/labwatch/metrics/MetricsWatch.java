package org.labwatch.metrics;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.labwatch.api.ExperimentStatus;
import org.labwatch.api.MonitoringLayout;
import org.labwatch.internal.watch.DirectoryWatch;
import org.labwatch.spi.ExperimentIndex;
import org.labwatch.spi.MetricListener;
import org.labwatch.spi.StatusEvent;
import org.labwatch.spi.StatusReading;
import org.labwatch.spi.Subscription;

/**
 * Follows the metrics files of the index's runs ({@link ExperimentIndex#metricsDirectories()}:
 * local status directories' and shipped roots') through a {@link DirectoryWatch}, and tells which
 * run's which metrics got values. The new lines of a grown file are read from where the last look
 * ended, for their names only; nothing is kept in memory but an offset per file.
 *
 * <p>What is there when the watch starts is history, not news, and so is a file first seen in a
 * directory that turns up later (the index lists shipped roots as it finds them) unless it was
 * written since the watch started. The directories are asked of the index again every
 * {@link #RECHECK_MS} and soon after a run comes or goes.
 *
 * <p>A file can grow before the index knows its run: the run's status file was written after its
 * first metrics, or in a status directory the index has not found yet (it looks for new ones every
 * few seconds). What such a file gained is kept, by name, and told once a run that owns the file
 * comes: read past and told to nobody, it would be missing from the open charts until the file
 * grew again, for good when that was the run's last value.
 */
final class MetricsWatch implements Subscription, DirectoryWatch.Handler {

    static final long RECHECK_MS = 2000;

    private static final long TIME_SLACK_MS = 3000;

    /** At most this many files' growth waits for its run; the oldest is forgotten first. */
    static final int MAX_UNOWNED = 1000;

    private static final System.Logger LOG = System.getLogger(MetricsWatch.class.getName());

    /** Where a file was read to, and which file (inode) that was. */
    private record Followed(Object key, long offset) {}

    private final ExperimentIndex index;
    private final MetricListener listener;
    private final long rescanMs;
    private final Function<Path, String> fileSystemType;
    private final long startedMillis = System.currentTimeMillis();
    private final Map<Path, Followed> followed = new HashMap<>();
    private final Set<Path> listed = new HashSet<>();
    /** Metrics file to the runs whose file it is; emptied whenever runs come or go. */
    private final Map<Path, List<String>> owners = new ConcurrentHashMap<>();
    /** Files that grew while no run owned them, and the metrics they got meanwhile; under this lock. */
    private final Map<Path, Set<String>> unowned = new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Path, Set<String>> eldest) {
            return size() > MAX_UNOWNED;
        }
    };

    private final ScheduledExecutorService timer;
    private final AtomicBoolean recheckDue = new AtomicBoolean();
    /** Runs came or went since the last recheck: files that grew unowned may have a run now. */
    private final AtomicBoolean runsChanged = new AtomicBoolean();

    private final Subscription runs;
    private List<Path> dirs;
    private DirectoryWatch watch;
    private volatile boolean closed;

    MetricsWatch(ExperimentIndex index, MetricListener listener, long rescanMs) {
        this(index, listener, rescanMs, DirectoryWatch::fileSystemType);
    }

    /** @param fileSystemType a test's stand-in for the real file system type of each directory */
    MetricsWatch(ExperimentIndex index, MetricListener listener, long rescanMs, Function<Path, String> fileSystemType) {
        this.index = index;
        this.listener = listener;
        this.rescanMs = rescanMs;
        this.fileSystemType = fileSystemType;
        synchronized (this) {
            dirs = index.metricsDirectories();
            pass(true);
            watch = start(dirs);
        }
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "labwatch-metrics-dirs");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::recheck, RECHECK_MS, RECHECK_MS, TimeUnit.MILLISECONDS);
        this.runs = index.watch(event -> {
            if (event.kind() != StatusEvent.Kind.CHANGED) {
                owners.clear();
                runsChanged.set(true);
                recheckSoon();
            }
        });
    }

    private DirectoryWatch start(List<Path> watched) {
        return DirectoryWatch.start(
                "labwatch-metrics-watch",
                watched,
                MetricsWatch::isMetricsName,
                Duration.ofMillis(rescanMs),
                Duration.ZERO,
                this,
                fileSystemType);
    }

    /** Soon, on the timer's thread: never on the index's thread, which tells of a run holding its lock. */
    private void recheckSoon() {
        if (!recheckDue.compareAndSet(false, true)) {
            return; // one is on its way: the index tells 100,000 runs at once when a watch starts
        }
        try {
            timer.execute(this::recheck);
        } catch (RejectedExecutionException e) {
            // closed meanwhile
        }
    }

    private void recheck() {
        recheckDue.set(false);
        try {
            if (runsChanged.getAndSet(false)) {
                tellUnowned();
            }
            List<Path> now = index.metricsDirectories();
            synchronized (this) {
                if (closed || now.equals(dirs)) {
                    return;
                }
                dirs = now;
                watch.close();
                watch = start(now);
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "metrics watch: " + e, e);
        }
    }

    @Override
    public synchronized void rescan() {
        pass(false);
    }

    @Override
    public synchronized void touched(Set<Path> files) {
        for (Path file : files) {
            if (dirs.contains(file.getParent())) {
                look(file, false);
            }
        }
    }

    private void pass(boolean first) {
        Set<Path> present = new LinkedHashSet<>();
        Set<Path> history = new HashSet<>();
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) {
                listed.remove(dir);
                continue;
            }
            List<Path> files = metricsFiles(dir);
            if (listed.add(dir)) {
                for (Path f : files) {
                    if (first || !writtenSinceStart(f)) {
                        history.add(f);
                    }
                }
            }
            present.addAll(files);
        }
        followed.keySet().retainAll(present);
        unowned.keySet().retainAll(present);
        for (Path f : present) {
            look(f, history.contains(f));
        }
    }

    private boolean writtenSinceStart(Path file) {
        try {
            // File times come from a coarser clock than currentTimeMillis (and FAT's are 2 s): a file
            // written just after the start may look older. Told once too often rather than never.
            return Files.getLastModifiedTime(file).toMillis() >= startedMillis - TIME_SLACK_MS;
        } catch (IOException e) {
            return false;
        }
    }

    /** Reads what the file gained since the last look and tells its runs; {@code history}: only note where it ends. */
    private void look(Path file, boolean history) {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException e) {
            followed.remove(file);
            unowned.remove(file);
            return;
        }
        if (!a.isRegularFile()) {
            return;
        }
        Followed before = followed.get(file);
        if (history && before == null) {
            followed.put(file, new Followed(a.fileKey(), a.size()));
            return;
        }
        long from = before == null || !Objects.equals(before.key(), a.fileKey()) || a.size() < before.offset()
                ? 0
                : before.offset();
        if (before != null && from == before.offset() && a.size() == from) {
            return;
        }
        Set<String> names = new TreeSet<>();
        LineParser parser = new LineParser((name, step, time, value) -> names.add(name));
        long to;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            to = LineReader.read(channel, from, channel.size(), parser);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "cannot read new lines of " + file + ": " + e);
            return;
        }
        followed.put(file, new Followed(a.fileKey(), to));
        if (names.isEmpty() || closed) {
            return;
        }
        List<String> ids = ownersOf(file);
        Set<String> waiting = unowned.remove(file);
        if (waiting != null) {
            names.addAll(waiting);
        }
        if (ids.isEmpty()) {
            unowned.put(file, names);
            return;
        }
        tell(ids, names);
    }

    /** The files that grew while no run owned them, told to the runs that own them now. */
    private synchronized void tellUnowned() {
        for (Iterator<Map.Entry<Path, Set<String>>> it = unowned.entrySet().iterator(); it.hasNext() && !closed; ) {
            Map.Entry<Path, Set<String>> e = it.next();
            List<String> ids = ownersOf(e.getKey());
            if (!ids.isEmpty()) {
                it.remove();
                tell(ids, e.getValue());
            }
        }
    }

    private void tell(List<String> ids, Set<String> names) {
        for (String id : ids) {
            try {
                listener.grew(id, Set.copyOf(names));
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "a metrics listener failed on " + id, e);
            }
        }
    }

    /** How many files' growth waits for a run now: for tests. */
    synchronized int unownedFiles() {
        return unowned.size();
    }

    private List<String> ownersOf(Path file) {
        List<String> known = owners.get(file);
        if (known != null) {
            return known;
        }
        List<String> found = findOwners(file);
        // Not remembered when there is none: the run's status may come after its first metrics.
        if (!found.isEmpty()) {
            owners.put(file, found);
        }
        return found;
    }

    /**
     * The runs whose metrics file this is, found without resolving every run's: a candidate names
     * the log file of the same stem or, naming none, is the {@code <name>} of
     * {@code <name>_YYYYmmdd_HHMMSS.csv}; then its file must be this one.
     */
    private List<String> findOwners(Path file) {
        String fileName = file.getFileName().toString();
        String stem = fileName.substring(0, fileName.length() - MetricsFiles.SUFFIX.length());
        String runName = MetricsFiles.runName(fileName);
        List<String> out = new ArrayList<>();
        for (StatusReading r : index.experiments()) {
            ExperimentStatus s = r.status();
            boolean candidate = s == null
                    ? runName != null && runName.equals(MonitoringLayout.experimentIdOf(r.file()))
                    : s.logFile() != null
                            ? MetricsFiles.stem(s.logFile()).equals(stem)
                            : runName != null && runName.equals(s.experimentName());
            if (candidate && file.getParent().equals(MetricsFiles.directoryOf(r)) && !out.contains(r.id())) {
                Optional<Path> its = MetricsFiles.of(r, () -> index.logFile(r.id()));
                if (its.isPresent() && its.get().equals(file)) {
                    out.add(r.id());
                }
            }
        }
        return List.copyOf(out);
    }

    private static boolean isMetricsName(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(MetricsFiles.SUFFIX) && !name.startsWith(".");
    }

    private static List<Path> metricsFiles(Path dir) {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*" + MetricsFiles.SUFFIX)) {
            for (Path p : stream) {
                if (isMetricsName(p)) {
                    out.add(p);
                }
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "cannot list metrics directory " + dir + ": " + e);
        }
        return out;
    }

    @Override
    public void close() {
        closed = true;
        runs.close();
        timer.shutdownNow();
        synchronized (this) {
            watch.close();
        }
    }
}
