package org.labwatch.metrics;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.labwatch.api.ExperimentStatus;
import org.labwatch.api.MonitoringLayout;
import org.labwatch.spi.ExperimentIndex;
import org.labwatch.spi.LogFileListener;
import org.labwatch.spi.LogSource;
import org.labwatch.spi.MetricListener;
import org.labwatch.spi.StatusEvent;
import org.labwatch.spi.StatusReading;
import org.labwatch.spi.StoredFile;
import org.labwatch.spi.Subscription;

/**
 * Follows the metrics files of the index's runs ({@link ExperimentIndex#metricsDirectories()}:
 * local status directories' and shipped roots') through the {@link LogSource}'s watch of those
 * directories, and tells which run's which metrics got values. The new lines of a grown file are
 * read from where the last look ended, for their names only; nothing is kept in memory but an
 * offset per file.
 *
 * <p>What is there when the watch starts is history, not news, and so is a file first seen in a
 * directory that turns up later (the index lists shipped roots as it finds them) unless it was
 * written since the watch started. The directories are asked of the index again every
 * {@link #RECHECK_MS} and soon after a run comes or goes; new ones make a new watch of the source.
 * A new source (a store swapped in) is a new start too: what it holds is history, but a file
 * followed before that is longer there now is read on from where it was.
 *
 * <p>Each (re)start lists the directories through the source before it watches them and once more
 * after: the first listing says what is history, the second catches what grew or appeared while the
 * watch was starting, so no line written meanwhile is missed or told twice.
 *
 * <p>A file can grow before the index knows its run: the run's status file was written after its
 * first metrics, or in a status directory the index has not found yet (it looks for new ones every
 * few seconds). What such a file gained is kept, by name, and told once a run that owns the file
 * comes: read past and told to nobody, it would be missing from the open charts until the file
 * grew again, for good when that was the run's last value.
 */
final class MetricsWatch implements Subscription {

    static final long RECHECK_MS = 2000;

    private static final long TIME_SLACK_MS = 3000;

    /** At most this many files' growth waits for its run; the oldest is forgotten first. */
    static final int MAX_UNOWNED = 1000;

    private static final System.Logger LOG = System.getLogger(MetricsWatch.class.getName());

    /**
     * Where a file was read to. {@code atLineStart} is false for a length noted without reading
     * (history), which may end inside a line still being written.
     */
    private record Followed(long offset, boolean atLineStart) {}

    /** One watch of the source over one list of directories; its reports count while it is the current one. */
    private final class Following implements LogFileListener {
        final LogSource source;
        final List<Path> dirs;
        Subscription subscription;

        Following(LogSource source, List<Path> dirs) {
            this.source = source;
            this.dirs = dirs;
        }

        /** What the source held when it started watching: the listings before and after say it. */
        @Override
        public void existing(Path file) {}

        @Override
        public void changed(Path file) {
            MetricsWatch.this.changed(this, file);
        }
    }

    private final ExperimentIndex index;
    private final MetricListener listener;
    private final Consumer<MetricsWatch> onClose;
    private final long startedMillis = System.currentTimeMillis();
    private final Map<Path, Followed> followed = new LinkedHashMap<>();
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
    /** Under this lock. */
    private Following current;
    /** The source's watch could not be made, and the log said so; only on the thread that starts watches. */
    private boolean watchTroubleTold;

    private volatile boolean closed;

