package org.labwatch.index;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.labwatch.api.ExperimentStatus;
import org.labwatch.api.MonitoringLayout;
import org.labwatch.api.Names;
import org.labwatch.internal.config.Configs;
import org.labwatch.spi.ExperimentIndex;
import org.labwatch.spi.ExperimentPage;
import org.labwatch.spi.ExperimentQuery;
import org.labwatch.spi.ExperimentSummary;
import org.labwatch.spi.IndexProgress;
import org.labwatch.spi.LogSource;
import org.labwatch.spi.ShippingProgress;
import org.labwatch.spi.Staleness;
import org.labwatch.spi.StatusEvent;
import org.labwatch.spi.StatusListener;
import org.labwatch.spi.StatusReading;
import org.labwatch.spi.StatusStore;
import org.labwatch.spi.Subscription;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The experiments of the directories in {@code org.labwatch.index}, over whatever {@link StatusStore}
 * is bound: the data directory's {@code monitoring/status} and any extra status directories. A
 * status directory's logs and plots are its siblings ({@code ../logs}, {@code ../plots}), as the seed
 * lays them out, plus any extra log and plot directories configured for writers that put them elsewhere.
 *
 * <p>The list is a snapshot kept current by the store's watch, so a {@code GET /api/experiments} with
 * 10,000 runs costs a copy, not a listing. The watch starts on the index's own thread: a server with
 * 100,000 runs answers (and says it is indexing) while the list fills in.
 */
