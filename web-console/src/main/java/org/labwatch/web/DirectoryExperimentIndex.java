package org.labwatch.web;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.labwatch.api.ExperimentStatus;
import org.labwatch.api.MonitoringLayout;
import org.labwatch.spi.ExperimentIndex;
import org.labwatch.spi.StatusEvent;
import org.labwatch.spi.StatusListener;
import org.labwatch.spi.StatusReading;
import org.labwatch.spi.StatusStore;
import org.labwatch.spi.Subscription;
import java.util.concurrent.CopyOnWriteArraySet;
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
 * The experiments of the directories in {@code org.labwatch.web}: the data directory's
 * {@code monitoring/status} and any extra status directories. A status directory's logs and plots
 * are its siblings ({@code ../logs}, {@code ../plots}), as the seed lays them out, plus any extra
 * log and plot directories configured for writers that put them elsewhere.
 */
@Designate(ocd = WebConfig.class)
@Component(name = "org.labwatch.web.index", service = ExperimentIndex.class, configurationPid = WebConfig.PID)
public final class DirectoryExperimentIndex implements ExperimentIndex {

    private volatile StatusStore store;
    private volatile Directories dirs;
    /** In a container the list comes from a watched snapshot; outside one (tests, tools) from listing. */
    private final boolean watching;
    private volatile WatchedExperiments watched;
    /** Others in this bundle that take the watch's events (the event hub) instead of watching again. */
    private final Set<StatusListener> listeners = new CopyOnWriteArraySet<>();
    private final Object fanOut = new Object();

    @Activate
    public DirectoryExperimentIndex(WebConfig config) {
        this.watching = true;
        modified(config);
    }

    private DirectoryExperimentIndex(Directories dirs, StatusStore store) {
        this.watching = false;
        this.dirs = dirs;
        this.store = store;
    }