    /**
     * @param source the log source to read through; null until one is bound ({@link #follow})
     * @param onClose told when the watch is closed
     */
    MetricsWatch(ExperimentIndex index, LogSource source, MetricListener listener, Consumer<MetricsWatch> onClose) {
        this.index = index;
        this.listener = listener;
        this.onClose = onClose;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "labwatch-metrics-dirs");
            t.setDaemon(true);
            return t;
        });
        // Here, not on the timer: a line written right after the constructor returns is news.
        start(source, index.metricsDirectories(), true);
        timer.scheduleWithFixedDelay(this::recheck, RECHECK_MS, RECHECK_MS, TimeUnit.MILLISECONDS);
        this.runs = index.watch(event -> {
            if (event.kind() != StatusEvent.Kind.CHANGED) {
                owners.clear();
                runsChanged.set(true);
                recheckSoon();
            }
        });
    }

    /** Follows the files through {@code source} (null: none) from now on; on the watch's own thread, soon. */
    void follow(LogSource source) {
        try {
            timer.execute(() -> {
                try {
                    start(source, index.metricsDirectories(), true);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "metrics watch: following a new log source: " + e, e);
                }
            });
        } catch (RejectedExecutionException e) {
            // closed meanwhile
        }
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
            LogSource source;
            synchronized (this) {
                // Again also when the source's watch could not be made (it threw): a store that was away.
                boolean watching = current == null || current.source == null || current.subscription != null;
                if (closed || current == null || (now.equals(current.dirs) && watching)) {
                    return;
                }
                source = current.source;
            }
            start(source, now, false);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "metrics watch: " + e, e);
        }
    }

    /**
     * Watches {@code dirs} through {@code source} instead of what was watched before; on the
     * constructor's thread or the timer's, one at a time.
     *
     * @param fresh a new start (the first, or another source): every file there now is history
     */
    private void start(LogSource source, List<Path> dirs, boolean fresh) {
        Following next = new Following(source, List.copyOf(dirs));
        Map<Path, List<StoredFile>> before = source == null ? Map.of() : list(source, dirs);
        Following old;
        synchronized (this) {
            if (closed) {
                return;
            }
            old = current;
            current = next;
            for (Map.Entry<Path, List<StoredFile>> e : before.entrySet()) {
                if (listed.add(e.getKey()) || fresh) {
                    noteHistory(e.getValue(), fresh);
                }
            }
        }
        // Closed before the next one reports: between the two, growth is found by the second listing.
        if (old != null && old.subscription != null) {
            old.subscription.close();
        }
        if (source == null) {
            return;
        }
        Subscription subscription;
        try {
            subscription = source.watch(next.dirs, next);
        } catch (RuntimeException e) {
            if (!watchTroubleTold) {
                watchTroubleTold = true;
                LOG.log(
                        System.Logger.Level.WARNING,
                        "metrics watch: the log source cannot follow the metrics directories (" + e
                                + "); trying again every " + RECHECK_MS + " ms",
                        e);
            }
            return;
        }
        if (watchTroubleTold) {
            watchTroubleTold = false;
            LOG.log(System.Logger.Level.INFO, "metrics watch: following the metrics directories again");
        }
        synchronized (this) {
            if (closed || current != next) {
                subscription.close();
                return;
            }
            next.subscription = subscription;
        }
        Map<Path, List<StoredFile>> after = list(source, dirs);
        synchronized (this) {
            if (closed || current != next) {
                return;
            }
            for (Map.Entry<Path, List<StoredFile>> e : after.entrySet()) {
                if (listed.add(e.getKey())) { // not listed before: its first listing failed
                    noteHistory(e.getValue(), fresh);
                }
            }
            forgetGone(next.dirs, after);
            for (List<StoredFile> files : after.values()) {
                for (StoredFile f : files) {
                    look(source, f.path(), f.length());
                }
            }
        }
    }

    /**
     * Whether the directory has been listed, listing it now if not (its listings failed when the
     * watch started: a store that was away), so that its old files are history here too.
     */
    private boolean listedNow(LogSource source, Path dir) {
        if (listed.contains(dir)) {
            return true;
        }
        Map<Path, List<StoredFile>> listing = list(source, List.of(dir));
        if (listing.isEmpty()) {
            return false; // still cannot: the next report asks again
        }
        listed.add(dir);
        noteHistory(listing.get(dir), false);
        return true;
    }

    /** Files not followed yet are history when all is new ({@code fresh}) or when written before the watch started. */
    private void noteHistory(List<StoredFile> files, boolean fresh) {
        for (StoredFile f : files) {
            // File times come from a coarser clock than currentTimeMillis (and FAT's are 2 s): a file
            // written just after the start may look older. Told once too often rather than never.
            if (!followed.containsKey(f.path())
                    && (fresh || f.modified().toEpochMilli() < startedMillis - TIME_SLACK_MS)) {
                followed.put(f.path(), new Followed(f.length(), false));
            }
        }
    }

    /** Forgets files no longer watched, or not in their directory's listing. */
    private void forgetGone(List<Path> dirs, Map<Path, List<StoredFile>> listing) {
        Set<Path> present = new HashSet<>();
        for (List<StoredFile> files : listing.values()) {
            for (StoredFile f : files) {
                present.add(f.path());
            }
        }
        for (Iterator<Path> it = followed.keySet().iterator(); it.hasNext(); ) {
            Path file = it.next();
            Path dir = file.getParent();
            if (!dirs.contains(dir) || (listing.containsKey(dir) && !present.contains(file))) {
                it.remove();
                unowned.remove(file);
            }
        }
    }

    private void changed(Following from, Path file) {
        if (!MetricsFiles.isMetricsName(file)) {
            return; // the source follows every file of these directories
        }
        synchronized (this) {
            Path dir = file.getParent();
            if (closed || from != current || !from.dirs.contains(dir) || !listedNow(from.source, dir)) {
                return;
            }
            long length;
            try {
                length = from.source.length(file);
            } catch (NoSuchFileException e) {
                followed.remove(file);
                unowned.remove(file);
                return;
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "cannot tell the length of " + file + ": " + e);
                return;
            }
            look(from.source, file, length);
        }
    }

    /** Reads what the file gained since the last look, up to {@code length}, and tells its runs. */
    private void look(LogSource source, Path file, long length) {
        Followed before = followed.get(file);
        if (before != null && before.offset() == length) {
            return;
        }
        boolean fromStart = before == null || length < before.offset();
        long from = fromStart ? 0 : before.offset();
        boolean atLineStart = fromStart || before.atLineStart();
        Set<String> names = new TreeSet<>();
        LineParser parser = new LineParser((name, step, time, value) -> names.add(name));
        long to;
        try {
            to = LineReader.read(source, file, from, length, atLineStart, parser);
            if (to == LineReader.REPLACED) {
                names.clear();
                from = 0;
                atLineStart = true;
                to = LineReader.read(source, file, 0, length, true, parser);
            }
        } catch (NoSuchFileException e) {
            followed.remove(file);
            unowned.remove(file);
            return;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "cannot read new lines of " + file + ": " + e);
            return;
        }
        followed.put(file, new Followed(to, atLineStart || to != from));
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
                if (MetricsFiles.pathOf(r, () -> index.logFile(r.id()))
                        .filter(file::equals)
                        .isPresent()) {
                    out.add(r.id());
                }
            }
        }
        return List.copyOf(out);
    }

    /** The metrics files of the directories the source could list, by directory. */
    private static Map<Path, List<StoredFile>> list(LogSource source, List<Path> dirs) {
        Map<Path, List<StoredFile>> out = new LinkedHashMap<>();
        for (Path dir : dirs) {
            try {
                List<StoredFile> files = new ArrayList<>();
                for (StoredFile f : source.files(dir)) {
                    if (MetricsFiles.isMetricsName(f.path())) {
                        files.add(f);
                    }
                }
                out.put(dir, files);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "cannot list metrics directory " + dir + ": " + e);
            }
        }
        return out;
    }

    @Override
    public void close() {
        closed = true;
        runs.close();
        timer.shutdownNow();
        Following last;
        synchronized (this) {
            last = current;
            current = null;
        }
        if (last != null && last.subscription != null) {
            last.subscription.close();
        }
        onClose.accept(this);
    }
}