@Designate(ocd = IndexConfig.class)
@Component(name = IndexConfig.PID, service = ExperimentIndex.class, configurationPid = IndexConfig.PID)
public final class StatusIndex implements ExperimentIndex, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(StatusIndex.class.getName());
    static final long REMOTE_SCAN_MS = 1000;

    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "labwatch-index");
        t.setDaemon(true);
        return t;
    });
    private final boolean startInBackground;
    private volatile StatusStore store;
    private volatile LogSource logSource;
    private volatile ShippingProgress shippingProgress;
    private volatile Directories dirs;
    private volatile Summaries summaries;
    private volatile long relistSeconds;
    private volatile WatchedExperiments watched;
    /** The last complete view, shown while {@link #watched} reads every file after a store or directory change. */
    private volatile WatchedExperiments replaced;
    /** Runs shipped from other machines; replaced when the remote directory's setting changes. */
    private volatile RemoteRuns remote;

    private ScheduledFuture<?> remoteScans;

    private final ExperimentList lists = new ExperimentList();
    private final Set<StatusListener> listeners = new CopyOnWriteArraySet<>();
    /** Held while the snapshot changes and its event goes out, and while a new listener gets the snapshot. */
    private final Object fanOut = new Object();

    @Activate
    public StatusIndex(IndexConfig config) {
        this(config, true);
    }

    private StatusIndex(IndexConfig config, boolean startInBackground) {
        this.startInBackground = startInBackground;
        apply(config);
    }

    /**
     * An index outside a container (a tool, a test) over one data directory (its {@code monitoring/status})
     * and extra status directories. It watches as in a container, and its list is also read anew at
     * each {@link #experiments()} call, so what the caller has just written is there. Close it when done.
     */
    public static StatusIndex of(StatusStore store, Path dataDir, List<Path> extraStatusDirs) {
        StringBuilder extra = new StringBuilder();
        for (Path p : extraStatusDirs) {
            extra.append(extra.length() == 0 ? "" : ",").append(p.toAbsolutePath());
        }
        return of(
                store,
                java.util.Map.of("dataDir", dataDir.toAbsolutePath().toString(), "statusDirs", extra.toString()));
    }

    /** As {@link #of(StatusStore, Path, List)}, with any {@code org.labwatch.index} settings by name. */
    public static StatusIndex of(StatusStore store, java.util.Map<String, ?> settings) {
        StatusIndex index = new StatusIndex(Configs.of(IndexConfig.class, settings), false);
        index.bindStore(store);
        return index;
    }

    @Reference(
            name = "store",
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY,
            unbind = "unbindStore")
    public synchronized void bindStore(StatusStore s) {
        store = s;
        rewatch();
    }

    /** Finds runs' logs; without one, {@link #logFile} finds none. */
    @Reference(
            name = "logSource",
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY,
            unbind = "unbindLogSource")
    public void bindLogSource(LogSource source) {
        logSource = source;
    }

    public void unbindLogSource(LogSource source) {
        if (logSource == source) {
            logSource = null;
        }
    }

    public synchronized void unbindStore(StatusStore s) {
        if (store == s) {
            store = null;
            rewatch();
        }
    }

    @Modified
    synchronized void modified(IndexConfig config) {
        List<Path> before = dirs.status();
        long relistBefore = relistSeconds;
        RemoteRuns remoteBefore = remote;
        apply(config);
        if (!before.equals(dirs.status()) || relistBefore != relistSeconds || remote != remoteBefore) {
            rewatch();
        }
    }

    private void apply(IndexConfig config) {
        dirs = Directories.of(config);
        if (remote == null || !remote.directory().equals(dirs.remote())) {
            if (remote != null) {
                remote.close();
            }
            remote = new RemoteRuns(dirs.remote(), fanOut, this::tell, thread, Math.max(1, config.relistSeconds()));
        }
        summaries = new Summaries(
                new Staleness(
                        Duration.ofSeconds(Math.max(1, config.staleAfterSeconds())),
                        Duration.ofSeconds(Math.max(1, config.staleWithoutHeartbeatAfterSeconds()))),
                this::shippedOf);
        relistSeconds = Math.max(1, config.relistSeconds());
    }

    @Deactivate
    @Override
    public synchronized void close() {
        store = null;
        if (watched != null) {
            watched.close();
            watched = null;
        }
        remote.close();
        thread.shutdownNow();
    }

    /**
     * A new store or new directories get a new watch, whose first pass reports every file as ADDED:
     * listeners take one they know as changed or unchanged, so a store restarted or replaced under
     * open dashboards costs them nothing. What the old view had and the new one lacks is told as
     * REMOVED once the new view is complete. While no store is bound the last view stays, unwatched:
     * the files are still there, and a store bundle's restart takes seconds.
     */
    private void rewatch() {
        WatchedExperiments old = watched;
        StatusStore s = store;
        if (old != null) {
            old.close();
        }
        RemoteRuns r = remote;
        if (remoteScans != null) {
            remoteScans.cancel(false);
            remoteScans = null;
        }
        if (startInBackground) {
            thread.execute(() -> r.use(s));
        } else {
            r.use(s);
        }
        if (s == null) {
            return;
        }
        // Readers keep the last complete view until the new watch has read every file: a store
        // swapped under a server with 100,000 runs must not make the list shrink and fill in again.
        if (old != null && (old.complete() || replaced == null)) {
            replaced = old;
        }
        WatchedExperiments before = replaced;
        WatchedExperiments next = new WatchedExperiments(
                s,
                dirs.status(),
                fanOut,
                this::tell,
                thread,
                relistSeconds,
                before == null ? null : () -> toldRemovedSince(before),
                null);
        watched = next;
        if (startInBackground) {
            thread.execute(next::start);
            // A source's first run of an experiment directory makes a new root: found within a second.
            remoteScans = thread.scheduleWithFixedDelay(r::rescan, 0, REMOTE_SCAN_MS, TimeUnit.MILLISECONDS);
        } else {
            next.start();
        }
    }

    private void toldRemovedSince(WatchedExperiments old) {
        WatchedExperiments now = watched;
        if (now == null) {
            return;
        }
        synchronized (fanOut) {
            if (replaced == old) {
                replaced = null;
            }
            Set<Path> present = new HashSet<>();
            now.experiments().forEach(r -> present.add(r.file()));
            for (StatusReading r : old.experiments()) {
                if (!present.contains(r.file())) {
                    tell(new StatusEvent(StatusEvent.Kind.REMOVED, r));
                }
            }
        }
    }

    @Override
    public Subscription watch(StatusListener listener) {
        synchronized (fanOut) {
            WatchedExperiments w = watched;
            if (w != null) {
                for (StatusReading r : w.experiments()) {
                    listener.statusChanged(new StatusEvent(StatusEvent.Kind.ADDED, r));
                }
            }
            for (StatusReading r : remote.experiments()) {
                listener.statusChanged(new StatusEvent(StatusEvent.Kind.ADDED, r));
            }
            listeners.add(listener);
        }
        return () -> listeners.remove(listener);
    }

    private void tell(StatusEvent event) {
        for (StatusListener l : listeners) {
            try {
                l.statusChanged(event);
            } catch (RuntimeException e) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        "a status listener failed on " + event.kind() + " of "
                                + event.reading().file(),
                        e);
            }
        }
    }

    @Override
    public List<StatusReading> experiments() {
        WatchedExperiments w = watched;
        if (w == null) {
            return List.of();
        }
        RemoteRuns r = remote;
        if (!startInBackground) {
            w.relist();
            r.relistNow();
        }
        WatchedExperiments before = replaced;
        List<StatusReading> local = before != null && !w.complete() ? before.experiments() : w.experiments();
        return merged(local, r.experiments());
    }

    private final MergedReadings merged = new MergedReadings();

    private List<StatusReading> merged(List<StatusReading> local, List<StatusReading> remoteRuns) {
        return remoteRuns.isEmpty() ? local : merged.of(List.of(local, remoteRuns));
    }

    @Override
    public IndexProgress progress() {
        WatchedExperiments w = watched;
        RemoteRuns r = remote;
        return w == null
                ? new IndexProgress(false, 0)
                : new IndexProgress(w.complete() && r.complete(), w.size() + r.size());
    }

    @Override
    public Staleness staleness() {
        return summaries.staleness();
    }

    @Override
    public ExperimentSummary summary(StatusReading reading, Instant now) {
        return summaries.of(reading, now);
    }

    @Override
    public ExperimentPage list(ExperimentQuery query, Instant now) {
        List<StatusReading> all = experiments();
        Summaries s = summaries;
        s.forgetOthers(all);
        return lists.page(all, dirs.status(), query, s, now);
    }

    @Override
    public Optional<StatusReading> experiment(String id) {
        StatusStore s = store;
        if (s == null || Names.lookupProblem(id) != null) {
            return Optional.empty();
        }
        Map.Entry<RemoteRoot, String> shipped = id.indexOf('@') > 0 ? remote.find(id) : null;
        if (shipped != null) {
            Path file = shipped.getKey().statusDir().resolve(shipped.getValue() + MonitoringLayout.STATUS_SUFFIX);
            StatusReading r = shipped.getValue().equals(MonitoringLayout.experimentIdOf(file)) ? stored(s, file) : null;
            if (r != null) {
                return Optional.of(shipped.getKey().named(r));
            }
        }
        // Straight to <dir>/<id>_status.json instead of listing every directory: with thousands of
        // runs a listing costs a stat per run, and the log follower and every detail request ask here.
        // The same id in two directories resolves as experiments() sorts them: smallest path first.
        StatusReading found = null;
        for (Path dir : dirs.status()) {
            Path file = dir.resolve(id + MonitoringLayout.STATUS_SUFFIX);
            if (id.equals(MonitoringLayout.experimentIdOf(file))
                    && (found == null || file.toString().compareTo(found.file().toString()) < 0)) {
                StatusReading r = stored(s, file);
                if (r != null) {
                    found = r;
                }
            }
        }
        return Optional.ofNullable(found);
    }

    /**
     * The store's reading of a status file that is there, else null, asked of the store alone (its
     * files need not be on this disk). An unreadable reading is a file's when the index's view holds
     * the file or the store has bytes of it; otherwise there is no such file.
     */
    private StatusReading stored(StatusStore s, Path file) {
        StatusReading r = s.read(file);
        if (r.readable() || knows(file)) {
            return r;
        }
        try {
            s.readBytes(file);
            return r;
        } catch (IOException e) {
            return null;
        }
    }

    private boolean knows(Path file) {
        WatchedExperiments w = watched;
        WatchedExperiments before = replaced;
        return (w != null && w.has(file)) || (before != null && before.has(file)) || remote.knows(file);
    }

    @Override
    public Optional<Path> logFile(String id) {
        LogSource logs = logSource;
        Optional<StatusReading> found = experiment(id);
        if (logs == null || found.isEmpty()) {
            return Optional.empty();
        }
        StatusReading r = found.get();
        ExperimentStatus s = r.status();
        return logs.find(
                siblingsThenExtra(r.file(), "logs", extraFor(r, dirs.logs())),
                s != null ? s.experimentName() : r.id(),
                s != null ? s.logFile() : null);
    }

    @Override
    public List<Path> plotDirectories(String id) {
        return experiment(id)
                .map(r -> siblingsThenExtra(r.file(), "plots", extraFor(r, dirs.plots())))
                .orElse(List.of());
    }

    @Override
    public List<Path> statusDirectories() {
        return dirs.status();
    }

    @Override
    public List<Path> logDirectories() {
        return withShipped(dirs.allLogs(), "logs");
    }

    @Override
    public List<Path> metricsDirectories() {
        return withShipped(dirs.siblings("metrics"), "metrics");
    }

    private List<Path> withShipped(List<Path> local, String kind) {
        List<Path> shipped = remote.directories(kind);
        if (shipped.isEmpty()) {
            return local;
        }
        List<Path> all = new ArrayList<>(local);
        all.addAll(shipped);
        return all;
    }

    /** Tells how far behind a shipping source is, so that a run catching up is not called stale. */
    @Reference(
            name = "shippingProgress",
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY,
            unbind = "unbindShippingProgress")
    public void bindShippingProgress(ShippingProgress progress) {
        shippingProgress = progress;
    }

    public void unbindShippingProgress(ShippingProgress progress) {
        if (shippingProgress == progress) {
            shippingProgress = null;
        }
    }

    private SummaryOf.Shipped shippedOf(StatusReading r) {
        RemoteRuns runs = remote;
        RemoteRoot root = runs == null ? null : runs.rootOf(r.file().toAbsolutePath());
        if (root == null) {
            return null;
        }
        ShippingProgress progress = shippingProgress;
        OptionalLong behind = progress == null ? OptionalLong.empty() : progress.behind(r.file());
        return new SummaryOf.Shipped(root.source(), behind.isPresent() ? behind.getAsLong() : null);
    }

    @Override
    public Optional<Path> remoteRunsDirectory() {
        return Optional.of(dirs.remote());
    }

    /** A shipped run's logs and plots are its root's own: the extra local directories hold other runs. */
    private List<Path> extraFor(StatusReading r, List<Path> extra) {
        return remote.rootOf(r.file().toAbsolutePath()) != null ? List.of() : extra;
    }

    private static List<Path> siblingsThenExtra(Path statusFile, String kind, List<Path> extra) {
        Set<Path> out = new LinkedHashSet<>();
        Path statusDir = statusFile.toAbsolutePath().getParent();
        if (statusDir != null && statusDir.getParent() != null) {
            out.add(statusDir.getParent().resolve(kind));
        }
        out.addAll(extra);
        return new ArrayList<>(out);
    }
}