    @Reference(name = "store", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unbindStore")
    synchronized void bindStore(StatusStore s) {
        store = s;
        rewatch();
    }

    synchronized void unbindStore(StatusStore s) {
        if (store == s) {
            store = null;
            rewatch();
        }
    }

    @Deactivate
    synchronized void deactivate() {
        store = null;
        if (watched != null) {
            watched.close();
            watched = null;
        }
    }

    /**
     * A new store or new directories get a new watch, whose first pass reports every file as ADDED:
     * listeners take one they know as changed or unchanged, so a store restarted or replaced under
     * open dashboards costs them nothing. What the old view had and the new one lacks is told as
     * REMOVED. While no store is bound the last view stays, unwatched: the files are still there,
     * and a store bundle's restart takes seconds.
     */
    private void rewatch() {
        if (!watching) {
            return;
        }
        WatchedExperiments old = watched;
        StatusStore s = store;
        if (s == null) {
            if (old != null) {
                old.close();
            }
            return;
        }
        WatchedExperiments next = new WatchedExperiments(s, dirs.status(), fanOut, this::tell);
        watched = next;
        if (old != null) {
            old.close();
            synchronized (fanOut) {
                Set<Path> now = new HashSet<>();
                next.experiments().forEach(r -> now.add(r.file()));
                for (StatusReading r : old.experiments()) {
                    if (!now.contains(r.file())) {
                        tell(new StatusEvent(StatusEvent.Kind.REMOVED, r));
                    }
                }
            }
        }
    }

    /**
     * The events of this index's watch, beginning with {@code ADDED} for every experiment known
     * now: one directory watch serves the list and the event hub (each rescan of 10,000 files costs
     * a few percent of a core). Null outside a container, where the index does not watch.
     */
    Subscription watch(StatusListener listener) {
        if (!watching) {
            return null;
        }
        synchronized (fanOut) {
            WatchedExperiments w = watched;
            if (w != null) {
                for (StatusReading r : w.experiments()) {
                    listener.statusChanged(new StatusEvent(StatusEvent.Kind.ADDED, r));
                }
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
                System.getLogger(DirectoryExperimentIndex.class.getName()).log(System.Logger.Level.WARNING,
                        "a status listener failed on " + event.kind() + " of " + event.reading().file(), e);
            }
        }
    }

    /** An index outside a container: one data directory (its {@code monitoring/status}) and extra status directories. */
    public static ExperimentIndex of(StatusStore store, Path dataDir, List<Path> extraStatusDirs) {
        List<Path> status = new ArrayList<>();
        status.add(dataDir.toAbsolutePath().normalize().resolve("monitoring").resolve("status"));
        extraStatusDirs.forEach(p -> status.add(p.toAbsolutePath().normalize()));
        return new DirectoryExperimentIndex(new Directories(List.copyOf(status), List.of(), List.of()), store);
    }

    @Modified
    synchronized void modified(WebConfig config) {
        Directories before = dirs;
        dirs = Directories.of(config);
        if (before != null && !before.status().equals(dirs.status())) {
            rewatch();
        }
    }

    @Override
    public List<StatusReading> experiments() {
        StatusStore s = store;
        WatchedExperiments w = watched;
        if (w != null && w.directories().equals(dirs.status())) {
            return w.experiments();
        }
        return s == null ? List.of() : s.list(dirs.status());
    }

    @Override
    public Optional<StatusReading> experiment(String id) {
        StatusStore s = store;
        if (s == null || id == null || id.isEmpty() || id.startsWith(".") || id.indexOf('/') >= 0
                || id.indexOf('\\') >= 0 || id.indexOf('\0') >= 0) {
            return Optional.empty();
        }
        // Straight to <dir>/<id>_status.json instead of listing every directory: with thousands of
        // runs a listing costs a stat per run, and the log follower and every detail request ask here.
        // The same id in two directories resolves as experiments() sorts them: smallest path first.
        StatusReading found = null;
        for (Path dir : dirs.status()) {
            Path file = dir.resolve(id + MonitoringLayout.STATUS_SUFFIX);
            if (Files.isRegularFile(file) && id.equals(MonitoringLayout.experimentIdOf(file))
                    && (found == null || file.toString().compareTo(found.file().toString()) < 0)) {
                found = s.read(file);
            }
        }
        return Optional.ofNullable(found);
    }

    @Override
    public Optional<Path> logFile(String id) {
        Optional<StatusReading> found = experiment(id);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        StatusReading r = found.get();
        List<Path> logDirs = siblingsThenExtra(r.file(), "logs", dirs.logs());
        ExperimentStatus s = r.status();
        if (s != null && s.logFile() != null && !s.logFile().contains("/") && !s.logFile().contains("\\")) {
            for (Path dir : logDirs) {
                Path candidate = dir.resolve(s.logFile());
                if (Files.isRegularFile(candidate) && staysInside(dir, candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        // Seed-written runs name no log file: take the newest <experiment_name>_*.log.
        String prefix = (s != null ? s.experimentName() : r.id()) + "_";
        Path newest = null;
        long newestTime = Long.MIN_VALUE;
        for (Path dir : logDirs) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*.log")) {
                for (Path p : stream) {
                    String name = p.getFileName().toString();
                    if (name.startsWith(prefix) && name.length() == prefix.length() + "YYYYmmdd_HHMMSS.log".length()
                            && staysInside(dir, p)) {
                        long t = Files.getLastModifiedTime(p).toMillis();
                        if (t > newestTime) {
                            newest = p;
                            newestTime = t;
                        }
                    }
                }
            } catch (IOException e) {
                System.getLogger(DirectoryExperimentIndex.class.getName()).log(System.Logger.Level.WARNING,
                        "cannot list log directory " + dir + ": " + e);
            }
        }
        return Optional.ofNullable(newest);
    }

    @Override
    public List<Path> plotDirectories(String id) {
        return experiment(id).map(r -> siblingsThenExtra(r.file(), "plots", dirs.plots())).orElse(List.of());
    }

    @Override
    public List<Path> statusDirectories() {
        return dirs.status();
    }

    /** A log is served raw: one reached through a link that leads out of its directory is not this run's. */
    private static boolean staysInside(Path dir, Path file) {
        try {
            return PlotFiles.inside(dir, file.getFileName().toString()) != null;
        } catch (IOException e) {
            return false;
        }
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
